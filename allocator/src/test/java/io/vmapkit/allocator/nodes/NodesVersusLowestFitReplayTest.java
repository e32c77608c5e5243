package io.vmapkit.allocator.nodes;

import static io.vmapkit.allocator.nodes.Nodes.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.allocator.FreeTreeAllocatorProvider;
import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One seeded random trace (allocations of 1–8 pages over the whole range or a window, on 4 CPUs in
 * turn; frees; explicit purges; threshold purges every 64 lazy pages) replayed on {@code vmap-nodes}
 * (4 nodes, the 6.9 preset's search and decay) and on {@code free-tree} {@code lowest-fit}, side by
 * side. Each allocation whose placement differs is traced to the rule that made it differ
 * (docs/fidelity.md §18, "Where vmap-nodes and lowest-fit part"):
 * <ul>
 *   <li>{@code POOL}: {@code node_alloc} → {@code node_pool_del_va} (v6.9) served it from the head
 *       of its CPU node's pool of exactly its size, the highest-addressed area of that size the
 *       last purge returned to that node ({@code node_pool_add_va}'s {@code list_add} over the
 *       address-ordered purge list), without searching the free tree;</li>
 *   <li>{@code WITHHELD}: {@code purge_vmap_node} (v6.9) put the lowest fit's range in a pool, so
 *       the free tree, which {@code vmap-nodes} searched, does not have it;</li>
 *   <li>{@code DIVERGED}: neither; both searched free space that earlier differences had already
 *       made different.</li>
 * </ul>
 * The test asserts that placements agree until the first purge that pools something (with empty
 * pools the allocators are the same lowest fit), that the first difference has a pool cause and
 * lies above the lowest fit, that both pool causes occur, and that a {@code DIVERGED} difference
 * happens only when the two layouts (busy, lazy and free ranges) already differed before it.
 */
class NodesVersusLowestFitReplayTest {

    /** Fixed, so the documented table stays reproducible; printed with the result. */
    static final long SEED = 18L;
    static final int OPS = 4_000;
    static final long PAGES = 2_048;

    enum Cause { POOL, WITHHELD, DIVERGED }

    record Difference(int op, int cpu, long pages, long nodesStart, long lowestStart, Cause cause) {
        @Override
        public String toString() {
            return String.format("| %d | %d | %d | %s | %s | %s |", op, cpu, pages, Addresses.hex(nodesStart),
                    Addresses.hex(lowestStart), cause);
        }
    }

    @Test
    void aRandomTraceOnVmapNodesAndLowestFitPartOnlyWhereThe69PoolRulesSay() {
        Nodes cpus = new Nodes();
        AllocatorConfig config = Nodes.config(PAGES).lazyMaxPages(64).freeTreeSearch(FreeTreeSearch.KERNEL_6_X).build();
        NodesAllocator nodes = cpus.create(config, 4, PoolDecay.V6_9);
        VmapAllocator lowest = new FreeTreeAllocatorProvider().create(
                Nodes.config(PAGES).lazyMaxPages(64).freeTreeSearch(FreeTreeSearch.LOWEST_FIT).build());
        SplittableRandom rnd = new SplittableRandom(SEED);
        List<VmapArea[]> held = new ArrayList<>();
        List<Difference> differences = new ArrayList<>();
        int firstPooledPurge = -1;
        int allocations = 0;
        for (int op = 0; op < OPS; op++) {
            int dice = rnd.nextInt(100);
            int cpu = rnd.nextInt(4);
            cpus.cpu.set(cpu);
            if (dice < 50 || held.isEmpty()) {
                long pages = 1 + rnd.nextInt(8);
                VmapRequest.Builder b = VmapRequest.builder(pages * PAGE).flags(AllocFlag.NO_WARN);
                if (rnd.nextInt(8) == 0) {
                    b.window(Nodes.page(256), Nodes.page(1024));
                }
                VmapRequest r = b.build();
                long searches = nodes.stats().searches();
                long[][] pools = pooledRanges(nodes);
                boolean sameLayout = nodes.snapshot().ranges().equals(lowest.snapshot().ranges());
                VmapArea n = tryAllocate(nodes, r);
                VmapArea l = tryAllocate(lowest, r);
                allocations++;
                if (n != null && l != null) {
                    held.add(new VmapArea[] {n, l});
                    if (n.start() != l.start()) {
                        Cause cause = nodes.stats().searches() == searches ? Cause.POOL
                                : inPool(pools, l.start()) ? Cause.WITHHELD : Cause.DIVERGED;
                        differences.add(new Difference(op, cpu, pages, n.start(), l.start(), cause));
                        if (cause == Cause.DIVERGED) {
                            assertThat(sameLayout).as("seed " + SEED + " op " + op
                                    + ": a difference with no pool cause comes only after the layouts differ").isFalse();
                        }
                    }
                } else if (n != null) {
                    nodes.free(n);
                } else if (l != null) {
                    lowest.free(l);
                }
            } else if (dice < 95) {
                VmapArea[] pair = held.remove(rnd.nextInt(held.size()));
                nodes.free(pair[0]);
                lowest.free(pair[1]);
            } else {
                nodes.purgeLazy();
                lowest.purgeLazy();
            }
            if (firstPooledPurge < 0 && pooledRanges(nodes).length > 0) {
                firstPooledPurge = op;
            }
        }
        System.out.println("vmap-nodes vs lowest-fit, seed " + SEED + ", " + OPS + " ops, " + allocations
                + " allocations: " + differences.size() + " differ; first pooled at op " + firstPooledPurge + "; "
                + count(differences, Cause.POOL) + " POOL, " + count(differences, Cause.WITHHELD) + " WITHHELD, "
                + count(differences, Cause.DIVERGED) + " DIVERGED");
        differences.stream().limit(12).forEach(System.out::println);

        String ctx = "seed " + SEED;
        assertThat(firstPooledPurge).as(ctx + ": some purge pools areas").isPositive();
        assertThat(differences).as(ctx + ": the placements part").isNotEmpty();
        Difference first = differences.get(0);
        assertThat(first.op()).as(ctx + ": no difference before the pools fill").isGreaterThan(firstPooledPurge);
        assertThat(first.cause()).as(ctx + ": the first difference has a pool cause " + first).isNotEqualTo(Cause.DIVERGED);
        assertThat(Long.compareUnsigned(first.nodesStart(), first.lowestStart()))
                .as(ctx + ": placed above the lowest fit, which the pools hold " + first).isPositive();
        assertThat(count(differences, Cause.POOL)).as(ctx).isPositive();
        assertThat(count(differences, Cause.WITHHELD)).as(ctx + ": some lowest fits sit in a pool").isPositive();
        nodes.checkInvariants();
    }

    private static long count(List<Difference> ds, Cause c) {
        return ds.stream().filter(d -> d.cause() == c).count();
    }

    private static VmapArea tryAllocate(VmapAllocator a, VmapRequest r) {
        try {
            return a.allocate(r);
        } catch (VmapAllocationException e) {
            return null;
        }
    }

    /** Every pooled range of every node, as {start, end}. */
    private static long[][] pooledRanges(NodesAllocator a) {
        List<long[]> out = new ArrayList<>();
        for (int node = 0; node < a.nrNodes(); node++) {
            for (int pages = 1; pages <= NodesAllocator.MAX_VA_SIZE_PAGES; pages++) {
                for (long s : a.poolStarts(node, pages)) {
                    out.add(new long[] {s, s + (long) pages * PAGE});
                }
            }
        }
        return out.toArray(new long[0][]);
    }

    private static boolean inPool(long[][] pools, long addr) {
        for (long[] p : pools) {
            if (Addresses.greaterOrEqual(addr, p[0]) && Addresses.lessThan(addr, p[1])) {
                return true;
            }
        }
        return false;
    }
}
