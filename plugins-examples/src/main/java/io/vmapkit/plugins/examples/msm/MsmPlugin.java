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
import java.util.concurrent.atomic.LongAdder;
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
 *   <tr><td>{@value #LOG_INTERVAL_MS}</td><td>5000</td><td>rate-limit window of the "Purging" and give-up
 *       messages (printk's 5 s); 0 logs every call</td></tr>
 *   <tr><td>{@value #LOG_BURST}</td><td>10</td><td>messages per window (printk's burst)</td></tr>
 *   <tr><td>{@value #LOCK}</td><td>{@code wait}</td><td>the lock discipline, {@link LockMode}: {@code wait}
 *       (the callbacks wait for the cache lock, which is never held across a call into vmapkit) or
 *       {@code trylock} (the kernel's: the driver paths hold it across their allocations, the callbacks
 *       try-lock it, steal it from their own thread, and give up when another thread holds it)</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * One <b>cache lock</b> (a non-fair {@link ReentrantLock}; msm's {@code struct_mutex}) guards every
 * object's state, the two LRU lists and the counters. Host calls take it to read and change those.
 * Which lock each callback runs under depends on the {@linkplain LockMode lock mode}:
 * <table>
 *   <caption>what each path holds, by lock mode</caption>
 *   <tr><th>path</th><th>runs on, under which vmapkit lock</th><th>{@code wait} (default)</th>
 *       <th>{@code trylock} (the kernel's)</th></tr>
 *   <tr><td>{@link #newObject} page allocation, {@link #getVaddr} vmap allocation</td><td>the host's
 *       thread, none</td><td>the cache lock is released before allocating (the object is pinned
 *       first)</td><td>the cache lock is <b>held across the allocation</b>, as msm holds
 *       {@code struct_mutex} across {@code get_pages} and {@code vmap()} in {@code msm_gem_get_vaddr}</td></tr>
 *   <tr><td>purge notifier block</td><td>the allocating thread, under the purge chain's read lock (never
 *       the allocator's lock)</td><td>waits for the cache lock</td><td>{@code msm_gem_shrinker_lock}: if
 *       the current thread holds the cache lock (the block runs inside this plugin's own locked
 *       allocation) it proceeds under that hold and does not unlock; else it try-locks; if another
 *       thread holds the lock it <b>gives up</b>: unmaps and adds nothing, returns
 *       {@link Notify#DONE}, so the allocation may fail</td></tr>
 *   <tr><td>shrinker count</td><td>a thread running page reclaim, none</td><td>no lock: reads a
 *       volatile total (counts must not wait)</td><td>steal or try-lock as above; gives up with 0</td></tr>
 *   <tr><td>shrinker scan</td><td>a thread running page reclaim, none</td><td>waits for the cache
 *       lock</td><td>steal or try-lock as above; gives up with {@link Shrinker#SHRINK_STOP}</td></tr>
 * </table>
 * A give-up is counted ({@link MsmStats#notifierGiveUps()}, {@link MsmStats#shrinkerGiveUps()}) and logged,
 * rate-limited; a steal is counted ({@link MsmStats#lockSteals()}). In {@code wait} mode a holder of the
 * cache lock never waits for anything else, which is why the callbacks may simply wait for it: a
 * notifier call frees what it can whoever else is busy in the cache (D17 in {@code docs/fidelity.md}).
 * In {@code trylock} mode every holder, however brief (another thread's {@link #putVaddr}, an
 * {@link MsmObject} accessor, {@link #stats()}), makes a concurrent callback give up, as any holder of
 * {@code struct_mutex} does in the kernel; and host calls wait while another thread allocates under
 * the lock.
 *
 * <p>In both modes the notifier block must not register or unregister on the purge chain (the chain
 * refuses it: the kernel would self-deadlock) or allocate vmap space (that would re-enter the overflow
 * path), and the shrinker must not unregister itself. In both modes an object being mapped is pinned <em>before</em>
 * its mapping is allocated, so the allocation's own notifier round (which may run this plugin's block
 * on this very thread, stealing the lock in {@code trylock} mode) never unmaps the object being mapped
 * (kernel-model §11.3). Mappings and pages the callbacks take are freed after the lock is released,
 * except that a stealing callback frees them under its caller's hold.
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
    /** Setting: the lock discipline, {@code wait} (default) or {@code trylock}; see {@link LockMode}. */
    public static final String LOCK = "lock";

    /**
     * How the reclaim callbacks get the cache lock, and whether the driver paths hold it across their
     * allocations (setting {@value #LOCK}). See the class documentation for the full table.
     */
    public enum LockMode {
        /**
         * vmapkit's default (D17): the cache lock is never held across a call into vmapkit, so the
         * notifier block and the shrinker's scan wait for it and never give up.
         */
        WAIT("wait"),
        /**
         * The kernel's ({@code msm_gem_shrinker_lock}): {@link #newObject} and {@link #getVaddr} hold the
         * cache lock across their allocations; the callbacks proceed under it if their own thread holds
         * it, try-lock it otherwise, and give up when another thread holds it.
         */
        TRYLOCK("trylock");

        private final String setting;

        LockMode(String setting) {
            this.setting = setting;
        }

        /** The value of the {@value #LOCK} setting that selects this mode. */
        public String setting() {
            return setting;
        }

        /**
         * The mode a setting value names, in any case.
         *
         * @throws IllegalArgumentException if it names none
         */
        public static LockMode fromSetting(String value) {
            for (LockMode m : values()) {
                if (m.setting.equalsIgnoreCase(value.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("must be wait or trylock");
        }
    }

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
    /** Callbacks that ran under a hold of the lock their own thread already had; only a holder bumps it. */
    private long lockSteals;
    /** The pages of {@link #purgeable}; written under lock, read without it by countObjects. */
    private volatile long purgeablePages;

    // ---- bumped without the lock, by callbacks that could not get it ----
    private final LongAdder notifierGiveUps = new LongAdder();
    private final LongAdder shrinkerGiveUps = new LongAdder();

    /** Set by install, cleared by uninstall; host methods and callbacks read it once per call. */
    private volatile Installed installed;

    /** What one installation uses; immutable. */
    private record Installed(PluginContext context, int maxUnmapsPerCall, LockMode lockMode,
            ShrinkerLock shrinkerLock, Ratelimit ratelimit, Ratelimit giveUpRatelimit,
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
        PluginSettings settings = PluginSettings.of(context, MAX_UNMAPS_PER_CALL, LOG_INTERVAL_MS, LOG_BURST, LOCK);
        int maxUnmaps = settings.intValue(MAX_UNMAPS_PER_CALL, DEFAULT_MAX_UNMAPS_PER_CALL, 1, Integer.MAX_VALUE);
        long logInterval = settings.millisAsNanos(LOG_INTERVAL_MS, 5000);
        int logBurst = settings.intValue(LOG_BURST, 10, 1, Integer.MAX_VALUE);
        LockMode lockMode = settings.value(LOCK, LockMode.WAIT, LockMode::fromSetting);

        // 2. Register through the context, so the runtime can undo it if we fail or forget.
        //    Priority 0, as msm registers it; the block's name is what allocation failures report.
        List<Registration> regs = new ArrayList<>();
        regs.add(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, 0, this::vmapNotify)));
        regs.add(context.shrinkers().register(new GemShrinker()));
        installed = new Installed(context, maxUnmaps, lockMode, new ShrinkerLock(lock, lockMode),
                new Ratelimit(context.clock(), logInterval, logBurst), new Ratelimit(context.clock(), logInterval, logBurst),
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
     * In {@code trylock} mode the cache lock is held across the page allocation, as msm allocates pages
     * under {@code struct_mutex}: reclaim's call of this plugin's shrinker on this thread steals it.
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
        if (in.lockMode() == LockMode.TRYLOCK) {
            lock.lock();
            try {
                if (installed != in) {
                    throw notInstalled();
                }
                MsmObject o = new MsmObject(this, sizeBytes, nrPages, in.context().pagePool().allocate(nrPages));
                objects.add(o);
                return o;
            } finally {
                lock.unlock();
            }
        }
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
     * @throws IllegalArgumentException if {@code obj} belongs to another plugin instance or was freed
     */
    public VmapArea getVaddr(MsmObject obj) {
        Installed in = requireInstalled();
        return in.lockMode() == LockMode.TRYLOCK ? getVaddrHoldingTheLock(in, obj) : getVaddrReleasingTheLock(in, obj);
    }

    /** {@code wait} mode: pin under the lock, allocate without it, cache the mapping under it again. */
    private VmapArea getVaddrReleasingTheLock(Installed in, MsmObject obj) {
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
            area = allocateMapping(in, obj);
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
            in.context().allocator().free(surplus);
        }
        if (result == null) {
            throw notInstalled();
        }
        return result;
    }

    /** {@code trylock} mode: the whole of {@code msm_gem_get_vaddr} under the lock, the allocation included. */
    private VmapArea getVaddrHoldingTheLock(Installed in, MsmObject obj) {
        lock.lock();
        try {
            VmapArea cached = pinForMapping(obj);
            if (cached != null) {
                return cached;
            }
            VmapArea area;
            try {
                area = allocateMapping(in, obj);
            } catch (RuntimeException e) {
                unpinAfterFailure(obj);
                throw e;
            }
            VmapArea surplus = cacheMapping(obj, area);
            if (surplus != null) { // nobody else can map or free it while we hold the lock
                unpinAfterFailure(obj);
                in.context().allocator().free(surplus);
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
    private static VmapArea allocateMapping(Installed in, MsmObject obj) {
        return in.context().allocator().allocate(VmapRequest.of(obj.sizeBytes));
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
                    in == null ? 0 : in.ratelimit().printed(), in == null ? 0 : in.ratelimit().suppressed(),
                    lockSteals, notifierGiveUps.sum(), shrinkerGiveUps.sum(),
                    in == null ? 0 : in.giveUpRatelimit().printed(), in == null ? 0 : in.giveUpRatelimit().suppressed());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lock discipline of the current installation (setting {@value #LOCK}).
     *
     * @throws IllegalStateException if the plugin is not installed
     */
    public LockMode lockMode() {
        return requireInstalled().lockMode();
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
    private int vmapNotify(long action, VmapPurgeEvent event) {
        Installed in = installed;
        if (in == null) {
            return Notify.DONE;
        }
        ShrinkerLock.Outcome held = in.shrinkerLock().acquire();
        if (held == ShrinkerLock.Outcome.BUSY) {
            notifierGiveUps.increment();
            logGiveUp(in, "vmap notifier gave up: the cache lock (struct_mutex) is held by another thread; nothing unmapped");
            return Notify.DONE;
        }
        List<VmapArea> unmapped = new ArrayList<>(in.maxUnmapsPerCall());
        try {
            countSteal(held);
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
            in.shrinkerLock().release(held);
        }
        for (VmapArea a : unmapped) {
            in.context().allocator().free(a); // vunmap: lazy, never calls a chain
        }
        if (!unmapped.isEmpty()) {
            event.add(unmapped.size()); // msm's unit: objects, not pages; only freed > 0 matters
            logRatelimited(in.ratelimit(), "Purging " + unmapped.size() + " vmaps");
        }
        return Notify.DONE;
    }

    // ---- the shrinker -------------------------------------------------------------------------

    /** {@code msm_gem_shrinker_count/scan}: purges unpinned DONTNEED objects, counting pages. */
    private final class GemShrinker implements Shrinker {

        /**
         * Pages of purgeable objects. In {@code wait} mode read without the lock: counts must be cheap
         * and never wait. In {@code trylock} mode under the lock got as the kernel's count gets it (steal
         * or trylock), and 0 when another thread holds it.
         */
        @Override
        public long countObjects(ShrinkControl sc) {
            Installed in = installed;
            if (in == null) {
                return 0;
            }
            if (in.lockMode() == LockMode.WAIT) {
                return purgeablePages;
            }
            ShrinkerLock.Outcome held = in.shrinkerLock().acquire();
            if (held == ShrinkerLock.Outcome.BUSY) {
                shrinkerGiveUps.increment();
                logGiveUp(in, "shrinker count gave up: the cache lock (struct_mutex) is held by another thread; counting 0");
                return 0;
            }
            try {
                countSteal(held);
                return purgeablePages;
            } finally {
                in.shrinkerLock().release(held);
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
            Installed in = installed;
            if (in == null) {
                return SHRINK_STOP;
            }
            ShrinkerLock.Outcome held = in.shrinkerLock().acquire();
            if (held == ShrinkerLock.Outcome.BUSY) {
                shrinkerGiveUps.increment();
                logGiveUp(in, "shrinker scan gave up: the cache lock (struct_mutex) is held by another thread; SHRINK_STOP");
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
                in.shrinkerLock().release(held);
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

    /** Counts a steal. Lock held (by this thread, either way). */
    private void countSteal(ShrinkerLock.Outcome held) {
        if (held == ShrinkerLock.Outcome.STOLEN) {
            lockSteals++;
        }
    }

    /** Logs a callback's give-up, rate-limited apart from the "Purging" message. Lock not held. */
    private static void logGiveUp(Installed in, String message) {
        logRatelimited(in.giveUpRatelimit(), message);
    }

    /** Logs {@code message} at INFO if {@code limit} lets it through, after the "callbacks suppressed" line. */
    private static void logRatelimited(Ratelimit limit, String message) {
        long suppressed = limit.acquire();
        if (suppressed > 0) {
            LOG.log(System.Logger.Level.INFO, Ratelimit.callbacksSuppressed(NAME, suppressed));
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
