package io.vmapkit.allocator.nodes;

import static io.vmapkit.allocator.nodes.Nodes.BASE;
import static io.vmapkit.allocator.nodes.Nodes.PAGE;
import static io.vmapkit.allocator.nodes.Nodes.ZONE;
import static io.vmapkit.allocator.nodes.Nodes.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 6.9+ rules of {@code vmap-nodes} (docs/fidelity.md §18), each pinned to its function in
 * {@code mm/vmalloc.c} (read at v6.9 and in a 2025 tree of the 6.1x line). Every test runs with
 * debug checks on. Sizes include the one-page guard: a 1-page request occupies 2 pages.
 */
class VmapNodesRulesTest {

    private final Nodes nodes = new Nodes();

    private NodesAllocator create(long pages, int nrNodes, PoolDecay decay) {
        return nodes.create(Nodes.config(pages).debugChecks(true).build(), nrNodes, decay);
    }

    /**
     * 18-a (mm/vmalloc.c) {@code addr_to_node_id} (v6.9): {@code (addr / vmap_zone_size) % nr_vmap_nodes}, with
     * {@code vmap_zone_size = (1 << 4) * PAGE_SIZE} set in {@code vmap_init_nodes}. BASE / 64 KiB =
     * 0x7fffff000000 ≡ 0 (mod 4), so BASE is node 0; BASE + 1 zone node 1; + 3 zones node 3; + 4
     * zones node 0 again; an address 15 pages in is still zone 0.
     */
    @Test
    void addrToNodeIdIsTheSixteenPageZoneModuloTheNodeCount() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        assertThat(a.addrToNodeId(BASE)).isEqualTo(0);
        assertThat(a.addrToNodeId(BASE + 15 * PAGE)).isEqualTo(0);
        assertThat(a.addrToNodeId(BASE + ZONE)).isEqualTo(1);
        assertThat(a.addrToNodeId(BASE + 3 * ZONE)).isEqualTo(3);
        assertThat(a.addrToNodeId(BASE + 4 * ZONE)).isEqualTo(0);
        // one node: vmap_zone_size stays 1 and every address is node 0
        assertThat(create(1024, 1, PoolDecay.V6_9).addrToNodeId(BASE + 3 * ZONE)).isEqualTo(0);
    }

    /**
     * 18-b (mm/vmalloc.c) {@code vmap_init_nodes} (v6.9): {@code n = clamp_t(unsigned int, num_possible_cpus(), 1, 128)}
     * inside {@code #if BITS_PER_LONG == 64}; a 32-bit kernel keeps the single node.
     */
    @Test
    void nrVmapNodesIsTheCpuCountClampedTo128OnA64BitSpaceAndOneOn32Bit() {
        assertThat(NodesSettings.nodes(0, 4, 64)).isEqualTo(4);
        assertThat(NodesSettings.nodes(0, 1, 64)).isEqualTo(1);
        assertThat(NodesSettings.nodes(0, 200, 64)).isEqualTo(128);
        assertThat(NodesSettings.nodes(0, 8, 32)).isEqualTo(1);
        assertThat(NodesSettings.nodes(3, 8, 32)).as("an explicit count wins").isEqualTo(3);
        assertThat(VmapNodesAllocatorProvider.bits(AddressSpace.x86_32())).isEqualTo(32);
        assertThat(VmapNodesAllocatorProvider.bits(AddressSpace.x86_64())).isEqualTo(64);
    }

    /**
     * 18-c (mm/vmalloc.c) {@code alloc_vmap_area} → {@code addr_to_node(va->va_start)} for the busy tree, and
     * {@code free_vmap_area_noflush} (v6.9): a whole-range area is stamped by {@code node_alloc}
     * with the allocating CPU's node ({@code encode_vn_id(raw_smp_processor_id() % nr_vmap_nodes)}),
     * so its free goes to that node's lazy list, not its address's. The first area (BASE, 2 pages)
     * is in node 0 by address; CPU 2 allocated it, so it is lazy on node 2.
     */
    @Test
    void aWholeRangeAreaIsBusyInItsAddressNodeAndLazyInItsAllocatingCpusNode() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(2);
        VmapArea area = a.allocate(PAGE);
        assertThat(area.start()).isEqualTo(BASE);
        assertThat(a.busyCount(0)).isEqualTo(1);
        nodes.cpu.set(3); // the freeing CPU does not matter
        a.free(area);
        assertThat(a.lazyCount(2)).isEqualTo(1);
        assertThat(a.lazyCount(0)).isZero();
        assertThat(a.vmapLazyNr()).isEqualTo(2);
    }

    /**
     * 18-d (mm/vmalloc.c) {@code node_alloc} (v6.9): "Fallback to a global heap if not vmalloc": a request with its
     * own window gets vn_id 0, so {@code free_vmap_area_noflush} puts it on its address's lazy list
     * and {@code purge_vmap_node} ({@code is_vn_id_valid} false) returns it to the free tree, never a pool.
     */
    @Test
    void aWindowedRequestIsNotStampedAndGoesBackToTheFreeTree() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(2);
        VmapArea area = a.allocate(VmapRequest.builder(PAGE).window(BASE + ZONE, BASE + 2 * ZONE).build());
        assertThat(area.start()).isEqualTo(BASE + ZONE);
        a.free(area);
        assertThat(a.lazyCount(1)).as("lazy on its address's node 1").isEqualTo(1);
        a.purgeLazy();
        assertThat(a.poolStarts(1, 2)).isEmpty();
        assertThat(a.poolStarts(2, 2)).isEmpty();
        assertThat(a.stats().freeBlocks()).isEqualTo(1);
    }

    /**
     * 18-e (mm/vmalloc.c) {@code purge_vmap_node} → {@code node_pool_add_va} ({@code list_add}: at the head) over
     * the address-ordered purge list, and {@code node_pool_del_va} ({@code list_first_entry}), v6.9:
     * three 1-page areas A = page 0, B = page 2, C = page 4 (2 pages each with the guard) allocated
     * on CPU 1 and freed go to node 1's 2-page pool as C, B, A (head first). The next 1-page
     * request on CPU 1 takes C, page 4, where the lowest fit would be page 0; the one after takes B.
     */
    @Test
    void purgeFillsTheNodePoolHeadFirstAndANewRequestTakesTheHighestPurgedArea() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(1);
        List<VmapArea> three = List.of(a.allocate(PAGE), a.allocate(PAGE), a.allocate(PAGE));
        assertThat(three).extracting(VmapArea::start).containsExactly(page(0), page(2), page(4));
        three.forEach(a::free);
        assertThat(a.purgeLazy()).isTrue();
        assertThat(a.poolStarts(1, 2)).containsExactly(page(4), page(2), page(0));
        assertThat(three).allMatch(v -> v.state() == AreaState.PURGED);
        long searches = a.stats().searches();
        VmapArea c = a.allocate(PAGE);
        assertThat(c.start()).isEqualTo(page(4));
        assertThat(a.allocate(PAGE).start()).isEqualTo(page(2));
        assertThat(a.stats().searches()).as("pool hits search no tree").isEqualTo(searches);
        // another CPU's node has no pool: CPU 2 searches the free tree, whose lowest block is page 6
        nodes.cpu.set(2);
        assertThat(a.allocate(PAGE).start()).isEqualTo(page(6));
        assertThat(a.stats().searches()).isEqualTo(searches + 1);
    }

    /**
     * 18-f (mm/vmalloc.c) {@code size_to_va_pool} (v6.9): {@code idx = (size - 1) / PAGE_SIZE}, a pool only if
     * {@code idx < MAX_VA_SIZE_PAGES} (256). A 255-page request is 256 pages with its guard: idx 255,
     * pooled. A 256-page request is 257 pages: idx 256, back to the free tree.
     */
    @Test
    void onlyAreasOfAtMost256PagesGuardIncludedArePooled() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        VmapArea fits = a.allocate(255L * PAGE);
        VmapArea tooBig = a.allocate(256L * PAGE);
        assertThat(fits.start()).isEqualTo(page(0));
        assertThat(tooBig.start()).isEqualTo(page(256));
        a.free(fits);
        a.free(tooBig);
        a.purgeLazy();
        assertThat(a.poolStarts(0, 256)).containsExactly(page(0));
        // the 257 pages merged back with the free tail: one free block [page 256, end) plus the pooled one
        assertThat(a.stats().freeBytes()).isEqualTo(1024L * PAGE);
    }

    /**
     * 18-g (mm/vmalloc.c) {@code node_alloc} (v6.9): the pools serve only {@code vstart == VMALLOC_START &&
     * vend == VMALLOC_END}; a windowed request of the pooled size searches the free tree, even when
     * the window contains the pooled area.
     */
    @Test
    void onlyAWholeRangeRequestTakesFromAPool() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        a.allocate(PAGE); // page 0 stays busy
        VmapArea b = a.allocate(PAGE); // page 2
        a.free(b);
        a.purgeLazy();
        assertThat(a.poolStarts(0, 2)).containsExactly(page(2));
        VmapArea windowed = a.allocate(VmapRequest.builder(PAGE).window(page(0), page(64)).build());
        assertThat(windowed.start()).as("the free tree's lowest block, above the pooled page 2").isEqualTo(page(4));
        assertThat(a.poolStarts(0, 2)).containsExactly(page(2));
    }

    /**
     * 18-h (mm/vmalloc.c) {@code node_pool_del_va} (v6.9): if the head is not aligned as requested it is moved to
     * the tail ({@code list_move_tail}) and the allocation falls back to the free tree. Pool of
     * node 0 for 2 pages, head first: page 4, page 2. A request aligned to 4 pages: page 4 is
     * 16 KiB-aligned (BASE is), so it is taken. Next, head page 2 is not 16 KiB-aligned: moved to
     * the tail, the free tree answers (its lowest 4-page-aligned block start: page 8).
     */
    @Test
    void aMisalignedPoolHeadMovesToTheTailAndTheFreeTreeAnswers() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        VmapArea p0 = a.allocate(PAGE);
        VmapArea p2 = a.allocate(PAGE);
        VmapArea p4 = a.allocate(PAGE);
        VmapArea p6 = a.allocate(PAGE);
        a.free(p2);
        a.free(p4);
        a.purgeLazy();
        assertThat(a.poolStarts(0, 2)).containsExactly(page(4), page(2));
        VmapRequest aligned = VmapRequest.builder(PAGE).align(4L * PAGE).build();
        assertThat(a.allocate(aligned).start()).isEqualTo(page(4));
        a.free(p6); // page 6 lazy: keeps the tree's lowest free block at page 8
        assertThat(a.allocate(aligned).start()).isEqualTo(page(8));
        assertThat(a.poolStarts(0, 2)).containsExactly(page(2));
        assertThat(p0.state()).isEqualTo(AreaState.LIVE);
    }

    /**
     * 18-i (mm/vmalloc.c) {@code decay_va_pool_node} as merged in v6.9: {@code n_decay = len >> 2}, the loop stops
     * at {@code !--n_decay}; with {@code len < 4}, n_decay is 0, the decrement wraps and the whole
     * pool returns to the free tree. A pool of 8 loses 8 >> 2 = 2 areas, from the head.
     */
    @Test
    void decayVaPoolNodeOf69DrainsAPoolUnderFourAndAQuarterOfALargerOne() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        List<VmapArea> eight = allocate(a, 8); // pages 0, 2, ..., 14
        allocate(a, 1); // page 16 stays busy: the pooled areas never merge with the tail
        eight.forEach(a::free);
        a.purgeLazy();
        assertThat(a.poolStarts(0, 2)).containsExactly(page(14), page(12), page(10), page(8), page(6), page(4),
                page(2), page(0));
        a.purgeLazy(); // nothing lazy; the decay still runs: 2 from the head (pages 14, 12) leave
        assertThat(a.poolStarts(0, 2)).containsExactly(page(10), page(8), page(6), page(4), page(2), page(0));
        a.purgeLazy(); // 6 >> 2 = 1: page 10 leaves
        a.purgeLazy(); // 5 >> 2 = 1: page 8
        a.purgeLazy(); // 4 >> 2 = 1: page 6
        assertThat(a.poolStarts(0, 2)).containsExactly(page(4), page(2), page(0));
        a.purgeLazy(); // 3 >> 2 = 0: the wrap takes all three
        assertThat(a.poolStarts(0, 2)).isEmpty();
    }

    /**
     * 18-j (mm/vmalloc.c) {@code decay_va_pool_node} after the 2025 rewrite (B. He, posted 15 Apr 2025; read in a
     * 2025 6.1x tree): {@code if (!n_decay--) break} before each area, so a pool of 3 keeps all 3
     * (3 >> 2 = 0) and a pool of 8 still loses 2.
     */
    @Test
    void decayVaPoolNodeOf2025KeepsAPoolUnderFour() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_16);
        nodes.cpu.set(0);
        List<VmapArea> three = allocate(a, 3);
        allocate(a, 1);
        three.forEach(a::free);
        a.purgeLazy();
        a.purgeLazy();
        a.purgeLazy();
        assertThat(a.poolStarts(0, 2)).containsExactly(page(4), page(2), page(0));
        assertThat(PoolDecay.V6_16.decayed(8, false)).isEqualTo(2);
        assertThat(PoolDecay.V6_9.decayed(3, false)).isEqualTo(3);
        assertThat(PoolDecay.V6_16.decayed(3, true)).as("a full decay takes all").isEqualTo(3);
    }

    /**
     * 18-k (mm/vmalloc.c) {@code reclaim_and_purge_vmap_areas} (v6.9): the overflow path purges with
     * {@code full_pool_decay = true}: every pool drains to the free tree and {@code skip_populate}
     * sends every purged area there too. A 4-page space of pooled 2-page areas cannot hold a
     * 3-page area (4 pages with guard) until the pools drain.
     */
    @Test
    void reclaimAndPurgeVmapAreasDrainsEveryPoolAndPopulatesNone() {
        NodesAllocator a = create(8, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        List<VmapArea> all = allocate(a, 4); // pages 0, 2, 4, 6: the whole space
        a.free(all.get(0));
        a.free(all.get(1));
        a.purgeLazy(); // both pooled on node 0
        a.free(all.get(2)); // lazy, stamped node 0
        assertThat(a.poolStarts(0, 2)).containsExactly(page(2), page(0));
        VmapArea big = a.allocate(3L * PAGE); // 4 pages: the tree is empty, the overflow path runs
        assertThat(big.start()).isEqualTo(page(0));
        assertThat(a.poolStarts(0, 2)).as("no purged area was pooled").isEmpty();
        assertThat(a.stats().purges()).isEqualTo(2);
    }

    /**
     * 18-l (mm/vmalloc.c) {@code alloc_vmap_area} failure message of 6.9 ("mm: vmalloc: modify the
     * alloc_vmap_area() error message for better diagnostics"): {@code pr_warn("vmalloc_node_range
     * for size %lu failed: Address range restricted to %#lx - %#lx\n", size, vstart, vend)}; size
     * includes the guard page: 2 pages = 8192; the range is the whole 2-page space.
     */
    @Test
    void theFailureMessageIs69sAddressRangeRestrictedTo() {
        NodesAllocator a = create(2, 4, PoolDecay.V6_9);
        a.allocate(PAGE);
        assertThatThrownBy(() -> a.allocate(PAGE)).isInstanceOfSatisfying(VmapAllocationException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EBUSY);
            assertThat(e.getMessage()).isEqualTo("vmalloc_node_range for size 8192 failed: Address range restricted to "
                    + "0x7fffff0000000000 - 0x7fffff0000002000");
        });
    }

    /**
     * 18-m (mm/vmalloc.c) {@code node_alloc} (v6.9): "Fallback to a global heap if ... there is only one node":
     * with {@code nr_vmap_nodes == 1} (every 32-bit kernel) no area is stamped and no pool fills,
     * so placements are the free tree's, lowest first.
     */
    @Test
    void oneNodeDisablesThePoolsAndPlacesLowestFirst() {
        NodesAllocator a = create(1024, 1, PoolDecay.V6_9);
        List<VmapArea> three = allocate(a, 3);
        three.forEach(a::free);
        a.purgeLazy();
        assertThat(a.poolStarts(0, 2)).isEmpty();
        assertThat(a.allocate(PAGE).start()).isEqualTo(page(0));
    }

    /**
     * 18-n (mm/vmalloc.c) {@code __purge_vmap_area_lazy} (v6.9): decay every node's pools, detach every lazy list,
     * then one {@code flush_tlb_kernel_range} over [lowest start, highest end) of all nodes; the
     * trace point reports the purged areas of all nodes.
     */
    @Test
    void purgeVmapAreaLazyFlushesOnceOverEveryNodesLazyAreas() {
        NodesAllocator a = create(1024, 4, PoolDecay.V6_9);
        nodes.cpu.set(0);
        VmapArea x = a.allocate(PAGE);
        nodes.cpu.set(3);
        VmapArea y = a.allocate(PAGE);
        a.free(x);
        a.free(y);
        assertThat(a.lazyCount(0)).isEqualTo(1);
        assertThat(a.lazyCount(3)).isEqualTo(1);
        a.purgeLazy();
        assertThat(a.stats().tlbFlushes()).isEqualTo(1);
        assertThat(a.stats().purgedAreas()).isEqualTo(2);
        assertThat(a.poolStarts(0, 2)).containsExactly(page(0));
        assertThat(a.poolStarts(3, 2)).containsExactly(page(2));
        assertThat(a.vmapLazyNr()).isZero();
    }

    /**
     * 7.2-e (mm/vmalloc.c) {@code drain_vmap_area_work} (v6.9): the worker purges once, with no
     * {@code while (nr_lazy > lazy_max_pages())} loop. Threshold 4 pages: freeing three 1-page
     * areas (2 pages each with the guard) takes the counter to 2, 4, 6; the third free crosses 4 and
     * schedules one drain. While that drain runs, its purge event frees three more areas: 2, 4, 6
     * again. The worker does not purge a second time (a 6.3-era worker would: 6 > 4); the free
     * that crossed the threshold scheduled the next drain instead.
     */
    @Test
    void drainVmapAreaWorkPurgesOncePerRun() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        List<VmapArea> later = new ArrayList<>();
        NodesAllocator[] self = new NodesAllocator[1];
        io.vmapkit.api.event.VmapListener freeDuringPurge = new io.vmapkit.api.event.VmapListener() {
            @Override
            public void purgeVmapAreaLazy(io.vmapkit.api.event.PurgeVmapAreaLazyEvent event) {
                while (!later.isEmpty()) {
                    self[0].free(later.remove(0));
                }
            }
        };
        NodesAllocator a = nodes.create(Nodes.config(1024).lazyMaxPages(4)
                .lazyPurgeMode(io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode.BACKGROUND).drainExecutor(queued::add)
                .listener(freeDuringPurge).build(), 1, PoolDecay.V6_9);
        self[0] = a;
        List<VmapArea> first = allocate(a, 3);
        later.addAll(allocate(a, 3));
        first.forEach(a::free); // 2, 4, 6 pages: the third free crosses 4 and schedules the drain
        assertThat(queued).hasSize(1);
        queued.poll().run(); // purges 6 pages once; its event frees three more: 6 lazy pages again
        assertThat(a.stats().purges()).isEqualTo(1);
        assertThat(a.vmapLazyNr()).isEqualTo(6);
        assertThat(queued).as("the free during the purge scheduled the next drain").hasSize(1);
    }

    /** The kernel presets 6.9, 6.12 and 6.18 of {@code vmap-nodes}. */
    @Test
    void presetsOf69To618SetThe6xSwitchesAndTheReleasesDecay() {
        assertThat(NodesSettings.preset("6.9")).containsEntry("vmapkit.allocator.pool-decay", "6.9")
                .containsEntry("vmapkit.allocator.free-tree-search", "6.x").doesNotContainKey("vmapkit.allocator.nodes");
        assertThat(NodesSettings.preset("6.12")).containsEntry("vmapkit.allocator.pool-decay", "6.9");
        assertThat(NodesSettings.preset("6.18")).containsEntry("vmapkit.allocator.pool-decay", "6.16");
        assertThat(NodesSettings.preset("5.2")).containsEntry("vmapkit.allocator.free-tree-search", "5.2")
                .doesNotContainKey("vmapkit.allocator.pool-decay");
        assertThat(NodesSettings.preset("7.0")).isEmpty();
    }

    private static List<VmapArea> allocate(NodesAllocator a, int n) {
        List<VmapArea> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(a.allocate(PAGE));
        }
        return out;
    }
}
