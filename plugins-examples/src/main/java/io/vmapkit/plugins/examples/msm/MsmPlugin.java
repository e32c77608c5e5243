package io.vmapkit.plugins.examples.msm;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The msm GPU driver's buffer-object cache as a plugin: the second real user of the vmap purge
 * notifier, and the example of a callback that makes <em>bounded progress per
 * round</em> and relies on the allocator to call it again.
 *
 * <h2>What it models</h2>
 * A host creates {@link MsmObject}s (backing pages from the page pool), maps them with
 * {@link MsmDriver#getVaddr} (which pins the mapping, {@code vmap_count++}) and releases them with
 * {@link MsmDriver#putVaddr} ({@code vmap_count--}). As in msm (and i915's {@code pin_map}), an unpinned
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
 * One <b>cache lock</b> (a non-fair {@code ReentrantLock}; msm's {@code struct_mutex}) guards every
 * object's state, the two LRU lists and the counters. Host calls take it to read and change those.
 * Which lock each callback runs under depends on the {@linkplain LockMode lock mode}:
 * <table>
 *   <caption>what each path holds, by lock mode</caption>
 *   <tr><th>path</th><th>runs on, under which vmapkit lock</th><th>{@code wait} (default)</th>
 *       <th>{@code trylock} (the kernel's)</th></tr>
 *   <tr><td>{@link MsmDriver#newObject} page allocation, {@link MsmDriver#getVaddr} vmap allocation</td><td>the host's
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
 * In {@code trylock} mode every holder, however brief (another thread's {@link MsmDriver#putVaddr}, an
 * {@link MsmObject} accessor, {@link MsmDriver#stats()}), makes a concurrent callback give up, as any holder of
 * {@code struct_mutex} does in the kernel; and host calls wait while another thread allocates under
 * the lock.
 *
 * <p>In both modes the notifier block must not register or unregister on the purge chain (the chain
 * refuses it: the kernel would self-deadlock) or allocate vmap space (that would re-enter the overflow
 * path), and the shrinker must not unregister itself. In both modes an object being mapped is pinned <em>before</em>
 * its mapping is allocated, so the allocation's own notifier round (which may run this plugin's block
 * on this very thread, stealing the lock in {@code trylock} mode) never unmaps the object being mapped.
 * Mappings and pages the callbacks take are freed after the lock is released,
 * except that a stealing callback frees them under its caller's hold.
 *
 * <h2>Host use</h2>
 * The plugin is a stateless factory: each {@link #install} creates a {@link MsmDriver} that holds
 * that system's cache and offers the host API. Pass the plugin to the builder (or let discovery find
 * it) and take the driver from the started system:
 * <pre>{@code
 * try (VmapSystem system = VmapKit.builder().plugin(new MsmPlugin()).start()) {
 *     MsmDriver msm = system.installed(MsmDriver.class).orElseThrow();
 *     MsmObject bo = msm.newObject(64 * 1024);
 *     VmapArea vaddr = msm.getVaddr(bo);   // pinned
 *     // ... use it ...
 *     msm.putVaddr(bo);                    // unpinned; mapping stays cached
 * }
 * }</pre>
 * Host methods are thread-safe. Uninstalling closes the driver: it unregisters both callbacks, then
 * frees every object's mapping and pages.
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
         * The kernel's ({@code msm_gem_shrinker_lock}): {@link MsmDriver#newObject} and {@link MsmDriver#getVaddr} hold the
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

    /** A stateless factory; {@link #install} creates a {@link MsmDriver}. Discovery calls this constructor. */
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

    /**
     * Reads the settings, creates the driver's cache, then registers its purge notifier block and
     * shrinker.
     *
     * @return the msm driver of that system
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered
     */
    @Override
    public MsmDriver install(PluginContext context) {
        // 1. Settings first: a bad value refuses installation before anything needs undoing.
        PluginSettings settings = PluginSettings.of(context, MAX_UNMAPS_PER_CALL, LOG_INTERVAL_MS, LOG_BURST, LOCK);
        int maxUnmaps = settings.intValue(MAX_UNMAPS_PER_CALL, DEFAULT_MAX_UNMAPS_PER_CALL, 1, Integer.MAX_VALUE);
        long logInterval = settings.millisAsNanos(LOG_INTERVAL_MS, 5000);
        int logBurst = settings.intValue(LOG_BURST, 10, 1, Integer.MAX_VALUE);
        LockMode lockMode = settings.value(LOCK, LockMode.WAIT, LockMode::fromSetting);

        // 2. Register through the context, so the runtime can undo it if we fail or forget.
        //    Priority 0, as msm registers it; the block's name is what allocation failures report.
        MsmDriver driver = new MsmDriver(context, maxUnmaps, lockMode, logInterval, logBurst);
        List<Registration> regs = new ArrayList<>();
        regs.add(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, 0, driver::vmapNotify)));
        regs.add(context.shrinkers().register(driver.new GemShrinker()));
        driver.registered(regs);
        return driver;
    }

    @Override
    public String toString() {
        return "MsmPlugin";
    }
}
