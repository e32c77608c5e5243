package io.vmapkit.driver.i915;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;

/**
 * {@code i915_gem_shrinker.c}: the shrinker (count/scan), {@code i915_gem_shrink} with its flag
 * filters, {@code can_release_pages}, and the OOM and vmap purge notifiers (docs/fidelity.md §10, §13).
 *
 * <p><b>Locking.</b> Every entry point gets struct_mutex through {@link ShrinkerLock}: count and
 * scan try once (stealing from their own thread when allowed) and give up at once (0 /
 * SHRINK_STOP); the notifiers retry for the configured timeout of the model clock. The walk then
 * runs under the lock it took or stole, and releases it only if it took it.
 *
 * <p><b>Threading.</b> The registry calls count and scan on the thread that is allocating pages; the
 * chains call the notifiers on the thread that is allocating vmap space or pages — in both cases
 * possibly a thread inside this driver, holding struct_mutex. No callback throws for a lock it
 * cannot get.
 */
final class GemShrinker implements Shrinker {

    private static final System.Logger LOG = System.getLogger(GemShrinker.class.getName());

    /** The vmap purge notifier block's name: the kernel function's. */
    static final String VMAP_NOTIFIER = "i915_gem_shrinker_vmap";
    /** The OOM notifier block's name. */
    static final String OOM_NOTIFIER = "i915_gem_shrinker_oom";
    /** The shrinker's name. */
    static final String SHRINKER = "i915_gem_shrinker";

    private final Device device;
    private final ShrinkerLock lock;
    private final VmapAllocator allocator;
    private final I915Settings settings;
    private final I915Stats stats;
    private final NotifierBlock<VmapPurgeEvent> vmapBlock;
    private final NotifierBlock<OomEvent> oomBlock;

    GemShrinker(Device device, ShrinkerLock lock, VmapAllocator allocator) {
        this.device = device;
        this.lock = lock;
        this.allocator = allocator;
        this.settings = device.settings();
        this.stats = device.stats();
        this.vmapBlock = NotifierBlock.of(VMAP_NOTIFIER, 0, this::vmapNotify);
        this.oomBlock = NotifierBlock.of(OOM_NOTIFIER, 0, this::oomNotify);
    }

    @Override
    public String name() {
        return SHRINKER;
    }

    /** The block for the vmap purge chain. */
    NotifierBlock<VmapPurgeEvent> vmapNotifier() {
        return vmapBlock;
    }

    /** The block for the OOM chain. */
    NotifierBlock<OomEvent> oomNotifier() {
        return oomBlock;
    }

    // ---- can_release_pages and i915_gem_shrink -------------------------------------------------

    /**
     * {@code can_release_pages} (§13.2): shmem-backed; no pin besides the bindings (4.7:
     * {@code pages_pin_count == bound VMAs + pinned VMAs}; 4.9: {@code pages_pin_count <= bind_count}
     * and no VMA pinned); and swap available or the object DONTNEED.
     */
    boolean canReleasePages(GemObject o) {
        if (!o.shmem()) {
            return false;
        }
        if (device.era().usesBindCountRule()) {
            if (o.pagesPinCount() > o.bindCount() || o.pinnedVmaCount() > 0) {
                return false;
            }
        } else if (o.pagesPinCount() != o.bindCount() + o.pinnedVmaCount()) {
            return false;
        }
        return settings.swap() || o.madv() == Madv.DONTNEED;
    }

    /** {@link #shrink(long, int, ReleaseObserver)} without an observer. */
    long shrink(long target, int flags) {
        return shrink(target, flags, ReleaseObserver.NONE);
    }

