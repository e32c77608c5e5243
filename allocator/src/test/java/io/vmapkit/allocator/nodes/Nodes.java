package io.vmapkit.allocator.nodes;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds {@code vmap-nodes} allocators for tests, with a settable "CPU". */
final class Nodes {

    static final int PAGE = 4096;
    /**
     * A 64-bit space of 4 MiB (1,024 pages) whose start is a multiple of 4 zones: start / 64 KiB =
     * 0x7fffff000000, a multiple of 4, so the first 16-page zone is node 0, the next node 1, and so on.
     */
    static final long BASE = 0x7fff_ff00_0000_0000L;
    static final long ZONE = 16L * PAGE;

    /** The CPU the next operations run on. */
    final AtomicInteger cpu = new AtomicInteger();

    NodesAllocator create(AllocatorConfig config, int nodes, PoolDecay decay) {
        return new NodesAllocator("vmap-nodes", config, nodes, decay, cpu::get);
    }

    static AddressSpace space(long pages) {
        return AddressSpace.of("nodes-test", BASE, pages * PAGE, PAGE);
    }

    /** A config over {@code pages} pages with 4 CPUs, a threshold too high to purge by itself, SYNC purges. */
    static AllocatorConfig.Builder config(long pages) {
        return AllocatorConfig.builder(space(pages)).ncpus(4).lazyMaxPages(1L << 40);
    }

    static long page(int n) {
        return BASE + (long) n * PAGE;
    }
}
