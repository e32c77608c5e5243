package io.vmapkit.allocator.nodes;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@code struct vmap_node} (6.9+): its busy areas and their lock ({@code busy}), its lazily
 * freed areas and their lock ({@code lazy}), and its size-segregated pools of purged areas with
 * their lock ({@code pool_lock}), one pool per size of 1 to {@link NodesAllocator#MAX_VA_SIZE_PAGES}
 * pages, created on first use.
 *
 * <p>Each field is guarded by the lock named beside it; the counters of the busy side are
 * guarded by {@link #busyLock}.
 */
final class VmapNode {

    final int id;

    final ReentrantLock busyLock = new ReentrantLock();
    /** Guarded by busyLock. */
    final AreaList busy = new AreaList();
    /** Guarded by busyLock: areas placed in this node (by address) and freed from it. */
    long allocations;
    long frees;

    final ReentrantLock lazyLock = new ReentrantLock();
    /** Guarded by lazyLock. */
    final AreaList lazy = new AreaList();

    final ReentrantLock poolLock = new ReentrantLock();
    /** Guarded by poolLock; index {@code pages - 1}. */
    final SizePool[] pools = new SizePool[NodesAllocator.MAX_VA_SIZE_PAGES];
    /** Guarded by poolLock. */
    long pooledBytes;
    long pooledAreas;

    VmapNode(int id) {
        this.id = id;
    }

    /** The pool of index {@code idx}, created if absent (pool lock held). */
    SizePool pool(int idx) {
        SizePool p = pools[idx];
        if (p == null) {
            p = new SizePool();
            pools[idx] = p;
        }
        return p;
    }
}
