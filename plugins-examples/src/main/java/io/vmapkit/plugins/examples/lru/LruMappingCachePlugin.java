package io.vmapkit.plugins.examples.lru;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A general-purpose, bounded LRU cache of mappings for the host, such as mmap-like buffers that are
 * expensive to set up and often reused: {@link LruMappingCache#map(String, long) get-or-map} by key,
 * pinned by a {@link Lease} while in use, evicted least recently used first when the cache is over
 * its capacity, when the page-reclaim shrinker asks, or when the vmap space runs out.
 *
 * <h2>Policy</h2>
 * <ul>
 *   <li><b>Recency</b> is the time a mapping was last released: closing its last lease puts it at
 *       the most recently used end. Pinned mappings (open leases) are never evicted.</li>
 *   <li><b>Capacity</b> bounds the number of cached mappings. A new mapping or a released lease that
 *       takes the cache over it evicts the oldest unpinned ones. While more mappings than that are
 *       pinned, the cache stays over its capacity and shrinks back as leases close.</li>
 *   <li><b>Shrinker</b> {@value #NAME}: count = unpinned entries, scan = evict the oldest unpinned up
 *       to {@code nrToScan}; unit: entries.</li>
 *   <li><b>Purge notifier block</b> {@value #NAME}: frees <em>just enough</em> for the failing
 *       request. It reads {@link VmapPurgeEvent#neededBytes()} (the request's size plus guard, which
 *       the kernel never tells its callbacks) and evicts oldest unpinned mappings until the address
 *       space they reserve reaches it, or none is left; it adds the <em>pages</em> released to
 *       {@code freed}. Enough bytes are not always enough space: freed ranges help only where they
 *       join into a block big enough. If they do not, the allocator's next round calls again and the
 *       block frees another request's worth, so the cache loses no more than it must.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>{@code vmapkit.plugin.lru-mapping-cache.<key>}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CAPACITY}</td><td>{@value #DEFAULT_CAPACITY}</td><td>mappings kept at most (pinned ones excepted)</td></tr>
 *   <tr><td>{@value #SEEKS}</td><td>2</td><td>the shrinker's {@code seeks}: the cost of recreating a
 *       mapping; 0 makes it "zero-seek", scanned half the cache at any reclaim priority</td></tr>
 *   <tr><td>{@value #PRIORITY}</td><td>0</td><td>the purge block's priority (higher runs first)</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * One cache lock (a non-fair {@code ReentrantLock}) guards the map, the LRU list, every entry's pin
 * count and the counters. It is held only for those updates, <b>never while calling into vmapkit</b>:
 * a miss allocates its mapping with the lock released (two threads missing the same key both
 * allocate; the second gives its area back and shares the first), and evicted mappings are freed after
 * it is released. So no holder ever waits for another lock, and both callbacks may wait for it:
 * <ul>
 *   <li>the purge block runs on an allocating thread under the purge chain's read lock (never under
 *       the allocator's lock); it must not register or unregister on that chain and must not allocate
 *       vmap space;</li>
 *   <li>the shrinker runs on a thread allocating pages, with no vmapkit lock held; its count reads a
 *       volatile number without locking, its scan takes the cache lock.</li>
 * </ul>
 * A {@link LruMappingCache#map} miss may itself run the overflow path, and this plugin's block on the same thread:
 * the entry being created is not in the cache yet, so nothing it needs can be evicted.
 *
 * <h2>Host use</h2>
 * This class is a stateless factory: each {@link #install} creates a {@link LruMappingCache}, the
 * cache of that system, which the system owns and closes on uninstall. Pass the plugin to the
 * builder ({@code VmapKit.builder().plugin(new LruMappingCachePlugin())}) or let discovery find it,
 * then take the cache from the started system: {@code system.installed(LruMappingCache.class)}.
 */
@AutoService(VmapPlugin.class)
public final class LruMappingCachePlugin implements VmapPlugin {

    /** The plugin's name, and the name of its shrinker and purge block. */
    public static final String NAME = "lru-mapping-cache";

    /** Setting: mappings kept at most. */
    public static final String CAPACITY = "capacity";
    /** Default capacity. */
    public static final int DEFAULT_CAPACITY = 256;
    /** Setting: the shrinker's seeks. */
    public static final String SEEKS = "seeks";
    /** Setting: the purge block's priority. */
    public static final String PRIORITY = "priority";

    /** A stateless factory; {@link #install} creates a cache. Discovery calls this constructor. */
    public LruMappingCachePlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bounded LRU cache of host mappings; shrinker evicts oldest unpinned, purge block frees just enough "
                + "for the failing request";
    }

    /**
     * Reads the settings, creates the cache, then registers its shrinker and purge block.
     *
     * @return the cache of that system
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered
     */
    @Override
    public LruMappingCache install(PluginContext context) {
        PluginSettings settings = PluginSettings.of(context, CAPACITY, SEEKS, PRIORITY);
        int capacity = settings.intValue(CAPACITY, DEFAULT_CAPACITY, 1, Integer.MAX_VALUE);
        int seeks = settings.intValue(SEEKS, Shrinker.DEFAULT_SEEKS, 0, 1 << 20);
        int priority = settings.intValue(PRIORITY, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);

        LruMappingCache cache = new LruMappingCache(context, capacity);
        List<Registration> regs = new ArrayList<>();
        regs.add(context.shrinkers().register(cache.new MappingShrinker(seeks)));
        regs.add(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, priority, cache::purgeNotify)));
        cache.registered(regs);
        return cache;
    }

    @Override
    public String toString() {
        return "LruMappingCachePlugin";
    }
}
