package io.vmapkit.plugins.examples.msm;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Errno;
import io.vmapkit.api.Ratelimit;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The msm GPU driver's buffer-object cache as a plugin: the second real user of the vmap purge
 * notifier (kernel-model §15), and the example of a callback that makes <em>bounded progress per
 * round</em> and relies on the allocator to call it again.
 *
 * <h2>What it models</h2>
 * A host creates {@link MsmObject}s (backing pages from the page pool), maps them with
 * {@link #getVaddr} (which pins the mapping, {@code vmap_count++}) and releases them with
 * {@link #putVaddr} ({@code vmap_count--}). As in msm (and i915's {@code pin_map}), an unpinned
 * mapping is <em>not</em> unmapped: it stays cached for the next {@code getVaddr}. Two reclaimers work
 * on the same cache:
 * <ul>
 *   <li>the <b>purge notifier block</b> {@value #NAME} ({@code msm_gem_shrinker_vmap}): when the vmap
 *       space runs out it unmaps at most {@value #DEFAULT_MAX_UNMAPS_PER_CALL} unpinned mappings per
 *       call, least recently used first, adds the <em>number of objects</em> unmapped to
 *       {@code freed} (msm's unit) and logs "Purging N vmaps", rate-limited. Unmapping only: the object
 *       keeps its pages and is mapped again on the next {@code getVaddr}. Bailing out after a few is
 *       deliberate ("better than unmapping everything"): if that was not enough, the allocator purges
 *       the lazy areas, searches again and calls the chain again, up to its round cap;</li>
 *   <li>the <b>shrinker</b> {@value #SHRINKER_NAME} ({@code msm_gem_shrinker_count/scan}): under page
 *       pressure it purges objects the host advised {@link MsmObject.Madv#DONTNEED DONTNEED} and no
 *       longer pins, giving back their pages and mapping; it counts and frees in pages.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>{@code vmapkit.plugin.msm.<key>}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #MAX_UNMAPS_PER_CALL}</td><td>{@value #DEFAULT_MAX_UNMAPS_PER_CALL}</td><td>mappings the
 *       notifier unmaps per call at most (msm's {@code vmap_shrink_limit})</td></tr>
 *   <tr><td>{@value #LOG_INTERVAL_MS}</td><td>5000</td><td>rate-limit window of the "Purging" message
 *       (printk's 5 s); 0 logs every call</td></tr>
 *   <tr><td>{@value #LOG_BURST}</td><td>10</td><td>messages per window (printk's burst)</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * One <b>cache lock</b> (a non-fair {@link ReentrantLock}) guards every object's state, the two LRU
 * lists and the counters. It is held only to read and change those, <b>never while calling into
 * vmapkit</b> (allocator, page pool, chains, registry): mappings and pages are taken off an object
 * under the lock and freed after it is released, and {@link #getVaddr} allocates its mapping with the
 * lock released, after pinning the object. A holder therefore never waits for anything else, which is
 * why both callbacks may simply wait for the lock:
 * <ul>
 *   <li>the purge block runs on an allocating thread, under the purge chain's read lock (the
 *       allocator's own lock is never held during the chain). It takes the cache lock, must not
 *       register or unregister on the chain (the chain refuses it: the kernel would self-deadlock) and
 *       must not allocate vmap space (that would re-enter the overflow path);</li>
 *   <li>the shrinker runs on a thread that is allocating pages, with no vmapkit lock held. Its count
 *       reads a volatile total without locking (counts must be cheap); its scan takes the cache lock.</li>
 * </ul>
 * The kernel's msm instead <em>try</em>-locks {@code struct_mutex} and gives up when another thread
 * holds it, because the driver holds that mutex across {@code vmap()}; a notifier call that hits a
 * busy lock then frees nothing and the allocation may fail. Keeping the lock out of every call into
 * vmapkit removes that failure mode, at no cost. An object being mapped is pinned <em>before</em> its
 * mapping is allocated, so the allocation's own notifier round (which may run this plugin's block on
 * this very thread) never unmaps the object being mapped (kernel-model §11.3).
 *
 * <h2>Host use</h2>
 * Construct the plugin and pass it to the builder, or find the discovered instance:
 * <pre>{@code
 * MsmPlugin msm = new MsmPlugin();
 * try (VmapSystem system = VmapKit.builder().plugin(msm).start()) {
 *     MsmObject bo = msm.newObject(64 * 1024);
 *     VmapArea vaddr = msm.getVaddr(bo);   // pinned
 *     // ... use it ...
 *     msm.putVaddr(bo);                    // unpinned; mapping stays cached
 * }
 * }</pre>
 * Host methods are thread-safe and throw {@link IllegalStateException} while the plugin is not
 * installed. Uninstalling unregisters both callbacks, then frees every object's mapping and pages.
 */
@AutoService(VmapPlugin.class)
public final class MsmPlugin implements VmapPlugin {

    /** The plugin's name and the name of its purge notifier block. */
    public static final String NAME = "msm";
    /** The shrinker's name. */
    public static final String SHRINKER_NAME = "msm-gem";

    /** Setting: mappings unmapped per notifier call at most. */
    public static final String MAX_UNMAPS_PER_CALL = "max-unmaps-per-call";
    /** msm's {@code vmap_shrink_limit}. */
    public static final int DEFAULT_MAX_UNMAPS_PER_CALL = 15;
    /** Setting: rate-limit window of the "Purging" message, in milliseconds. */
    public static final String LOG_INTERVAL_MS = "log-interval-ms";
    /** Setting: "Purging" messages per window. */
    public static final String LOG_BURST = "log-burst";

    private static final System.Logger LOG = System.getLogger(MsmPlugin.class.getName());

    /** The cache lock; see the class documentation. Package-visible for {@link MsmObject}'s accessors. */
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
    /** The pages of {@link #purgeable}; written under lock, read without it by countObjects. */
    private volatile long purgeablePages;

    /** Set by install, cleared by uninstall; host methods and callbacks read it once per call. */
    private volatile Installed installed;

    /** What one installation uses; immutable. */
    private record Installed(PluginContext context, int maxUnmapsPerCall, Ratelimit ratelimit,
            List<Registration> registrations) {}

    /** A plugin with no objects; {@link #install} sets it up. Discovery calls this constructor. */
    public MsmPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "msm buffer-object cache: unmaps a bounded number of unpinned vmaps per purge-notifier call "
                + "(default 15), least recently used first; its shrinker purges DONTNEED objects";
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Reads the settings, then registers the purge notifier block and the shrinker.
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered
     * @throws IllegalStateException if this instance is already installed
     */
    @Override
    public void install(PluginContext context) {
        if (installed != null) {
            throw new IllegalStateException("plugin '" + NAME + "' is already installed; create another instance");
        }
        // 1. Settings first: a bad value refuses installation before anything needs undoing.
        PluginSettings settings = PluginSettings.of(context, MAX_UNMAPS_PER_CALL, LOG_INTERVAL_MS, LOG_BURST);
        int maxUnmaps = settings.intValue(MAX_UNMAPS_PER_CALL, DEFAULT_MAX_UNMAPS_PER_CALL, 1, Integer.MAX_VALUE);
        long logInterval = settings.millisAsNanos(LOG_INTERVAL_MS, 5000);
        int logBurst = settings.intValue(LOG_BURST, 10, 1, Integer.MAX_VALUE);

        // 2. Register through the context, so the runtime can undo it if we fail or forget.
        //    Priority 0, as msm registers it; the block's name is what allocation failures report.
        List<Registration> regs = new ArrayList<>();
        regs.add(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, 0, this::vmapNotify)));
        regs.add(context.shrinkers().register(new GemShrinker()));
        installed = new Installed(context, maxUnmaps, new Ratelimit(context.clock(), logInterval, logBurst),
                List.copyOf(regs));
    }

    /**
     * Unregisters the callbacks (waiting for calls in flight), then frees every object's mapping and
     * pages. Handles the host still holds are dead afterwards.
     */
    @Override
    public void uninstall(PluginContext context) {
        Installed in = installed;
        if (in == null) {
            return;
        }
        // Unregister first, so no callback runs while the cache is torn down. Closing a handle waits for
        // a call in flight; it is allowed here because uninstall never runs inside a chain call.
        for (int i = in.registrations().size() - 1; i >= 0; i--) {
            in.registrations().get(i).close();
        }
        List<VmapArea> areas = new ArrayList<>();
        List<PageRun> runs = new ArrayList<>();
        lock.lock();
        try {
            installed = null;
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
        release(in, areas, runs);
    }

    // ---- host API -----------------------------------------------------------------------------

    /**
     * Creates an object of {@code sizeBytes} with backing pages from the page pool (which may run page
     * reclaim, including this plugin's own shrinker). The object starts unmapped, unpinned, WILLNEED.
     *
     * @param sizeBytes a positive multiple of the page size
     * @throws IllegalArgumentException for a bad size
     * @throws io.vmapkit.api.page.PageAllocationException (ENOMEM) if the pages cannot be found
     */
    public MsmObject newObject(long sizeBytes) {
        Installed in = requireInstalled();
        int pageSize = in.context().allocator().space().pageSize();
        if (sizeBytes <= 0 || sizeBytes % pageSize != 0) {
            throw new IllegalArgumentException("object size " + sizeBytes + " is not a positive multiple of the page size "
                    + pageSize);
        }
        long nrPages = sizeBytes / pageSize;
        PageRun pages = in.context().pagePool().allocate(nrPages); // outside the cache lock: may reclaim
        MsmObject o = new MsmObject(this, sizeBytes, nrPages, pages);
        lock.lock();
        try {
            if (installed == in) {
                objects.add(o);
                return o;
            }
        } finally {
            lock.unlock();
        }
        in.context().pagePool().free(pages); // uninstalled meanwhile
        throw notInstalled();
    }

    /**
     * Maps {@code obj} and pins the mapping ({@code msm_gem_get_vaddr}): returns the cached mapping if
     * there is one, else allocates a vmap area (which may run the overflow path and the purge notifier,
     * this plugin's block included; the object is pinned first, so that block leaves it alone).
     *
     * @return the mapping, valid until the matching {@link #putVaddr}
     * @throws VmapException with {@link Errno#EBUSY} if the object is advised DONTNEED (or purged), as
     *     msm refuses to map an object whose contents may go
     * @throws io.vmapkit.api.vmap.VmapAllocationException if no mapping can be allocated; the pin is
     *     dropped again
     * @throws IllegalArgumentException if {@code obj} belongs to another plugin instance or was freed
     */
    public VmapArea getVaddr(MsmObject obj) {
        Installed in = requireInstalled();
        lock.lock();
        try {
            check(obj);
            if (obj.madv != MsmObject.Madv.WILLNEED) {
                throw new VmapException(Errno.EBUSY, obj + " is advised " + obj.madv
                        + (obj.purged ? " and was purged" : "") + "; it cannot be mapped");
            }
            obj.vmapCount++; // pin first: neither reclaimer touches a pinned object
            relist(obj);
            if (obj.mapping != null) {
                return obj.mapping; // cached: the whole point of caching vmaps
            }
        } finally {
            lock.unlock();
        }
        VmapArea area;
        try {
            area = in.context().allocator().allocate(VmapRequest.of(obj.sizeBytes));
        } catch (RuntimeException e) {
            lock.lock();
            try {
                obj.vmapCount--;
                relist(obj);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        VmapArea extra = null;
        VmapArea result;
        lock.lock();
        try {
            if (obj.mapping == null && !obj.freed) {
                obj.mapping = area;
                mappingsCreated++;
            } else {
                extra = area; // another thread mapped it first (or uninstall freed it): give ours back
            }
            result = obj.mapping;
        } finally {
            lock.unlock();
        }
        if (extra != null) {
            in.context().allocator().free(extra);
        }
        if (result == null) {
            throw notInstalled();
        }
        return result;
    }

    /**
     * Drops one pin ({@code msm_gem_put_vaddr}). The mapping stays cached; when the last pin goes, the
     * object becomes the most recently used candidate for the notifier (and, if DONTNEED, the shrinker).
     *
     * @throws IllegalStateException if the object is not pinned
     * @throws IllegalArgumentException if {@code obj} belongs to another plugin instance or was freed
     */
    public void putVaddr(MsmObject obj) {
        requireInstalled();
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
     * @throws IllegalArgumentException if {@code obj} belongs to another plugin instance or was freed
     */
    public boolean madvise(MsmObject obj, MsmObject.Madv madv) {
        Objects.requireNonNull(madv, "madv");
        requireInstalled();
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
     * @throws IllegalArgumentException if {@code obj} belongs to another plugin instance or was freed
     */
    public void free(MsmObject obj) {
        Installed in = requireInstalled();
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
        release(in, areas, runs);
    }

    /** A consistent reading of the cache and the counters. */
    public MsmStats stats() {
        Installed in = installed;
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
                    in == null ? 0 : in.ratelimit().printed(), in == null ? 0 : in.ratelimit().suppressed());
        } finally {
            lock.unlock();
        }
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
     * <p>Runs on the allocating thread under the purge chain's read lock; takes the cache lock briefly
     * and frees the mappings after releasing it. Frees are lazy: the allocator purges them before it
     * searches again. Always returns {@link Notify#DONE}: the purge chain ignores results, and a STOP
     * result would keep lower-priority blocks from running.
     */
    private int vmapNotify(long action, VmapPurgeEvent event) {
        Installed in = installed;
        if (in == null) {
            return Notify.DONE;
        }
        List<VmapArea> unmapped = new ArrayList<>(in.maxUnmapsPerCall());
        lock.lock();
        try {
            notifierCalls++;
            Iterator<MsmObject> lru = vunmappable.iterator();
            while (unmapped.size() < in.maxUnmapsPerCall() && lru.hasNext()) {
                MsmObject o = lru.next();
                lru.remove(); // unpinned and mapped by construction of the list
                unmapped.add(o.mapping);
                o.mapping = null;
            }
            notifierUnmaps += unmapped.size();
        } finally {
            lock.unlock();
        }
        for (VmapArea a : unmapped) {
            in.context().allocator().free(a); // vunmap: lazy, never calls a chain
        }
        if (!unmapped.isEmpty()) {
            event.add(unmapped.size()); // msm's unit: objects, not pages; only freed > 0 matters
            long suppressed = in.ratelimit().acquire();
            if (suppressed > 0) {
                LOG.log(System.Logger.Level.INFO, Ratelimit.callbacksSuppressed(NAME, suppressed));
            }
            if (suppressed != Ratelimit.SUPPRESSED) {
                LOG.log(System.Logger.Level.INFO, "Purging " + unmapped.size() + " vmaps");
            }
        }
        return Notify.DONE;
    }

    // ---- the shrinker -------------------------------------------------------------------------

    /** {@code msm_gem_shrinker_count/scan}: purges unpinned DONTNEED objects, counting pages. */
    private final class GemShrinker implements Shrinker {

        /** Pages of purgeable objects, read without the lock: counts must be cheap and never wait. */
        @Override
        public long countObjects(ShrinkControl sc) {
            return installed == null ? 0 : purgeablePages;
        }

        /**
         * Purges least recently used purgeable objects until {@code nrToScan} pages are freed. Objects
         * go whole, so the last one may take the total past {@code nrToScan}: the registry accepts that,
         * as the kernel does, and reports it as suspicious rather than as a failure. Runs with no vmapkit
         * lock held; takes the cache lock briefly, frees after releasing it.
         *
         * @return pages freed, or {@link #SHRINK_STOP} if nothing is purgeable now
         */
        @Override
        public long scanObjects(ShrinkControl sc) {
            Installed in = installed;
            if (in == null) {
                return SHRINK_STOP;
            }
            List<VmapArea> areas = new ArrayList<>();
            List<PageRun> runs = new ArrayList<>();
            long freed = 0;
            lock.lock();
            try {
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
                lock.unlock();
            }
            release(in, areas, runs);
            return freed == 0 ? SHRINK_STOP : freed;
        }

        @Override
        public String name() {
            return SHRINKER_NAME;
        }
    }

    // ---- helpers (callers hold the lock where stated) ------------------------------------------

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
    private static void release(Installed in, List<VmapArea> areas, List<PageRun> runs) {
        areas.forEach(in.context().allocator()::free);
        runs.forEach(in.context().pagePool()::free);
    }

    /** Lock held. */
    private void check(MsmObject obj) {
        Objects.requireNonNull(obj, "obj");
        if (obj.owner != this) {
            throw new IllegalArgumentException(obj + " belongs to another msm plugin instance");
        }
        if (obj.freed) {
            throw new IllegalArgumentException(obj + " was freed");
        }
    }

    private Installed requireInstalled() {
        Installed in = installed;
        if (in == null) {
            throw notInstalled();
        }
        return in;
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("plugin '" + NAME + "' is not installed");
    }

    @Override
    public String toString() {
        return "MsmPlugin[" + (installed == null ? "not installed" : "installed") + "]";
    }
}
