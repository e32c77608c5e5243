package io.vmapkit.plugins.examples.msm;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Ratelimit;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.examples.msm.MsmPlugin.LockMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link MsmPlugin} installed into one system: the buffer-object cache with its objects, LRU lists,
 * counters, purge notifier block and shrinker, as the plugin's documentation describes (what it
 * models, the settings, the locking by {@link LockMode}). The host API: {@link #newObject},
 * {@link #getVaddr}, {@link #putVaddr}, {@link #madvise}, {@link #free}, {@link #stats()}.
 *
 * <p><b>Ownership and threading.</b> The system that installed the plugin owns this object and hands
 * it out ({@code system.installed(MsmDriver.class)}); a host uses it and never closes it. Host methods
 * are thread-safe. {@link #close()} runs once, on the system's closing thread: it unregisters both
 * callbacks, then frees every object's mapping and pages; an object or mapping being created while it
 * runs is given back and its call throws {@link IllegalStateException}.
 */
public final class MsmDriver implements InstalledPlugin {

    private static final System.Logger LOG = System.getLogger(MsmPlugin.class.getName()); // the plugin's logger, as hosts configure it

    /** The cache lock; see the plugin's documentation. Package-visible for {@link MsmObject}'s accessors. */
    final ReentrantLock lock = new ReentrantLock();

    // ---- guarded by lock ----
    /** Every live object. */
    private final Set<MsmObject> objects = new LinkedHashSet<>();
    /** Mapped, unpinned objects, least recently used first: the notifier's candidates. */
    private final LinkedHashSet<MsmObject> vunmappable = new LinkedHashSet<>();
    /** Unpinned DONTNEED objects with pages, least recently used first: the shrinker's candidates. */
    private final LinkedHashSet<MsmObject> purgeable = new LinkedHashSet<>();
    private long mappingsCreated;
    private long notifierCalls;
    private long notifierUnmaps;
    private long shrinkerPurges;
    private long shrinkerPages;
    /** Callbacks that ran under a hold of the lock their own thread already had; only a holder bumps it. */
    private long lockSteals;
    /** The pages of {@link #purgeable}; written under lock, read without it by countObjects. */
    private volatile long purgeablePages;

    // ---- bumped without the lock, by callbacks that could not get it ----
    private final LongAdder notifierGiveUps = new LongAdder();
    private final LongAdder shrinkerGiveUps = new LongAdder();

    /**
     * Set by {@link #close()}, guarded by lock: an object or mapping created while close runs is given
     * back instead of cached.
     */
    private boolean closed;

    private final PluginContext context;
    private final int maxUnmapsPerCall;
    private final LockMode lockMode;
    private final ShrinkerLock shrinkerLock;
    private final Ratelimit ratelimit;
    private final Ratelimit giveUpRatelimit;
    /** The block's and the shrinker's registrations, set once by the plugin right after registering. */
    private volatile List<Registration> registrations = List.of();

    MsmDriver(PluginContext context, int maxUnmapsPerCall, LockMode lockMode, long logIntervalNanos, int logBurst) {
        this.context = context;
        this.maxUnmapsPerCall = maxUnmapsPerCall;
        this.lockMode = lockMode;
        this.shrinkerLock = new ShrinkerLock(lock, lockMode);
        this.ratelimit = new Ratelimit(context.clock(), logIntervalNanos, logBurst);
        this.giveUpRatelimit = new Ratelimit(context.clock(), logIntervalNanos, logBurst);
    }

    /** Remembers the callbacks' registrations, for {@link #close()}. */
    void registered(List<Registration> regs) {
        registrations = List.copyOf(regs);
    }

    /**
     * Creates an object of {@code sizeBytes} with backing pages from the page pool (which may run page
     * reclaim, including this plugin's own shrinker). The object starts unmapped, unpinned, WILLNEED.
     * In {@code trylock} mode the cache lock is held across the page allocation, as msm allocates pages
     * under {@code struct_mutex}: reclaim's call of this plugin's shrinker on this thread steals it.
     *
     * @param sizeBytes a positive multiple of the page size
     * @throws IllegalArgumentException for a bad size
     * @throws io.vmapkit.api.page.PageAllocationException (ENOMEM) if the pages cannot be found
     */
    public MsmObject newObject(long sizeBytes) {
        int pageSize = context.allocator().space().pageSize();
        if (sizeBytes <= 0 || sizeBytes % pageSize != 0) {
            throw new IllegalArgumentException("object size " + sizeBytes + " is not a positive multiple of the page size "
                    + pageSize);
        }
        long nrPages = sizeBytes / pageSize;
        if (lockMode == LockMode.TRYLOCK) {
            lock.lock();
            try {
                if (closed) {
                    throw closedFailure();
                }
                MsmObject o = new MsmObject(this, sizeBytes, nrPages, context.pagePool().allocate(nrPages));
                objects.add(o);
                return o;
            } finally {
                lock.unlock();
            }
        }
        PageRun pages = context.pagePool().allocate(nrPages); // outside the cache lock: may reclaim
        MsmObject o = new MsmObject(this, sizeBytes, nrPages, pages);
        lock.lock();
        try {
            if (!closed) {
                objects.add(o);
                return o;
            }
        } finally {
            lock.unlock();
        }
        context.pagePool().free(pages); // closed meanwhile: nobody would give the pages back
        throw closedFailure();
    }

    /**
     * Maps {@code obj} and pins the mapping ({@code msm_gem_get_vaddr}): returns the cached mapping if
     * there is one, else allocates a vmap area (which may run the overflow path and the purge notifier,
     * this plugin's block included; the object is pinned first, so that block leaves it alone). In
     * {@code wait} mode the cache lock is released during the allocation; in {@code trylock} mode it is
     * held across it, so this plugin's block, called on this thread, steals it, while a block or
     * shrinker called on another thread meanwhile gives up.
     *
     * @return the mapping, valid until the matching {@link #putVaddr}
     * @throws VmapException with {@link Errno#EBUSY} if the object is advised DONTNEED (or purged), as
     *     msm refuses to map an object whose contents may go
     * @throws io.vmapkit.api.vmap.VmapAllocationException if no mapping can be allocated; the pin is
     *     dropped again
     * @throws IllegalArgumentException if {@code obj} belongs to another msm installation or was freed
     */
    public VmapArea getVaddr(MsmObject obj) {
        return lockMode == LockMode.TRYLOCK ? getVaddrHoldingTheLock(obj) : getVaddrReleasingTheLock(obj);
    }

    /** {@code wait} mode: pin under the lock, allocate without it, cache the mapping under it again. */
    private VmapArea getVaddrReleasingTheLock(MsmObject obj) {
        lock.lock();
        try {
            VmapArea cached = pinForMapping(obj);
            if (cached != null) {
                return cached; // the whole point of caching vmaps
            }
        } finally {
            lock.unlock();
        }
        VmapArea area;
        try {
            area = allocateMapping(obj);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                unpinAfterFailure(obj);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        VmapArea surplus;
        VmapArea result;
        lock.lock();
        try {
            surplus = cacheMapping(obj, area);
            result = obj.mapping;
        } finally {
            lock.unlock();
        }
        if (surplus != null) {
            context.allocator().free(surplus);
        }
        if (result == null) { // freed meanwhile: the cache was closed
            throw closedFailure();
        }
        return result;
    }

    /** {@code trylock} mode: the whole of {@code msm_gem_get_vaddr} under the lock, the allocation included. */
    private VmapArea getVaddrHoldingTheLock(MsmObject obj) {
        lock.lock();
        try {
            VmapArea cached = pinForMapping(obj);
            if (cached != null) {
                return cached;
            }
            VmapArea area;
            try {
                area = allocateMapping(obj);
            } catch (RuntimeException e) {
                unpinAfterFailure(obj);
                throw e;
            }
            VmapArea surplus = cacheMapping(obj, area);
            if (surplus != null) { // nobody else can map or free it while we hold the lock
                unpinAfterFailure(obj);
                context.allocator().free(surplus);
                throw new IllegalStateException("model error: " + obj + " changed while its mapper held the cache lock");
            }
            return area;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks {@code obj} can be mapped and pins it (pin first: neither reclaimer touches a pinned
     * object). Lock held.
     *
     * @return its cached mapping, or {@code null} if one must be allocated
     */
    private VmapArea pinForMapping(MsmObject obj) {
        check(obj);
        if (obj.madv != MsmObject.Madv.WILLNEED) {
            throw new VmapException(Errno.EBUSY, obj + " is advised " + obj.madv
                    + (obj.purged ? " and was purged" : "") + "; it cannot be mapped");
        }
        obj.vmapCount++;
        relist(obj);
        return obj.mapping;
    }

    /** The vmap allocation; may run the overflow path and this plugin's notifier block on this thread. */
    private VmapArea allocateMapping(MsmObject obj) {
        return context.allocator().allocate(VmapRequest.of(obj.sizeBytes));
    }

    /** Drops the pin {@link #pinForMapping} took for a mapping that could not be allocated. Lock held. */
    private void unpinAfterFailure(MsmObject obj) {
        obj.vmapCount--;
        relist(obj);
    }

    /**
     * Caches {@code area} as {@code obj}'s mapping, unless another thread mapped it first (or uninstall
     * freed it) meanwhile. Lock held.
     *
     * @return {@code area} if it is surplus and must be given back (without the lock), else {@code null}
     */
    private VmapArea cacheMapping(MsmObject obj, VmapArea area) {
        if (obj.mapping == null && !obj.freed) {
            obj.mapping = area;
            mappingsCreated++;
            return null;
        }
        return area;
    }

    /**
     * Drops one pin ({@code msm_gem_put_vaddr}). The mapping stays cached; when the last pin goes, the
     * object becomes the most recently used candidate for the notifier (and, if DONTNEED, the shrinker).
     *
     * @throws IllegalStateException if the object is not pinned
     * @throws IllegalArgumentException if {@code obj} belongs to another msm installation or was freed
     */
    public void putVaddr(MsmObject obj) {
        lock.lock();
        try {
            check(obj);
            if (obj.vmapCount == 0) {
                throw new IllegalStateException(obj + " is not pinned: putVaddr without getVaddr");
            }
            obj.vmapCount--;
            relist(obj);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Advises whether the object's contents are still needed ({@code MSM_GEM_MADVISE}).
     *
     * @return whether the object still has its pages ({@code retained}); {@code false} once purged,
     *     whatever the advice
     * @throws IllegalArgumentException if {@code obj} belongs to another msm installation or was freed
     */
    public boolean madvise(MsmObject obj, MsmObject.Madv madv) {
        Objects.requireNonNull(madv, "madv");
        lock.lock();
        try {
            check(obj);
            if (obj.purged) {
                return false;
            }
            obj.madv = madv;
            relist(obj);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees an unpinned object: its mapping (lazily, as {@code vunmap}) and its pages.
     *
     * @throws IllegalStateException if the object is pinned; nothing changes
     * @throws IllegalArgumentException if {@code obj} belongs to another msm installation or was freed
     */
    public void free(MsmObject obj) {
        List<VmapArea> areas = new ArrayList<>(1);
        List<PageRun> runs = new ArrayList<>(1);
        lock.lock();
        try {
            check(obj);
            if (obj.vmapCount > 0) {
                throw new IllegalStateException(obj + " is pinned " + obj.vmapCount + " time(s); putVaddr first");
            }
            take(obj, areas, runs);
            obj.freed = true;
            objects.remove(obj);
            relist(obj);
        } finally {
            lock.unlock();
        }
        release(areas, runs);
    }

    /** A consistent reading of the cache and the counters. */
    public MsmStats stats() {
        lock.lock();
        try {
            long mapped = 0;
            long pinned = 0;
            for (MsmObject o : objects) {
                mapped += o.mapping != null ? 1 : 0;
                pinned += o.vmapCount > 0 ? 1 : 0;
            }
            return new MsmStats(objects.size(), mapped, pinned, vunmappable.size(), purgeable.size(), purgeablePages,
                    mappingsCreated, notifierCalls, notifierUnmaps, shrinkerPurges, shrinkerPages,
                    ratelimit.printed(), ratelimit.suppressed(),
                    lockSteals, notifierGiveUps.sum(), shrinkerGiveUps.sum(),
                    giveUpRatelimit.printed(), giveUpRatelimit.suppressed());
        } finally {
            lock.unlock();
        }
    }

    /** The lock discipline of this installation (setting {@value MsmPlugin#LOCK}). */
    public LockMode lockMode() {
        return lockMode;
    }

    /** The objects the notifier would unmap next, in that order (least recently used first). */
    public List<MsmObject> unmapOrder() {
        lock.lock();
        try {
            return List.copyOf(vunmappable);
        } finally {
            lock.unlock();
        }
    }

    // ---- the purge notifier block -------------------------------------------------------------

    /**
     * {@code msm_gem_shrinker_vmap}: unmaps at most {@code max-unmaps-per-call} unpinned mappings,
     * least recently used first, and adds how many to {@code freed}.
     *
     * <p>Runs on the allocating thread under the purge chain's read lock. Gets the cache lock by the
     * lock mode ({@link ShrinkerLock}): waits for it ({@code wait}), or steals or try-locks it and,
     * when another thread holds it, gives up at once, adding nothing ({@code trylock}). Frees the
     * mappings after releasing the lock (under its caller's hold when it stole it). Frees are lazy:
     * the allocator purges them before it searches again. Always returns {@link Notify#DONE}: the purge
     * chain ignores results, and a STOP result would keep lower-priority blocks from running.
     */
    int vmapNotify(long action, VmapPurgeEvent event) {
        ShrinkerLock.Outcome held = shrinkerLock.acquire();
        if (held == ShrinkerLock.Outcome.BUSY) {
            notifierGiveUps.increment();
            logGiveUp("vmap notifier gave up: the cache lock (struct_mutex) is held by another thread; nothing unmapped");
            return Notify.DONE;
        }
        List<VmapArea> unmapped = new ArrayList<>(maxUnmapsPerCall);
        try {
            countSteal(held);
            notifierCalls++;
            Iterator<MsmObject> lru = vunmappable.iterator();
            while (unmapped.size() < maxUnmapsPerCall && lru.hasNext()) {
                MsmObject o = lru.next();
                lru.remove(); // unpinned and mapped by construction of the list
                unmapped.add(o.mapping);
                o.mapping = null;
            }
            notifierUnmaps += unmapped.size();
        } finally {
            shrinkerLock.release(held);
        }
        for (VmapArea a : unmapped) {
            context.allocator().free(a); // vunmap: lazy, never calls a chain
        }
        if (!unmapped.isEmpty()) {
            event.add(unmapped.size()); // msm's unit: objects, not pages; only freed > 0 matters
            logRatelimited(ratelimit, "Purging " + unmapped.size() + " vmaps");
        }
        return Notify.DONE;
    }

    // ---- the shrinker -------------------------------------------------------------------------

    /** {@code msm_gem_shrinker_count/scan}: purges unpinned DONTNEED objects, counting pages. */
    final class GemShrinker implements Shrinker {

        /**
         * Pages of purgeable objects. In {@code wait} mode read without the lock: counts must be cheap
         * and never wait. In {@code trylock} mode under the lock got as the kernel's count gets it (steal
         * or trylock), and 0 when another thread holds it.
         */
        @Override
        public long countObjects(ShrinkControl sc) {
            if (lockMode == LockMode.WAIT) {
                return purgeablePages;
            }
            ShrinkerLock.Outcome held = shrinkerLock.acquire();
            if (held == ShrinkerLock.Outcome.BUSY) {
                shrinkerGiveUps.increment();
                logGiveUp("shrinker count gave up: the cache lock (struct_mutex) is held by another thread; counting 0");
                return 0;
            }
            try {
                countSteal(held);
                return purgeablePages;
            } finally {
                shrinkerLock.release(held);
            }
        }

        /**
         * Purges least recently used purgeable objects until {@code nrToScan} pages are freed. Objects
         * go whole, so the last one may take the total past {@code nrToScan}: the registry accepts that,
         * as the kernel does, and reports it as suspicious rather than as a failure. Runs with no vmapkit
         * lock held; gets the cache lock by the lock mode (waits, or steals or try-locks it), frees after
         * releasing it (under its caller's hold when it stole it).
         *
         * @return pages freed, or {@link #SHRINK_STOP} if nothing is purgeable now or, in {@code trylock}
         *     mode, another thread holds the cache lock
         */
        @Override
        public long scanObjects(ShrinkControl sc) {
            ShrinkerLock.Outcome held = shrinkerLock.acquire();
            if (held == ShrinkerLock.Outcome.BUSY) {
                shrinkerGiveUps.increment();
                logGiveUp("shrinker scan gave up: the cache lock (struct_mutex) is held by another thread; SHRINK_STOP");
                return SHRINK_STOP;
            }
            List<VmapArea> areas = new ArrayList<>();
            List<PageRun> runs = new ArrayList<>();
            long freed = 0;
            try {
                countSteal(held);
                Iterator<MsmObject> lru = purgeable.iterator();
                while (freed < sc.nrToScan() && lru.hasNext()) {
                    MsmObject o = lru.next();
                    lru.remove(); // through the iterator: the walk goes on
                    purgeablePages -= o.nrPages;
                    vunmappable.remove(o);
                    freed += o.nrPages;
                    take(o, areas, runs);
                    o.purged = true;
                    shrinkerPurges++;
                }
                shrinkerPages += freed;
            } finally {
                shrinkerLock.release(held);
            }
            release(areas, runs);
            return freed == 0 ? SHRINK_STOP : freed;
        }

        @Override
        public String name() {
            return MsmPlugin.SHRINKER_NAME;
        }
    }

    // ---- helpers (callers hold the lock where stated) ------------------------------------------

    /** Counts a steal. Lock held (by this thread, either way). */
    private void countSteal(ShrinkerLock.Outcome held) {
        if (held == ShrinkerLock.Outcome.STOLEN) {
            lockSteals++;
        }
    }

    /** Logs a callback's give-up, rate-limited apart from the "Purging" message. Lock not held. */
    private void logGiveUp(String message) {
        logRatelimited(giveUpRatelimit, message);
    }

    /** Logs {@code message} at INFO if {@code limit} lets it through, after the "callbacks suppressed" line. */
    private static void logRatelimited(Ratelimit limit, String message) {
        long suppressed = limit.acquire();
        if (suppressed > 0) {
            LOG.log(System.Logger.Level.INFO, Ratelimit.callbacksSuppressed(MsmPlugin.NAME, suppressed));
        }
        if (suppressed != Ratelimit.SUPPRESSED) {
            LOG.log(System.Logger.Level.INFO, message);
        }
    }

    /** Puts {@code o} on the lists its state calls for, at the most recently used end. Lock held. */
    private void relist(MsmObject o) {
        vunmappable.remove(o);
        if (purgeable.remove(o)) {
            purgeablePages -= o.nrPages;
        }
        if (o.freed || o.purged || o.vmapCount > 0) {
            return;
        }
        if (o.mapping != null) {
            vunmappable.add(o);
        }
        if (o.madv == MsmObject.Madv.DONTNEED && o.pages != null) {
            purgeable.add(o);
            purgeablePages += o.nrPages;
        }
    }

    /** Moves {@code o}'s mapping and pages into the lists, to be released without the lock. Lock held. */
    private static void take(MsmObject o, List<VmapArea> areas, List<PageRun> runs) {
        if (o.mapping != null) {
            areas.add(o.mapping);
            o.mapping = null;
        }
        if (o.pages != null) {
            runs.add(o.pages);
            o.pages = null;
        }
    }

    /** Frees what {@link #take} collected. Lock not held. */
    private void release(List<VmapArea> areas, List<PageRun> runs) {
        areas.forEach(context.allocator()::free);
        runs.forEach(context.pagePool()::free);
    }

    /** Checks {@code obj} is this driver's and alive, and the driver not closed. Lock held. */
    private void check(MsmObject obj) {
        Objects.requireNonNull(obj, "obj");
        if (obj.owner != this) {
            throw new IllegalArgumentException(obj + " belongs to another msm installation");
        }
        if (closed) {
            throw closedFailure(); // every object died with the cache
        }
        if (obj.freed) {
            throw new IllegalArgumentException(obj + " was freed");
        }
    }

    private static IllegalStateException closedFailure() {
        return new IllegalStateException(MsmPlugin.NAME + ": this cache was closed when the plugin was uninstalled");
    }

    /**
     * Unregisters the callbacks (waiting for calls in flight), then frees every object's mapping and
     * pages. Objects the host still holds are dead afterwards.
     */
    @Override
    public void close() {
        // Unregister first, so no callback runs while the cache is torn down. Closing a handle waits for
        // a call in flight; it is allowed here because close never runs inside a chain call.
        List<Registration> regs = registrations;
        for (int i = regs.size() - 1; i >= 0; i--) {
            regs.get(i).close();
        }
        List<VmapArea> areas = new ArrayList<>();
        List<PageRun> runs = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (MsmObject o : objects) {
                take(o, areas, runs);
                o.freed = true;
            }
            objects.clear();
            vunmappable.clear();
            purgeable.clear();
            purgeablePages = 0;
        } finally {
            lock.unlock();
        }
        release(areas, runs);
    }

    @Override
    public String toString() {
        return "MsmDriver[" + lockMode.setting() + "]";
    }
}
