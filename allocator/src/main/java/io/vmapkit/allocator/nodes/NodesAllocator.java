package io.vmapkit.allocator.nodes;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.FreeTree;
import io.vmapkit.allocator.RequestWindow;
import io.vmapkit.allocator.Tracepoints;
import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.Ratelimit;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapSnapshot.Kind;
import io.vmapkit.api.vmap.VmapSnapshot.Range;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The 6.9+ allocator ({@code mm/vmalloc.c}, U. Rezki's "Mitigate a vmap lock contention" series,
 * merged for 6.9): the global free tree ({@link FreeTree}, {@code free_vmap_area_root} behind
 * {@code free_vmap_area_lock}) and {@code nr_vmap_nodes} {@link VmapNode}s. The rules, each pinned
 * to its function in docs/fidelity.md §18:
 * <ul>
 *   <li>A busy area lives in the node of its start address: {@code addr_to_node_id(addr) =
 *       (addr / vmap_zone_size) % nr_vmap_nodes}, {@code vmap_zone_size} = 16 pages.</li>
 *   <li>{@code node_alloc}: only a request over the whole vmalloc range ({@code vstart ==
 *       VMALLOC_START && vend == VMALLOC_END}) with more than one node uses the pools. Its node is
 *       the allocating CPU's ({@code raw_smp_processor_id() % nr_vmap_nodes}; here the CPU is the
 *       seam {@code cpu}: the provider numbers threads by first call, modulo {@code ncpus}); the area is stamped with
 *       that node ({@code encode_vn_id}) whether or not the pool had one.
 *       {@code node_pool_del_va} looks at the head of the pool of exactly the request's size
 *       ({@code size_to_va_pool}: index {@code (size - 1) / PAGE_SIZE} below 256): if its start is
 *       aligned it is taken; if not it moves to the tail and the free tree is searched.</li>
 *   <li>{@code free_vmap_area_noflush}: a freed area goes to the lazy list of its stamped node, or
 *       of its address's node if it has none.</li>
 *   <li>{@code __purge_vmap_area_lazy}: for each node in order, decay its pools
 *       ({@code decay_va_pool_node}, {@link PoolDecay}), then detach its lazy list; one TLB flush
 *       over the union; then per node ({@code purge_vmap_node}) every purged area, in address order,
 *       goes to the head of its node's pool if it is stamped, small enough and the purge is not a
 *       full decay, else back to the free tree ({@code reclaim_list_global}).</li>
 *   <li>The overflow path purges with a full decay ({@code reclaim_and_purge_vmap_areas}: every
 *       pool drained, nothing repopulated), then calls the notifier chain; its warning is 6.9's
 *       {@code "vmalloc_node_range for size %lu failed: Address range restricted to %#lx - %#lx"}.
 *       The pools are consulted once per allocation, before the first search, as
 *       {@code alloc_vmap_area} does.</li>
 * </ul>
 *
 * <h2>Locks</h2>
 * {@code freeLock} guards the free tree; each node has a busy, a lazy and a pool lock;
 * {@code purgeLock} ({@code vmap_purge_lock}) serialises purges. Allocations and frees on
 * different nodes share no lock but the free tree's on a pool miss, and the lazy counter (an
 * atomic, as {@code vmap_lazy_nr} is). To keep snapshots consistent a move between structures holds
 * the destination's lock while the source's is held, always in the order (pool or free tree) →
 * busy → lazy, so no cycle exists; a purge's areas in flight are covered by {@code purgeLock},
 * which {@link #stats()} and {@link #snapshot()} also take, then every other lock in that order.
 * The notifier chain and the listener run with no lock held but (for purge events) the
 * reentrant purge lock.
 */
final class NodesAllocator implements VmapAllocator {

    /** {@code MAX_VA_SIZE_PAGES}: pools hold areas of 1 to 256 pages (guard included). */
    static final int MAX_VA_SIZE_PAGES = 256;
    /** {@code vmap_zone_size} in pages when there is more than one node. */
    static final int ZONE_PAGES = 16;

    private static final System.Logger LOG = System.getLogger("io.vmapkit.allocator");

    private final String name;
    private final AddressSpace space;
    private final long pageSize;
    private final int pageShift;
    private final long lazyMaxPages;
    private final int maxNotifierRounds;
    private final int maxChainReentry;
    private final NotifierChain<VmapPurgeEvent> purgeChain;
    private final boolean nonBlockingSkipsNotifier;
    private final boolean rejectImpossibleRequests;
    private final boolean nonBlockingPurgeTrylock;
    private final boolean noWarnHonoured;
    private final boolean emptyPurgeEvent;
    private final boolean debugChecks;
    private final FaultInjector faults;
    private final Tracepoints trace;
    private final Ratelimit warnings;
    private final Executor drainExecutor;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ThreadLocal<int[]> chainDepth = ThreadLocal.withInitial(() -> new int[1]);

    private final int nrNodes;
    private final long zoneSize;
    private final VmapNode[] nodes;
    private final IntSupplier cpu;
    private final PoolDecay decay;

    private final ReentrantLock freeLock = new ReentrantLock();
    /** Guarded by freeLock. */
    private final FreeTree freeTree;
    /** Guarded by freeLock. */
    private long searches;
    private long allocationFailures;
    private long notifierRounds;

    private final ReentrantLock purgeLock = new ReentrantLock();
    /** Guarded by purgeLock. */
    private long purges;
    private long purgedAreas;
    private long tlbFlushes;

    /** {@code vmap_lazy_nr}: changed under the lazy lock of the list gaining or the purge losing pages. */
    private final AtomicLong vmapLazyNr = new AtomicLong();
    private final AtomicLong peakLazyPages = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakLiveBytes = new AtomicLong();

    NodesAllocator(String name, AllocatorConfig config, int nrNodes, PoolDecay decay, IntSupplier cpu) {
        this.name = name;
        this.space = config.space();
        this.pageSize = space.pageSize();
        this.pageShift = Integer.numberOfTrailingZeros(space.pageSize());
        this.lazyMaxPages = config.lazyMaxPages();
        this.maxNotifierRounds = config.maxNotifierRounds();
        this.maxChainReentry = config.maxChainReentry();
        this.purgeChain = config.purgeChain().orElse(null);
        this.nonBlockingSkipsNotifier = config.nonBlockingSkipsNotifier();
        this.rejectImpossibleRequests = config.rejectImpossibleRequests();
        this.nonBlockingPurgeTrylock = config.nonBlockingPurgeTrylock();
        this.noWarnHonoured = config.honourNoWarn();
        this.emptyPurgeEvent = config.traceEmptyPurge();
        this.debugChecks = config.debugChecks();
        this.faults = config.faults();
        this.trace = new Tracepoints(config.listener());
        this.warnings = new Ratelimit(config.clock());
        this.drainExecutor = config.lazyPurgeMode() == AllocatorConfig.LazyPurgeMode.BACKGROUND
                ? config.drainExecutor().orElse(ForkJoinPool.commonPool()) : null;
        if (nrNodes < 1 || nrNodes > NodesSettings.MAX_NODES) {
            throw new IllegalArgumentException("nr_vmap_nodes " + nrNodes + " is not between 1 and " + NodesSettings.MAX_NODES);
        }
        this.nrNodes = nrNodes;
        // vmap_init_nodes: with one node the zone size stays 1 (every address is node 0).
        this.zoneSize = nrNodes > 1 ? ZONE_PAGES * pageSize : 1;
        this.nodes = new VmapNode[nrNodes];
        for (int i = 0; i < nrNodes; i++) {
            nodes[i] = new VmapNode(i);
        }
        this.cpu = cpu;
        this.decay = decay;
        this.freeTree = new FreeTree(space, faults, config.freeTreeSearch());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AddressSpace space() {
        return space;
    }

    /** {@code nr_vmap_nodes}. */
    int nrNodes() {
        return nrNodes;
    }

    /** {@code addr_to_node_id}: {@code (addr / vmap_zone_size) % nr_vmap_nodes}, unsigned. */
    int addrToNodeId(long addr) {
        return (int) Long.remainderUnsigned(Long.divideUnsigned(addr, zoneSize), nrNodes);
    }

    // ---- allocation ---------------------------------------------------------------------------

    @Override
    public VmapArea allocate(VmapRequest request) {
        VmapRequest r = rejectImpossibleRequests
                ? RequestWindow.resolve(space, request) : RequestWindow.resolveWindow(space, request);
        long guard = RequestWindow.guardSize(space, r);
        long size = r.size() + guard;
        long align = r.align();
        long vstart = r.vstart();
        long vend = r.vend();
        String owner = r.owner().orElse("");

        // node_alloc: the pools serve only the whole vmalloc range, and only with several nodes.
        int vnId = 0;
        if (nrNodes > 1 && vstart == space.start() && vend == space.end()) {
            int id = Math.floorMod(cpu.getAsInt(), nrNodes);
            vnId = id + 1; // encode_vn_id
            NodeArea pooled = poolTake(nodes[id], size, align, vstart, vend, owner, guard == 0);
            if (pooled != null) {
                trace.vmapSearch(r, true);
                trace.allocVmapArea(pooled.start, size, align, vstart, vend, false, 0);
                return pooled;
            }
        }
        if (faults.shouldFail(FaultInjector.VMAP_AREA_DESCRIPTOR)) {
            throw failure(r, size, Errno.ENOMEM, "vmap_area descriptor allocation failed for size "
                    + Long.toUnsignedString(size), 0, false, List.of());
        }
        NodeArea area = new NodeArea(this, owner, guard == 0, vnId);
        boolean nonBlocking = r.has(AllocFlag.NON_BLOCKING);
        boolean purged = false;
        int rounds = 0;
        List<String> claimed = List.of();
        boolean capReached = false;
        for (;;) {
            int fit = placeFromTree(area, size, align, vstart, vend);
            trace.vmapSearch(r, fit >= 0);
            if (fit >= 0) {
                trace.allocVmapArea(area.start, size, align, vstart, vend, false, fit);
                return area;
            }
            if (!purged) {
                // reclaim_and_purge_vmap_areas: a purge with a full pool decay.
                boolean any = nonBlocking && nonBlockingPurgeTrylock ? tryPurge(true) : purge(true);
                trace.overflowPurge(r, any);
                purged = true;
                continue;
            }
            if (purgeChain == null || (nonBlocking && nonBlockingSkipsNotifier)) {
                break;
            }
            if (maxNotifierRounds != AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS && rounds >= maxNotifierRounds) {
                capReached = true;
                break;
            }
            int depth = chainDepth.get()[0];
            if (depth >= maxChainReentry) {
                throw failure(r, size, Errno.EBUSY, "vmap allocation for size " + Long.toUnsignedString(size)
                        + (owner.isEmpty() ? "" : " by '" + owner + "'") + " failed: it was made inside " + depth
                        + " nested calls of the purge notifier chain " + purgeChain.name()
                        + " (a callback that allocates from its own purge callback); vmapkit does not call the chain "
                        + "deeper than " + maxChainReentry + " levels (vmapkit.allocator.max-chain-reentry)", rounds,
                        false, List.of());
            }
            rounds++;
            VmapPurgeEvent event = new VmapPurgeEvent(r, size, rounds);
            callPurgeChain(event);
            long freed = event.freed();
            claimed = event.contributors();
            freeLock.lock();
            try {
                notifierRounds++;
            } finally {
                freeLock.unlock();
            }
            trace.notifierRound(event, claimed, freed > 0 && rounds == maxNotifierRounds);
            if (freed > 0) {
                purged = false;
                continue;
            }
            break;
        }
        String message = "vmalloc_node_range for size " + Long.toUnsignedString(size)
                + " failed: Address range restricted to " + Addresses.hex(vstart) + " - " + Addresses.hex(vend);
        if (!(noWarnHonoured && r.has(AllocFlag.NO_WARN))) {
            long suppressed = warnings.acquire();
            if (suppressed > 0) {
                LOG.log(System.Logger.Level.WARNING, Ratelimit.callbacksSuppressed("alloc_vmap_area", suppressed));
            }
            if (suppressed != Ratelimit.SUPPRESSED) {
                LOG.log(System.Logger.Level.WARNING, message);
            }
        }
        if (capReached) {
            message += " (vmapkit: the cap of " + maxNotifierRounds + " purge-notifier rounds was reached; progress claimed by "
                    + claimed + ")";
        }
        throw failure(r, size, Errno.EBUSY, message, rounds, capReached, capReached ? claimed : List.of());
    }

    /**
     * {@code node_pool_del_va} and, on a hit, the busy insertion: the head of the pool of exactly
     * {@code size}, if its start is aligned; an unaligned head moves to the tail.
     *
     * @return the placed area, or {@code null} on a miss
     */
    private NodeArea poolTake(VmapNode vn, long size, long align, long vstart, long vend, String owner, boolean noGuard) {
        long idx = (size - 1) / pageSize; // size_to_va_pool
        if (idx >= MAX_VA_SIZE_PAGES) {
            return null;
        }
        SizePool vp = vn.pools[(int) idx];
        if (vp == null || vp.isEmpty()) { // the unlocked list_empty test
            return null;
        }
        vn.poolLock.lock();
        try {
            if (vp.isEmpty()) {
                return null;
            }
            long start = vp.first();
            if (!Addresses.isAligned(start, align)) {
                vp.moveFirstToLast();
                return null;
            }
            if (Addresses.lessThan(start, vstart) || Addresses.greaterThan(start + size, vend)) {
                // The kernel's WARN_ON_ONCE sanity check: cannot happen for a whole-range request.
                throw new IllegalStateException("vmalloc bug: pooled area at " + Addresses.hex(start) + " of node " + vn.id
                        + " lies outside [" + Addresses.hex(vstart) + ", " + Addresses.hex(vend) + ")");
            }
            vp.removeFirst();
            vn.pooledBytes -= size;
            vn.pooledAreas--;
            NodeArea area = new NodeArea(this, owner, noGuard, vn.id + 1);
            insertBusy(area, start, size);
            return area;
        } finally {
            vn.poolLock.unlock();
            if (debugChecks) {
                checkInvariants();
            }
        }
    }

    /**
     * One search of the free tree; on success the area is placed and busy.
     *
     * @return the split case (1 to 4), or -1 if nothing fits
     */
    private int placeFromTree(NodeArea area, long size, long align, long vstart, long vend) {
        freeLock.lock();
        try {
            searches++;
            long start = freeTree.reserve(size, align, vstart, vend);
            if (start == vend) {
                return -1;
            }
            if (!Addresses.isAligned(start, align) || Addresses.lessThan(start, vstart)
                    || Addresses.addWraps(start, size) || Addresses.greaterThan(start + size, vend)) {
                throw new IllegalStateException("vmalloc bug: " + name + " placed " + Addresses.hex(start) + " + "
                        + Long.toUnsignedString(size) + " outside [" + Addresses.hex(vstart) + ", " + Addresses.hex(vend)
                        + ") or off align " + Addresses.hex(align));
            }
            insertBusy(area, start, size);
            return freeTree.lastFit();
        } finally {
            freeLock.unlock();
            if (debugChecks) {
                checkInvariants();
            }
        }
    }

    /** Places {@code area} at {@code start} and inserts it in its address's node (source lock held). */
    private void insertBusy(NodeArea area, long start, long size) {
        area.start = start;
        area.end = start + size;
        VmapNode vn = nodes[addrToNodeId(start)];
        vn.busyLock.lock();
        try {
            vn.busy.add(area);
            vn.allocations++;
            area.setState(NodeArea.LIVE);
        } finally {
            vn.busyLock.unlock();
        }
        long live = liveBytes.addAndGet(size);
        raise(peakLiveBytes, live);
    }

    private static void raise(AtomicLong peak, long value) {
        long p = peak.get();
        while (value > p && !peak.compareAndSet(p, value)) {
            p = peak.get();
        }
    }

    private void callPurgeChain(VmapPurgeEvent event) {
        int[] depth = chainDepth.get();
        depth[0]++;
        try {
            purgeChain.call(VmapPurgeEvent.ACTION, event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "purge notifier chain " + purgeChain.name() + " threw; round "
                    + event.round() + " counts freed=" + event.freed(), e);
        } finally {
            depth[0]--;
        }
    }

    private VmapAllocationException failure(VmapRequest r, long size, Errno errno, String message, int rounds,
            boolean capReached, List<String> claimed) {
        freeLock.lock();
        try {
            allocationFailures++;
        } finally {
            freeLock.unlock();
        }
        trace.allocVmapArea(r.vend(), size, r.align(), r.vstart(), r.vend(), true, 0);
        trace.vmapAllocFailed(r, errno, message, claimed);
        return new VmapAllocationException(errno, message, r, rounds, capReached, claimed);
    }

    // ---- lazy free ----------------------------------------------------------------------------

    @Override
    public void free(VmapArea handle) {
        Objects.requireNonNull(handle, "area");
        if (!(handle instanceof NodeArea) || ((NodeArea) handle).allocator != this) {
            throw new IllegalArgumentException("area " + handle + " was not allocated by this " + name
                    + " allocator over " + space);
        }
        NodeArea a = (NodeArea) handle;
        long pages = (a.end - a.start) >>> pageShift;
        VmapNode busy = nodes[addrToNodeId(a.start)];
        // free_vmap_area_noflush: the stamped node if valid, else the address's node.
        VmapNode lazy = a.vnId != 0 ? nodes[a.vnId - 1] : busy;
        long nrLazy;
        busy.busyLock.lock();
        try {
            if (a.rawState() != NodeArea.LIVE) {
                throw new IllegalStateException("double free: " + a + " was already freed");
            }
            busy.busy.remove(a);
            busy.frees++;
            lazy.lazyLock.lock();
            try {
                lazy.lazy.add(a);
                a.setState(NodeArea.LAZY);
                nrLazy = vmapLazyNr.addAndGet(pages);
            } finally {
                lazy.lazyLock.unlock();
            }
        } finally {
            busy.busyLock.unlock();
        }
        liveBytes.addAndGet(-(a.end - a.start));
        raise(peakLazyPages, nrLazy);
        if (debugChecks) {
            checkInvariants();
        }
        trace.freeVmapAreaNoflush(a.start, nrLazy, lazyMaxPages);
        if (nrLazy > lazyMaxPages) {
            if (drainExecutor == null) {
                tryPurge(false);
            } else {
                scheduleDrain();
            }
        }
    }

    /** {@code schedule_work(&drain_vmap_work)}: at most one pending; 6.9+ drains once per run. */
    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                drainExecutor.execute(() -> {
                    drainScheduled.set(false);
                    purge(false);
                });
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                tryPurge(false);
            }
        }
    }

    // ---- purge --------------------------------------------------------------------------------

    /** {@code purge_vmap_area_lazy}: a purge with the usual (quarter) pool decay. */
    @Override
    public boolean purgeLazy() {
        return purge(false);
    }

    /**
     * {@code reclaim_and_purge_vmap_areas}: what the overflow path runs, a purge that drains every
     * pool back to the free tree and returns every purged area there too.
     */
    boolean reclaimAndPurge() {
        return purge(true);
    }

    private boolean purge(boolean fullDecay) {
        purgeLock.lock();
        try {
            return purgeLocked(fullDecay);
        } finally {
            unlockPurge();
        }
    }

    private boolean tryPurge(boolean fullDecay) {
        if (!purgeLock.tryLock()) {
            return false;
        }
        try {
            return purgeLocked(fullDecay);
        } finally {
            unlockPurge();
        }
    }

    /**
     * Releases the purge lock, then (threshold purges on the freeing thread only) purges again while
     * the lazy counter is over the threshold and no other purge waits: a free that crossed the
     * threshold meanwhile found the lock taken and gave up, and nothing else would purge. The same
     * documented improvement as the other allocators' (the kernel leaves that backlog).
     */
    private void unlockPurge() {
        purgeLock.unlock();
        while (drainExecutor == null && !purgeLock.isHeldByCurrentThread() && vmapLazyNr.get() > lazyMaxPages
                && !purgeLock.hasQueuedThreads() && purgeLock.tryLock()) {
            try {
                if (!purgeLocked(false)) {
                    return;
                }
            } finally {
                purgeLock.unlock();
            }
        }
    }

    /** {@code __purge_vmap_area_lazy(ULONG_MAX, 0, full_pool_decay)}, purge lock held. */
    private boolean purgeLocked(boolean fullDecay) {
        long flushStart = -1L; // ULONG_MAX
        long flushEnd = 0;
        NodeArea[][] purgeLists = new NodeArea[nrNodes][];
        boolean any = false;
        for (VmapNode vn : nodes) {
            decayPools(vn, fullDecay);
            vn.lazyLock.lock();
            try {
                if (vn.lazy.count() == 0) {
                    continue;
                }
                purgeLists[vn.id] = vn.lazy.detachSorted();
            } finally {
                vn.lazyLock.unlock();
            }
            NodeArea[] list = purgeLists[vn.id];
            flushStart = Addresses.min(flushStart, list[0].start);
            flushEnd = Addresses.max(flushEnd, list[list.length - 1].end);
            any = true;
        }
        long nrPurged = 0;
        if (any) {
            tlbFlushes++; // flush_tlb_kernel_range(start, end)
            purges++;
            for (VmapNode vn : nodes) {
                if (purgeLists[vn.id] != null) {
                    nrPurged += purgeNode(vn, purgeLists[vn.id], fullDecay);
                }
            }
            purgedAreas += nrPurged;
        }
        if (debugChecks) {
            checkInvariants();
        }
        if (any || emptyPurgeEvent) {
            trace.purgeVmapAreaLazy(flushStart, flushEnd, nrPurged);
        }
        return nrPurged > 0;
    }

    /**
     * {@code purge_vmap_node}: each area, in address order, to the head of its pool
     * ({@code node_pool_add_va}) if it is stamped with a node, the purge does not skip populating
     * and its size has a pool; else to the free tree. Then {@code vmap_lazy_nr} loses the pages.
     */
    private int purgeNode(VmapNode vn, NodeArea[] list, boolean skipPopulate) {
        long pages = 0;
        List<NodeArea> global = new ArrayList<>();
        vn.poolLock.lock();
        try {
            for (NodeArea va : list) {
                long size = va.end - va.start;
                pages += size >>> pageShift;
                long idx = (size - 1) / pageSize;
                if (va.vnId != 0 && !skipPopulate && idx < MAX_VA_SIZE_PAGES) {
                    vn.pool((int) idx).addFirst(va.start);
                    vn.pooledBytes += size;
                    vn.pooledAreas++;
                    va.setState(NodeArea.PURGED);
                    continue;
                }
                global.add(va);
            }
        } finally {
            vn.poolLock.unlock();
        }
        if (!global.isEmpty()) {
            freeLock.lock();
            try {
                for (NodeArea va : global) {
                    freeTree.release(va.start, va.end);
                    va.setState(NodeArea.PURGED);
                }
            } finally {
                freeLock.unlock();
            }
        }
        vmapLazyNr.addAndGet(-pages);
        return list.length;
    }

    /**
     * {@code decay_va_pool_node}: every non-empty pool, in size order, loses
     * {@link PoolDecay#decayed} areas from its head to the free tree.
     */
    private void decayPools(VmapNode vn, boolean full) {
        long[] decayed = null;
        int n = 0;
        vn.poolLock.lock();
        try {
            if (vn.pooledAreas == 0) {
                return;
            }
            for (int i = 0; i < MAX_VA_SIZE_PAGES; i++) {
                SizePool vp = vn.pools[i];
                if (vp == null || vp.isEmpty()) {
                    continue;
                }
                int k = decay.decayed(vp.len(), full);
                long size = (i + 1) * pageSize;
                for (int j = 0; j < k; j++) {
                    if (decayed == null) {
                        decayed = new long[16];
                    } else if (n + 2 > decayed.length) {
                        decayed = Arrays.copyOf(decayed, decayed.length * 2);
                    }
                    decayed[n++] = vp.removeFirst();
                    decayed[n++] = size;
                    vn.pooledBytes -= size;
                    vn.pooledAreas--;
                }
            }
        } finally {
            vn.poolLock.unlock();
        }
        if (n == 0) {
            return;
        }
        freeLock.lock();
        try {
            for (int j = 0; j < n; j += 2) {
                freeTree.release(decayed[j], decayed[j] + decayed[j + 1]);
            }
        } finally {
            freeLock.unlock();
        }
    }

    // ---- views --------------------------------------------------------------------------------

    /** Takes the purge lock and then every other lock in the global order; returns nothing. */
    private void lockAll() {
        purgeLock.lock();
        freeLock.lock();
        for (VmapNode vn : nodes) {
            vn.poolLock.lock();
        }
        for (VmapNode vn : nodes) {
            vn.busyLock.lock();
        }
        for (VmapNode vn : nodes) {
            vn.lazyLock.lock();
        }
    }

    private void unlockAll() {
        for (int i = nrNodes - 1; i >= 0; i--) {
            nodes[i].lazyLock.unlock();
        }
        for (int i = nrNodes - 1; i >= 0; i--) {
            nodes[i].busyLock.unlock();
        }
        for (int i = nrNodes - 1; i >= 0; i--) {
            nodes[i].poolLock.unlock();
        }
        freeLock.unlock();
        // a threshold purge that found the lock held by this view gave up: run it now (D22)
        unlockPurge();
    }

    @Override
    public VmapStats stats() {
        lockAll();
        try {
            long live = 0;
            long lazy = 0;
            long liveAreas = 0;
            long lazyAreas = 0;
            long allocations = 0;
            long frees = 0;
            for (VmapNode vn : nodes) {
                live += vn.busy.bytes();
                liveAreas += vn.busy.count();
                lazy += vn.lazy.bytes();
                lazyAreas += vn.lazy.count();
                allocations += vn.allocations;
                frees += vn.frees;
            }
            long[] blocks = freeBlocksLocked();
            return VmapStats.builder()
                    .spaceBytes(space.size())
                    .liveBytes(live)
                    .lazyBytes(lazy)
                    .freeBytes(blocks[0])
                    .liveAreas(liveAreas)
                    .lazyAreas(lazyAreas)
                    .freeBlocks(blocks[1])
                    .largestFreeBlock(blocks[2])
                    .peakLiveBytes(peakLiveBytes.get())
                    .peakLazyBytes(peakLazyPages.get() << pageShift)
                    .allocations(allocations)
                    .allocationFailures(allocationFailures)
                    .frees(frees)
                    .searches(searches)
                    .purges(purges)
                    .purgedAreas(purgedAreas)
                    .tlbFlushes(tlbFlushes)
                    .notifierRounds(notifierRounds)
                    .lazyPages(vmapLazyNr.get())
                    .lazyMaxPages(lazyMaxPages)
                    .build();
        } finally {
            unlockAll();
        }
    }

    /**
     * Free bytes, maximal free blocks and the largest, counting pooled areas as free space merged
     * with their free neighbours (all locks held).
     */
    private long[] freeBlocksLocked() {
        long pooled = 0;
        for (VmapNode vn : nodes) {
            pooled += vn.pooledAreas;
        }
        if (pooled == 0) {
            return new long[] {freeTree.freeBytes(), freeTree.freeBlocks(), freeTree.largestFreeBlock()};
        }
        long[] out = new long[3];
        forEachMergedFreeLocked((s, e) -> {
            out[0] += e - s;
            out[1]++;
            out[2] = Addresses.max(out[2], e - s);
        });
        return out;
    }

    /** Every free range (free tree and pools), merged where adjacent, in address order. */
    private void forEachMergedFreeLocked(FreeTree.RangeConsumer sink) {
        List<long[]> ranges = new ArrayList<>();
        freeTree.forEachFreeBlock((s, e) -> ranges.add(new long[] {s, e}));
        for (VmapNode vn : nodes) {
            for (int i = 0; i < MAX_VA_SIZE_PAGES; i++) {
                SizePool vp = vn.pools[i];
                if (vp != null) {
                    for (int j = 0; j < vp.len(); j++) {
                        long s = vp.get(j);
                        ranges.add(new long[] {s, s + (i + 1) * pageSize});
                    }
                }
            }
        }
        ranges.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        long cs = 0;
        long ce = 0;
        boolean open = false;
        for (long[] r : ranges) {
            if (open && ce == r[0]) {
                ce = r[1];
                continue;
            }
            if (open) {
                sink.accept(cs, ce);
            }
            cs = r[0];
            ce = r[1];
            open = true;
        }
        if (open) {
            sink.accept(cs, ce);
        }
    }

    @Override
    public VmapSnapshot snapshot() {
        lockAll();
        try {
            return snapshotLocked();
        } finally {
            unlockAll();
        }
    }

    private VmapSnapshot snapshotLocked() {
        List<Range> ranges = new ArrayList<>();
        for (VmapNode vn : nodes) {
            for (int i = 0; i < vn.busy.count(); i++) {
                NodeArea a = vn.busy.get(i);
                ranges.add(new Range(a.start, a.end, Kind.BUSY, a.owner));
            }
            for (int i = 0; i < vn.lazy.count(); i++) {
                NodeArea a = vn.lazy.get(i);
                ranges.add(new Range(a.start, a.end, Kind.LAZY, a.owner));
            }
        }
        forEachMergedFreeLocked((s, e) -> ranges.add(new Range(s, e, Kind.FREE, "")));
        ranges.sort((x, y) -> Long.compareUnsigned(x.start(), y.start()));
        return new VmapSnapshot(space, ranges);
    }

    /**
     * Verifies the invariants: the free tree's own, the snapshot's (the ranges tile the space, no
     * overlap), every busy area in its address's node, and {@code vmap_lazy_nr} equal to the lazy
     * pages; throws on the first violation.
     */
    void checkInvariants() {
        lockAll();
        try {
            String v = freeTree.violation();
            if (v == null) {
                v = snapshotLocked().violation().orElse(null);
            }
            long lazyPages = 0;
            for (VmapNode vn : nodes) {
                for (int i = 0; v == null && i < vn.busy.count(); i++) {
                    NodeArea a = vn.busy.get(i);
                    if (addrToNodeId(a.start) != vn.id || a.slot != i) {
                        v = a + " is in the busy list of node " + vn.id + " at slot " + i;
                    }
                }
                lazyPages += vn.lazy.bytes() >>> pageShift;
            }
            if (v == null && lazyPages != vmapLazyNr.get()) {
                v = "vmap_lazy_nr is " + vmapLazyNr.get() + " but lazy areas hold " + lazyPages + " pages";
            }
            if (v != null) {
                throw new IllegalStateException("vmalloc bug (" + name + " debug check): " + v);
            }
        } finally {
            unlockAll();
        }
    }

    // ---- white-box access for tests ---------------------------------------------------------------

    /** The starts in node {@code node}'s pool of {@code pages} pages, head first. */
    long[] poolStarts(int node, int pages) {
        VmapNode vn = nodes[node];
        vn.poolLock.lock();
        try {
            SizePool vp = vn.pools[pages - 1];
            if (vp == null) {
                return new long[0];
            }
            long[] out = new long[vp.len()];
            for (int i = 0; i < out.length; i++) {
                out[i] = vp.get(i);
            }
            return out;
        } finally {
            vn.poolLock.unlock();
        }
    }

    /** The number of lazy areas on node {@code node}. */
    int lazyCount(int node) {
        VmapNode vn = nodes[node];
        vn.lazyLock.lock();
        try {
            return vn.lazy.count();
        } finally {
            vn.lazyLock.unlock();
        }
    }

    /** The number of busy areas on node {@code node}. */
    int busyCount(int node) {
        VmapNode vn = nodes[node];
        vn.busyLock.lock();
        try {
            return vn.busy.count();
        } finally {
            vn.busyLock.unlock();
        }
    }

    long vmapLazyNr() {
        return vmapLazyNr.get();
    }

    @Override
    public String toString() {
        return name + " allocator over " + space + " with " + nrNodes + " node" + (nrNodes == 1 ? "" : "s");
    }
}