    /**
     * {@code i915_gem_shrink(target, flags)} (§13.3): retires requests; walks the unbound list (with
     * UNBOUND) and then the bound list (with BOUND), oldest first, skipping objects the flags exclude
     * (PURGEABLE: not DONTNEED; VMAPS: no real vmap cached; without ACTIVE: active) and those that
     * cannot release their pages; for each other object unbinds its VMA (waiting for the GPU if it is
     * active) and puts its pages, counting them; stops when the count reaches {@code target}; retires
     * again. Requires struct_mutex (taken or stolen by the caller).
     *
     * @param target pages to release; {@link ShrinkFlags#UNLIMITED} for all
     * @param observer told of every vmap range released; may end the walk
     * @return pages released
     * @throws IllegalArgumentException for a negative target or undefined flags
     */
    long shrink(long target, int flags, ReleaseObserver observer) {
        if (target < 0) {
            throw new IllegalArgumentException("i915_gem_shrink target " + target + " is negative");
        }
        ShrinkFlags.check(flags);
        device.structMutex().assertHeld("i915_gem_shrink");
        device.retireRequests();
        long count = 0;
        int[] phases = {ShrinkFlags.UNBOUND, ShrinkFlags.BOUND};
        walk:
        for (int phase : phases) {
            if ((flags & phase) == 0) {
                continue;
            }
            GemObject[] list = phase == ShrinkFlags.UNBOUND ? device.unboundSnapshot() : device.boundSnapshot();
            for (GemObject o : list) {
                if (count >= target || observer.satisfied()) {
                    break walk;
                }
                if (o.isFreed() || !o.hasPages()) {
                    continue; // released or freed by an earlier step of this walk
                }
                if ((flags & ShrinkFlags.PURGEABLE) != 0 && o.madv() != Madv.DONTNEED) {
                    continue;
                }
                if ((flags & ShrinkFlags.VMAPS) != 0 && !o.hasVmapMapping()) {
                    continue;
                }
                if ((flags & ShrinkFlags.ACTIVE) == 0 && o.isActive()) {
                    continue;
                }
                if (!canReleasePages(o)) {
                    continue;
                }
                count += release(o, observer);
            }
        }
        device.retireRequests();
        return count;
    }

    /** Unbinds {@code o} and puts its pages, holding a reference meanwhile; the pages released. */
    private long release(GemObject o, ReleaseObserver observer) {
        device.hold(o);
        try {
            Vma vma = o.vma;
            if (vma != null) {
                VmapArea iomap = vma.iomap;
                if (!device.unbind(vma)) {
                    return 0;
                }
                if (iomap != null) {
                    observer.released(iomap.start(), iomap.end());
                }
            }
            Mapping m = o.mapping();
            if (device.putPages(o) != Device.PutPages.RELEASED) {
                return 0;
            }
            if (m != null && m.isVmap()) {
                observer.released(m.area().start(), m.area().end());
            }
            return o.sizePages();
        } finally {
            device.releaseHold(o);
        }
    }

    /**
     * The 4.9 notifier's last step: unbind every inactive GGTT VMA that holds an iomap (an unpinned
     * one; a pinned VMA refuses), adding {@code vma->node.size >> PAGE_SHIFT} for each.
     */
    long unbindIomaps(ReleaseObserver observer) {
        device.structMutex().assertHeld("iomap walk");
        long freed = 0;
        for (Vma vma : device.ggttInactiveSnapshot()) {
            if (observer.satisfied()) {
                break;
            }
            VmapArea iomap = vma.iomap;
            if (iomap == null || !vma.bound) {
                continue;
            }
            int pages = vma.nodePages();
            if (device.unbind(vma)) {
                freed += pages;
                stats.iomapsUnbound.increment();
                observer.released(iomap.start(), iomap.end());
            }
        }
        return freed;
    }

    // ---- shrinker ------------------------------------------------------------------------------

    /**
     * {@code i915_gem_shrinker_count} (4.7; 4.9 retires first): the pages of unbound objects that can
     * release them plus those of bound <em>inactive</em> objects that can; 0 if struct_mutex cannot be
     * had (trylock failed and no steal).
     */
    @Override
    public long countObjects(ShrinkControl sc) {
        stats.shrinkerCounts.increment();
        ShrinkerLock.Outcome got = lock.acquire();
        if (got == ShrinkerLock.Outcome.FAILED) {
            stats.lockGiveUps.increment();
            return 0;
        }
        try {
            if (device.isClosed()) {
                return 0;
            }
            return count();
        } finally {
            lock.release(got);
        }
    }

    /** The count itself, under struct_mutex. */
    long count() {
        device.structMutex().assertHeld("i915_gem_shrinker_count");
        if (device.era().countRetiresFirst()) {
            device.retireRequests();
        }
        long count = 0;
        for (GemObject o : device.unboundSnapshot()) {
            if (canReleasePages(o)) {
                count += o.sizePages();
            }
        }
        for (GemObject o : device.boundSnapshot()) {
            if (!o.isActive() && canReleasePages(o)) {
                count += o.sizePages();
            }
        }
        return count;
    }

