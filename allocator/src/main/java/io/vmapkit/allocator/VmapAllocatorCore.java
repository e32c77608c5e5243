package io.vmapkit.allocator;

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
import io.vmapkit.api.vmap.VmapSnapshot.Kind;
import io.vmapkit.api.vmap.VmapSnapshot.Range;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared core of both algorithms: validation, the areas, lazy free and purge, the overflow
 * path, statistics, snapshots and events. Where a request goes is the {@link Placement}'s
 * business.
 *
 * <h2>Locks</h2>
 * <ul>
 *   <li>{@code vmapAreaLock} guards every piece of consistent state: the placement's structure,
 *       the live and lazy areas, the byte counters and statistics. It is held only for short,
 *       non-blocking sections and never while anything outside the allocator runs.</li>
 *   <li>{@code purgeLock} ({@code vmap_purge_lock}) serialises purges. Synchronous purges
 *       ({@link #purgeLazy()}, the overflow path of a blocking request, the background drain) wait
 *       for it; the threshold purge of {@link #free} and the overflow purge of a
 *       {@link AllocFlag#NON_BLOCKING} request only try it and give up if a purge runs (the latter
 *       waits like the others when {@link AllocatorConfig#nonBlockingPurgeTrylock()} is off, as in
 *       the kernel). Lock order: purgeLock, then vmapAreaLock.</li>
 *   <li>{@code vmapLazyNr} is an {@link AtomicLong} changed only under vmapAreaLock (so it always
 *       matches the lazy set there) and read without it by the threshold check.</li>
 * </ul>
 * The purge notifier chain and the listener run with neither lock held (the listener's purge
 * events run under purgeLock, which is reentrant, so a listener may still purge).
 *
 * <p><b>No lost threshold purge</b> (SYNC mode): a thread releasing purgeLock re-checks the lazy
 * counter and purges again if it is over the threshold and nobody waits for the lock, because a
 * free that crossed the threshold meanwhile only try-locked and gave up. The kernel (3.x–5.3)
 * leaves such a backlog for the next free or the overflow path; vmapkit never leaves the counter
 * above the threshold once the threads have stopped.
 *
 * <h2>Allocation and the overflow path (docs/fidelity.md §5)</h2>
 * A request is resolved by {@code RequestWindow.resolve} (a bad one throws
 * {@link IllegalArgumentException} before anything changes or is counted); with
 * {@link AllocatorConfig#rejectImpossibleRequests()} off, by {@code RequestWindow.resolveWindow}, so a
 * request larger than its window fails in the search and goes the kernel's way through the overflow
 * path to EBUSY. The guard page is added
 * unless {@link AllocFlag#NO_GUARD}. The descriptor is then "allocated": the
 * {@link FaultInjector#VMAP_AREA_DESCRIPTOR} fault fails the call with ENOMEM at once. Then, in a
 * loop: search; on failure, if this attempt has not purged yet, purge and retry; otherwise call
 * the purge chain with a fresh {@link VmapPurgeEvent} (action 0) unless there is none or the
 * request is non-blocking and {@link AllocatorConfig#nonBlockingSkipsNotifier()}; if callbacks
 * freed anything, clear the purged flag and retry; otherwise fail with EBUSY and the kernel's
 * rate-limited warning. The round cap ({@link AllocatorConfig#maxNotifierRounds()}) ends the loop
 * with EBUSY once that many rounds have run and the search still fails, naming the blocks that
 * claimed progress in the last round.
 *
 * <p><b>Re-entry.</b> A callback of the purge chain may allocate, and that allocation may run the
 * overflow path and call the chain again (a nested round). The kernel would recurse (or deadlock)
 * without bound; vmapkit counts, per thread, how many of this allocator's chain calls the thread is
 * inside, and an overflow path {@link AllocatorConfig#maxChainReentry()} calls deep (64 by default)
 * fails its allocation with
 * EBUSY instead of calling the chain again, naming the request's owner (the plugin allocating from
 * its own callback). The outer allocations then see their rounds free nothing and fail or succeed as
 * usual; nothing is left half done.
 */
final class VmapAllocatorCore implements VmapAllocator {

    private static final System.Logger LOG = System.getLogger("io.vmapkit.allocator");

    private final String name;
    private final AddressSpace space;
    private final int pageShift;
    private final long lazyMaxPages;
    private final int maxNotifierRounds;
    private final NotifierChain<VmapPurgeEvent> purgeChain;
    private final boolean nonBlockingSkipsNotifier;
    private final boolean rejectImpossibleRequests;
    private final boolean nonBlockingPurgeTrylock;
    private final FaultInjector faults;
    private final int maxChainReentry;
    private final boolean debugChecks;
    private final Tracepoints trace;
    private final Ratelimit warnings;
    private final LazyDrain drain;
    private final boolean noWarnHonoured;
    private final boolean emptyPurgeEvent;

    private final ReentrantLock vmapAreaLock = new ReentrantLock();
    private final ReentrantLock purgeLock = new ReentrantLock();
    private final AtomicLong vmapLazyNr = new AtomicLong();
    /** How many of this allocator's purge-chain calls the current thread is inside. */
    private final ThreadLocal<int[]> chainDepth = ThreadLocal.withInitial(() -> new int[1]);

    // ---- guarded by vmapAreaLock ----
    private final Placement placement;
    private final AreaIndex areas = new AreaIndex();
    private long liveBytes;
    private long lazyBytes;
    private long peakLiveBytes;
    private long peakLazyBytes;
    private long allocations;
    private long allocationFailures;
    private long frees;
    private long searches;
    private long purges;
    private long purgedAreas;
    private long tlbFlushes;
    private long notifierRounds;

    VmapAllocatorCore(String name, AllocatorConfig config, Placement placement) {
        this(name, config, placement, EraSwitches.DEFAULT);
    }

    VmapAllocatorCore(String name, AllocatorConfig config, Placement placement, EraSwitches era) {
        this.name = Objects.requireNonNull(name, "name");
        this.space = config.space();
        this.pageShift = Integer.numberOfTrailingZeros(space.pageSize());
        this.lazyMaxPages = config.lazyMaxPages();
        this.maxNotifierRounds = config.maxNotifierRounds();
        this.maxChainReentry = config.maxChainReentry();
        this.purgeChain = config.purgeChain().orElse(null);
        this.nonBlockingSkipsNotifier = config.nonBlockingSkipsNotifier();
        this.rejectImpossibleRequests = config.rejectImpossibleRequests();
        this.nonBlockingPurgeTrylock = config.nonBlockingPurgeTrylock();
        this.faults = config.faults();
        this.debugChecks = config.debugChecks();
        this.trace = new Tracepoints(config.listener());
        this.warnings = new Ratelimit(config.clock()); // printk_ratelimit(): 10 per 5 s
        this.drain = config.lazyPurgeMode() == AllocatorConfig.LazyPurgeMode.BACKGROUND
                ? new LazyDrain(this, config.drainExecutor().orElse(ForkJoinPool.commonPool()))
                : null;
        this.placement = placement;
        this.noWarnHonoured = era.noWarnHonoured();
        this.emptyPurgeEvent = era.emptyPurgeEvent();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AddressSpace space() {
        return space;
    }

    // ---- allocation ---------------------------------------------------------------------------

    /**
     * The fast path: resolve, one search, and on success return. Everything after a failed first
     * search (the overflow path) and every failure message is in other methods, so this method stays
     * small enough for the JIT to inline into its callers.
     */
    @Override
    public VmapArea allocate(VmapRequest request) {
        VmapRequest r = rejectImpossibleRequests
                ? RequestWindow.resolve(space, request) : RequestWindow.resolveWindow(space, request);
        long guard = RequestWindow.guardSize(space, r);
        long size = r.size() + guard;
        long align = r.align();
        long vstart = r.vstart();
        long vend = r.vend();

        if (faults.shouldFail(FaultInjector.VMAP_AREA_DESCRIPTOR)) {
            throw descriptorFailure(r, size);
        }
        Area area = new Area(this, r.owner().orElse(""), guard == 0);
        int fit = placeLocked(area, size, align, vstart, vend);
        boolean found = fit >= 0;
        trace.vmapSearch(r, found);
        if (found) {
            trace.allocVmapArea(area.start, size, align, vstart, vend, false, fit);
            return area;
        }
        return overflow(r, area, size, align, vstart, vend);
    }

    /** The injected failure of the {@code vmap_area} descriptor's allocation (ENOMEM, nothing searched). */
    private VmapAllocationException descriptorFailure(VmapRequest r, long size) {
        return failure(r, size, Errno.ENOMEM, "vmap_area descriptor allocation failed for size "
                + Long.toUnsignedString(size), 0, false, List.of());
    }

    /**
     * The overflow path, entered after the first search found nothing: purge and search again, then
     * notifier rounds (each followed by a purge and a search while a round freed something), then
     * the failure.
     */
    private VmapArea overflow(VmapRequest r, Area area, long size, long align, long vstart, long vend) {
        boolean nonBlocking = r.has(AllocFlag.NON_BLOCKING);
        boolean purged = false;
        int rounds = 0;
        List<String> claimed = List.of();
        boolean capReached = false;
        for (;;) {
            // The last search found nothing.
            if (!purged) {
                boolean any = nonBlocking && nonBlockingPurgeTrylock ? tryPurgeLazy() : purgeLazy();
                trace.overflowPurge(r, any);
                purged = true;
            } else {
                if (purgeChain == null || (nonBlocking && nonBlockingSkipsNotifier)) {
                    break;
                }
                if (maxNotifierRounds != AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS && rounds >= maxNotifierRounds) {
                    capReached = true;
                    break;
                }
                int depth = chainDepth.get()[0];
                if (depth >= maxChainReentry) {
                    throw reentryRefused(r, size, depth, rounds);
                }
                rounds++;
                VmapPurgeEvent event = new VmapPurgeEvent(r, size, rounds);
                callPurgeChain(event);
                long freed = event.freed();
                claimed = event.contributors();
                countNotifierRound();
                trace.notifierRound(event, claimed, freed > 0 && rounds == maxNotifierRounds);
                if (freed <= 0) {
                    break;
                }
                purged = false;
            }
            int fit = placeLocked(area, size, align, vstart, vend);
            boolean found = fit >= 0;
            trace.vmapSearch(r, found);
            if (found) {
                trace.allocVmapArea(area.start, size, align, vstart, vend, false, fit);
                return area;
            }
        }
        String message = "vmap allocation for size " + Long.toUnsignedString(size)
                + " failed: use vmalloc=<size> to increase size";
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

    private void callPurgeChain(VmapPurgeEvent event) {
        int[] depth = chainDepth.get();
        depth[0]++;
        try {
            purgeChain.call(VmapPurgeEvent.ACTION, event);
        } catch (RuntimeException e) {
            // The chain contains its callbacks' failures; this is the chain itself failing. What was
            // added to freed before it threw still counts.
            LOG.log(System.Logger.Level.WARNING, "purge notifier chain " + purgeChain.name() + " threw; round "
                    + event.round() + " counts freed=" + event.freed(), e);
        } finally {
            depth[0]--;
        }
    }

    /**
     * The failure of an allocation made inside {@code depth} nested purge-chain calls (kept out of
     * {@link #allocate} so the hot method stays small enough to inline).
     */
    private VmapAllocationException reentryRefused(VmapRequest r, long size, int depth, int rounds) {
        return failure(r, size, Errno.EBUSY, "vmap allocation for size " + Long.toUnsignedString(size)
                + (r.owner().isPresent() ? " by '" + r.owner().get() + "'" : "") + " failed: it was made inside "
                + depth + " nested calls of the purge notifier chain " + purgeChain.name()
                + " (a callback that allocates from its own purge callback); vmapkit does not call the chain "
                + "deeper than " + maxChainReentry + " levels (vmapkit.allocator.max-chain-reentry)", rounds, false,
                List.of());
    }

    private VmapAllocationException failure(VmapRequest r, long size, Errno errno, String message, int rounds,
            boolean capReached, List<String> claimed) {
        vmapAreaLock.lock();
        try {
            allocationFailures++;
        } finally {
            vmapAreaLock.unlock();
        }
        trace.allocVmapArea(r.vend(), size, r.align(), r.vstart(), r.vend(), true, Placement.FIT_NONE);
        trace.vmapAllocFailed(r, errno, message, claimed);
        return new VmapAllocationException(errno, message, r, rounds, capReached, claimed);
    }

    /**
     * One search under the lock; on success the area is placed, live and counted.
     *
     * @return the split case ({@code Placement.FIT_*}), or -1 if nothing fits
     */
    private int placeLocked(Area area, long size, long align, long vstart, long vend) {
        vmapAreaLock.lock();
        try {
            searches++;
            long start = placement.reserve(size, align, vstart, vend);
            if (start == vend) {
                if (debugChecks) {
                    checkLocked();
                }
                return -1;
            }
            if (!Addresses.isAligned(start, align) || Addresses.lessThan(start, vstart)
                    || Addresses.addWraps(start, size) || Addresses.greaterThan(start + size, vend)) {
                throw new IllegalStateException("vmalloc bug: " + name + " placed " + Addresses.hex(start) + " + "
                        + Long.toUnsignedString(size) + " outside [" + Addresses.hex(vstart) + ", " + Addresses.hex(vend)
                        + ") or off align " + Addresses.hex(align));
            }
            area.start = start;
            area.end = start + size;
            area.setState(Area.LIVE);
            areas.addLive(area);
            liveBytes += size;
            if (Addresses.greaterThan(liveBytes, peakLiveBytes)) {
                peakLiveBytes = liveBytes;
            }
            allocations++;
            if (debugChecks) {
                checkLocked();
            }
            return placement.lastFit();
        } finally {
            vmapAreaLock.unlock();
        }
    }

    private void countNotifierRound() {
        vmapAreaLock.lock();
        try {
            notifierRounds++;
        } finally {
            vmapAreaLock.unlock();
        }
    }

    // ---- lazy free ----------------------------------------------------------------------------

    @Override
    public void free(VmapArea handle) {
        Objects.requireNonNull(handle, "area");
        if (!(handle instanceof Area) || ((Area) handle).allocator != this) {
            throw notOurs(handle);
        }
        Area a = (Area) handle;
        long nrLazy;
        vmapAreaLock.lock();
        try {
            byte state = a.rawState();
            if (state != Area.LIVE) {
                throw doubleFree(a);
            }
            areas.moveToLazy(a);
            a.setState(Area.LAZY);
            long bytes = a.end - a.start;
            liveBytes -= bytes;
            lazyBytes += bytes;
            if (Addresses.greaterThan(lazyBytes, peakLazyBytes)) {
                peakLazyBytes = lazyBytes;
            }
            frees++;
            nrLazy = vmapLazyNr.addAndGet(bytes >>> pageShift);
            if (debugChecks) {
                checkLocked();
            }
        } finally {
            vmapAreaLock.unlock();
        }
        trace.freeVmapAreaNoflush(a.start, nrLazy, lazyMaxPages);
        if (nrLazy > lazyMaxPages) {
            if (drain == null) {
                tryPurgeLazy();
            } else {
                drain.schedule();
            }
        }
    }

    /** The refusal of a handle another allocator (or nobody) made; built outside {@link #free}. */
    private IllegalArgumentException notOurs(VmapArea handle) {
        return new IllegalArgumentException("area " + handle + " was not allocated by this " + name
                + " allocator over " + space);
    }

    /** The refusal of a second free; built outside {@link #free}. */
    private static IllegalStateException doubleFree(Area a) {
        return new IllegalStateException("double free: " + a + " was already freed");
    }

    // ---- purge --------------------------------------------------------------------------------

    @Override
    public boolean purgeLazy() {
        purgeLock.lock();
        try {
            return purgeWithPurgeLockHeld();
        } finally {
            unlockPurge();
        }
    }

    /** {@code try_purge_vmap_area_lazy}: purges unless a purge is running. */
    boolean tryPurgeLazy() {
        if (!purgeLock.tryLock()) {
            return false;
        }
        try {
            return purgeWithPurgeLockHeld();
        } finally {
            unlockPurge();
        }
    }

    /**
     * Releases the purge lock, then (threshold purges on the freeing thread only) purges again while
     * the lazy counter is over the threshold and no other purge waits for the lock. A free that
     * crossed the threshold while this thread held the lock found it taken and gave up (the
     * kernel's try-purge); without this re-check that purge would be lost, and the counter could
     * stay above the threshold with nothing left to trigger a purge. A thread queued for the lock
     * purges everything lazy anyway, and re-checks when it unlocks in turn.
     */
    private void unlockPurge() {
        purgeLock.unlock();
        while (drain == null && !purgeLock.isHeldByCurrentThread() && overThreshold() && !purgeLock.hasQueuedThreads()
                && purgeLock.tryLock()) {
            try {
                if (!purgeWithPurgeLockHeld()) {
                    return;
                }
            } finally {
                purgeLock.unlock();
            }
        }
    }

    /**
     * The drain worker ({@code drain_vmap_area_work}, 5.18+): purge first, then purge again while the
     * lazy counter is still over the threshold. The worker runs after the free that scheduled it,
     * perhaps after a synchronous purge already emptied the lazy set: it purges whatever was freed
     * since, even below the threshold.
     */
    void drainPurgeFirst() {
        do {
            purgeLazy();
        } while (overThreshold());
    }

    boolean overThreshold() {
        return vmapLazyNr.get() > lazyMaxPages;
    }

    /**
     * {@code __purge_vmap_area_lazy}: detaches the whole lazy set, counts one TLB flush over its
     * union range, returns every area to the placement and subtracts exactly the purged pages from
     * the lazy counter.
     */
    private boolean purgeWithPurgeLockHeld() {
        long flushStart = -1L; // ULONG_MAX
        long flushEnd = 0;
        int n;
        vmapAreaLock.lock();
        try {
            n = areas.lazyCount();
            if (n > 0) {
                long bytes = 0;
                for (int i = 0; i < n; i++) {
                    Area a = areas.lazy(i);
                    flushStart = Addresses.min(flushStart, a.start);
                    flushEnd = Addresses.max(flushEnd, a.end);
                    placement.release(a.start, a.end);
                    a.setState(Area.PURGED);
                    bytes += a.end - a.start;
                }
                areas.clearLazy();
                lazyBytes -= bytes;
                vmapLazyNr.addAndGet(-(bytes >>> pageShift));
                purges++;
                purgedAreas += n;
                tlbFlushes++;
                if (debugChecks) {
                    checkLocked();
                }
            }
        } finally {
            vmapAreaLock.unlock();
        }
        // Nothing detached: no flush and nothing counted; 6.x still traces it with the caller's
        // bounds (ULONG_MAX, 0) and npurged 0 (EraSwitches#emptyPurgeEvent).
        if (n > 0 || emptyPurgeEvent) {
            trace.purgeVmapAreaLazy(flushStart, flushEnd, n);
        }
        return n > 0;
    }

    // ---- views --------------------------------------------------------------------------------

    @Override
    public VmapStats stats() {
        vmapAreaLock.lock();
        try {
            return VmapStats.builder()
                    .spaceBytes(space.size())
                    .liveBytes(liveBytes)
                    .lazyBytes(lazyBytes)
                    .freeBytes(placement.freeBytes())
                    .liveAreas(areas.liveCount())
                    .lazyAreas(areas.lazyCount())
                    .freeBlocks(placement.freeBlocks())
                    .largestFreeBlock(placement.largestFreeBlock())
                    .peakLiveBytes(peakLiveBytes)
                    .peakLazyBytes(peakLazyBytes)
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
            vmapAreaLock.unlock();
        }
    }

    /** The free tree's split counters ({@link FreeTreeSplits}); all 0 for the busy-list placements. */
    FreeTreeSplits splits() {
        vmapAreaLock.lock();
        try {
            return new FreeTreeSplits(placement.fitCount(Placement.FIT_FULL), placement.fitCount(Placement.FIT_LEFT_EDGE),
                    placement.fitCount(Placement.FIT_RIGHT_EDGE), placement.fitCount(Placement.FIT_NO_EDGE));
        } finally {
            vmapAreaLock.unlock();
        }
    }

    @Override
    public VmapSnapshot snapshot() {
        vmapAreaLock.lock();
        try {
            return snapshotLocked();
        } finally {
            vmapAreaLock.unlock();
        }
    }

    private VmapSnapshot snapshotLocked() {
        int live = areas.liveCount();
        int lazy = areas.lazyCount();
        Area[] held = new Area[live + lazy];
        for (int i = 0; i < live; i++) {
            held[i] = areas.live(i);
        }
        for (int i = 0; i < lazy; i++) {
            held[live + i] = areas.lazy(i);
        }
        Arrays.sort(held, (x, y) -> Long.compareUnsigned(x.start, y.start));
        List<Range> ranges = new ArrayList<>(2 * held.length + 1);
        int[] next = {0};
        placement.forEachFreeBlock((s, e) -> {
            while (next[0] < held.length && Addresses.lessThan(held[next[0]].start, s)) {
                ranges.add(rangeOf(held[next[0]++]));
            }
            ranges.add(new Range(s, e, Kind.FREE, ""));
        });
        while (next[0] < held.length) {
            ranges.add(rangeOf(held[next[0]++]));
        }
        return new VmapSnapshot(space, ranges);
    }

    private static Range rangeOf(Area a) {
        return new Range(a.start, a.end, a.rawState() == Area.LAZY ? Kind.LAZY : Kind.BUSY, a.owner);
    }

    // ---- debug checks -------------------------------------------------------------------------

    /** Verifies every invariant (docs/fidelity.md §3.5 and the core's own); throws on the first violation. */
    private void checkLocked() {
        String v = placement.violation();
        if (v == null) {
            v = indexViolation();
        }
        if (v == null) {
            v = snapshotLocked().violation().orElse(null);
        }
        if (v != null) {
            throw new IllegalStateException("vmalloc bug (" + name + " debug check): " + v);
        }
    }

    private String indexViolation() {
        long live = 0;
        for (int i = 0; i < areas.liveCount(); i++) {
            Area a = areas.live(i);
            if (a.slot != i || a.rawState() != Area.LIVE) {
                return "live slot " + i + " holds " + a + " with slot " + a.slot;
            }
            live += a.end - a.start;
        }
        long lazy = 0;
        for (int i = 0; i < areas.lazyCount(); i++) {
            Area a = areas.lazy(i);
            if (a.slot != i || a.rawState() != Area.LAZY) {
                return "lazy slot " + i + " holds " + a + " with slot " + a.slot;
            }
            lazy += a.end - a.start;
        }
        if (live != liveBytes || lazy != lazyBytes) {
            return "areas hold " + live + " live and " + lazy + " lazy bytes; counters say " + liveBytes + " and " + lazyBytes;
        }
        if (vmapLazyNr.get() != lazyBytes >>> pageShift) {
            return "vmap_lazy_nr is " + vmapLazyNr.get() + " but lazy areas hold " + (lazyBytes >>> pageShift) + " pages";
        }
        if (placement.freeBytes() != space.size() - liveBytes - lazyBytes) {
            return "free " + placement.freeBytes() + " + live " + liveBytes + " + lazy " + lazyBytes
                    + " != space " + space.size();
        }
        return null;
    }

    /** Runs the debug checks now, whatever the configuration (tests). */
    void checkInvariants() {
        vmapAreaLock.lock();
        try {
            checkLocked();
        } finally {
            vmapAreaLock.unlock();
        }
    }

    // ---- white-box access for tests ---------------------------------------------------------------

    Placement placement() {
        return placement;
    }

    long lazyMaxPages() {
        return lazyMaxPages;
    }

    long vmapLazyNr() {
        return vmapLazyNr.get();
    }

    /** The number of threads waiting for the purge lock (tests). */
    int purgeLockQueueLength() {
        return purgeLock.getQueueLength();
    }

    /** Runs {@code action} holding the allocator's lock (tests inspecting the placement). */
    <T> T locked(java.util.function.Supplier<T> action) {
        vmapAreaLock.lock();
        try {
            return action.get();
        } finally {
            vmapAreaLock.unlock();
        }
    }

    @Override
    public String toString() {
        return name + " allocator over " + space;
    }
}
