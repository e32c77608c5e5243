package io.vmapkit.bench.overflow;

import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.bench.Providers;
import io.vmapkit.bench.Workloads;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 6: the latency of one allocation that takes the whole successful overflow path of
 * docs/fidelity.md §5.2 — search fails → purge (nothing lazy) → search fails → purge-notifier round
 * (a {@link CachedMappingBlock} frees its cached area lazily and reports it) → search fails (the
 * area is only lazy) → purge releases it → search succeeds — against one allocation that succeeds
 * on its first search in the same filled space ({@code firstSearch}), side by side.
 *
 * <p>Single-shot (workloads D.3.4): each measurement is one allocation on a fresh allocator
 * prepared in {@link Level#Iteration} setup, over many iterations and forks; read the percentiles
 * as well as the mean. Setup on the x86_32 preset (120 MiB): allocate the cached area
 * ({@code cachedPages} + guard), then fill every free block with areas of up to
 * {@link #FILLER_RESERVED_PAGES} pages until no block can hold even a 1-page area, so the next
 * request of {@code cachedPages} can only be placed where the cached area was. The chain is a
 * {@link ChainKind#BLOCKING} chain from the notifier provider named {@code notifier}.
 *
 * <p>Each iteration's teardown checks the path that was really taken, from the allocator's
 * counters (see {@link VmapStats}): for {@code overflow} one notifier round, four searches, one
 * non-empty purge, one release by the block, and the area placed at the cached area's address; for
 * {@code firstSearch} one search and nothing else. A path that differs fails the run with the
 * numbers instead of reporting a time for something else.
 *
 * <p>The i915 variant (the i915 plugin's own block and object cache) comes with the i915 plugin.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar 'overflow.OverflowPathBenchmark'}
 * (the annotations already ask for 10 forks × 50 single shots, each fork after 30 warm-up shots).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 50)
@Fork(value = 10, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OverflowPathBenchmark {

    /** The largest filler area, guard included: 64 pages (≈480 fillers in 120 MiB). */
    public static final int FILLER_RESERVED_PAGES = 64;

    /** A fresh x86_32 allocator with a purge chain, filled around one cached area. */
    @State(Scope.Thread)
    public abstract static class Filled {
        /** The allocator's provider name. */
        @Param({"free-tree", "busy-list"})
        public String allocator;

        /** The notifier provider's name. */
        @Param({"default"})
        public String notifier;

        /** The size of the cached mapping and of the measured request, in pages (without guard). */
        @Param({"16"})
        public int cachedPages;

        VmapAllocator vmap;
        CachedMappingBlock block;
        VmapRequest request;
        VmapArea cachedArea;
        List<VmapArea> fillers;
        VmapStats before;
        VmapArea result;

        /** Builds and fills a fresh allocator for the next single shot. */
        @Setup(Level.Iteration)
        public void setUp() {
            NotifierChain<VmapPurgeEvent> chain = Providers.notifierProvider(notifier)
                    .newChain("vmap_notify_list", ChainKind.BLOCKING, Settings.empty(), NotifierContext.defaults());
            vmap = Providers.allocator(allocator, Workloads.config(AddressSpace.x86_32()).purgeChain(chain).build());
            block = new CachedMappingBlock(vmap);
            chain.register(block);
            request = TestVmalloc.pages(cachedPages);
            cachedArea = vmap.allocate(request);
            fillers = fillEveryBlock(vmap);
            prepare();
            result = null;
            before = vmap.stats();
        }

        /** The last step of setup, specific to the path measured. */
        abstract void prepare();

        /** Checks that the measured allocation took the intended path. */
        @TearDown(Level.Iteration)
        public void checkPath() {
            VmapStats after = vmap.stats();
            List<String> wrong = new ArrayList<>();
            expect(wrong, "allocations", after.allocations() - before.allocations(), 1);
            expect(wrong, "allocationFailures", after.allocationFailures() - before.allocationFailures(), 0);
            if (result == null || result.start() != cachedArea.start()) {
                wrong.add("area placed at " + (result == null ? "nothing" : Long.toHexString(result.start()))
                        + ", expected the cached area's " + Long.toHexString(cachedArea.start()));
            }
            checkPath(after, wrong);
            if (!wrong.isEmpty()) {
                throw new IllegalStateException(getClass().getSimpleName() + " on " + allocator
                        + " did not take the intended path: " + wrong + "; before " + before + ", after " + after);
            }
        }

        /** Path-specific expectations. */
        abstract void checkPath(VmapStats after, List<String> wrong);

        static void expect(List<String> wrong, String counter, long actual, long expected) {
            if (actual != expected) {
                wrong.add(counter + " changed by " + actual + ", expected " + expected);
            }
        }
    }

    /** The cached area is live and cached in the block: the allocation must go through the notifier. */
    @State(Scope.Thread)
    public static class Overflow extends Filled {
        @Override
        void prepare() {
            block.cache(cachedArea);
        }

        @Override
        void checkPath(VmapStats after, List<String> wrong) {
            expect(wrong, "notifierRounds", after.notifierRounds() - before.notifierRounds(), 1);
            expect(wrong, "searches", after.searches() - before.searches(), 4);
            expect(wrong, "purges (non-empty)", after.purges() - before.purges(), 1);
            expect(wrong, "block releases", block.releases(), 1);
        }
    }

    /** The cached area was freed and purged in setup: the allocation succeeds on its first search. */
    @State(Scope.Thread)
    public static class FirstSearch extends Filled {
        @Override
        void prepare() {
            vmap.free(cachedArea);
            vmap.purgeLazy();
        }

        @Override
        void checkPath(VmapStats after, List<String> wrong) {
            expect(wrong, "notifierRounds", after.notifierRounds() - before.notifierRounds(), 0);
            expect(wrong, "searches", after.searches() - before.searches(), 1);
            expect(wrong, "purges (non-empty)", after.purges() - before.purges(), 0);
            expect(wrong, "block calls", block.calls(), 0);
        }
    }

    /**
     * Fills every free block of {@code vmap} with areas of at most {@link #FILLER_RESERVED_PAGES}
     * pages (guard included) until the largest free block is below 2 pages, the smallest area.
     */
    static List<VmapArea> fillEveryBlock(VmapAllocator vmap) {
        long page = vmap.space().pageSize();
        List<VmapArea> fillers = new ArrayList<>();
        for (long largest = vmap.stats().largestFreeBlock(); largest >= 2 * page; largest = vmap.stats().largestFreeBlock()) {
            long reserved = Math.min(largest, FILLER_RESERVED_PAGES * page);
            fillers.add(vmap.allocate(VmapRequest.of(reserved - page)));
        }
        return fillers;
    }

    /** One allocation through purge, notifier round, purge and retry. */
    @Benchmark
    public VmapArea overflow(Overflow s) {
        return s.result = s.vmap.allocate(s.request);
    }

    /** One allocation that fits on the first search, in the same filled space. */
    @Benchmark
    public VmapArea firstSearch(FirstSearch s) {
        return s.result = s.vmap.allocate(s.request);
    }
}