    /**
     * {@code i915_gem_shrinker_scan}: SHRINK_STOP without struct_mutex; otherwise
     * {@code shrink(nr_to_scan, BOUND|UNBOUND|PURGEABLE)} and, if that fell short,
     * {@code shrink(remainder, BOUND|UNBOUND)}; returns the pages released.
     */
    @Override
    public long scanObjects(ShrinkControl sc) {
        stats.shrinkerScans.increment();
        ShrinkerLock.Outcome got = lock.acquire();
        if (got == ShrinkerLock.Outcome.FAILED) {
            stats.lockGiveUps.increment();
            return SHRINK_STOP;
        }
        try {
            if (device.isClosed()) {
                return SHRINK_STOP;
            }
            return scan(sc.nrToScan());
        } finally {
            lock.release(got);
        }
    }

    /** The scan itself, under struct_mutex. */
    long scan(long nrToScan) {
        long freed = shrink(nrToScan, ShrinkFlags.SCAN_FIRST);
        if (freed < nrToScan) {
            freed += shrink(nrToScan - freed, ShrinkFlags.SCAN_SECOND);
        }
        stats.freedByShrinker.add(freed);
        return freed;
    }

    // ---- notifiers -----------------------------------------------------------------------------

    /**
     * {@code i915_gem_shrinker_vmap}: takes struct_mutex (retrying for the timeout; stealing from its
     * own thread), in 4.9 waits for the GPU to go idle, releases every cached vmap it can
     * ({@code shrink(-1, BOUND|UNBOUND|ACTIVE|VMAPS)}), in 4.9 also unbinds inactive iomap VMAs, and
     * <em>adds</em> the pages released to {@code freed}. With the stop-early setting it stops once the
     * failing request could fit. Always returns NOTIFY_DONE.
     */
    int vmapNotify(long action, VmapPurgeEvent event) {
        stats.notifierRounds.increment();
        if (device.isClosed()) {
            return Notify.DONE;
        }
        ShrinkerLock.Outcome got = lock.acquireUninterruptible(settings.lockTimeoutNanos());
        if (got == ShrinkerLock.Outcome.FAILED) {
            return Notify.DONE;
        }
        long freed = 0;
        try {
            if (device.isClosed()) {
                return Notify.DONE;
            }
            ReleaseObserver observer = settings.stopEarly()
                    ? new ContiguousSpace(allocator.snapshot(), event) : ReleaseObserver.NONE;
            if (device.era().notifierUnbindsIomaps()) {
                device.waitForIdle();
            }
            freed += shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.VMAP_NOTIFIER, observer);
            if (device.era().notifierUnbindsIomaps()) {
                freed += unbindIomaps(observer);
            }
        } finally {
            lock.release(got);
        }
        if (freed > 0) {
            event.add(freed);
            stats.freedByNotifier.add(freed);
        }
        return Notify.DONE;
    }

    /**
     * {@code i915_gem_shrinker_oom}: takes struct_mutex as the vmap notifier does, releases everything
     * it can ({@code i915_gem_shrink_all}: BOUND|UNBOUND|ACTIVE), reports what stays pinned, and adds
     * the pages released to the event.
     */
    int oomNotify(long action, OomEvent event) {
        stats.oomRounds.increment();
        if (device.isClosed()) {
            return Notify.DONE;
        }
        ShrinkerLock.Outcome got = lock.acquireUninterruptible(settings.lockTimeoutNanos());
        if (got == ShrinkerLock.Outcome.FAILED) {
            return Notify.DONE;
        }
        long freed;
        long pinned;
        try {
            if (device.isClosed()) {
                return Notify.DONE;
            }
            freed = shrink(ShrinkFlags.UNLIMITED, ShrinkFlags.SHRINK_ALL);
            pinned = device.pinnedPages();
        } finally {
            lock.release(got);
        }
        if (freed > 0 || pinned > 0) {
            long page = device.pageSize();
            LOG.log(System.Logger.Level.INFO, () -> "Purging GPU memory, " + freed * page + " bytes freed, "
                    + pinned * page + " bytes still pinned.");
        }
        if (freed > 0) {
            event.add(freed);
            stats.freedByOom.add(freed);
        }
        return Notify.DONE;
    }
}
