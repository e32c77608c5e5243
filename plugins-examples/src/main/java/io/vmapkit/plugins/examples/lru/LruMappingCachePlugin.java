package io.vmapkit.plugins.examples.lru;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A general-purpose, bounded LRU cache of mappings for the host, such as mmap-like buffers that are
 * expensive to set up and often reused: {@link #map(String, long) get-or-map} by key, pinned by a
 * {@link Lease} while in use, evicted least recently used first when the cache is over its capacity,
 * when the page-reclaim shrinker asks, or when the vmap space runs out.
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
 * One cache lock (a non-fair {@link ReentrantLock}) guards the map, the LRU list, every entry's pin
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
 * A {@link #map} miss may itself run the overflow path, and this plugin's block on the same thread:
 * the entry being created is not in the cache yet, so nothing it needs can be evicted.
 *
 * <h2>Host use</h2>
 * The plugin instance is the cache. Construct it and pass it to the builder
 * ({@code VmapKit.builder().plugin(cache)}), or find the discovered instance in
 * {@code system.plugins()}. Host methods are thread-safe and throw {@link IllegalStateException}
 * while the plugin is not installed. Uninstalling unregisters both callbacks and frees every mapping.
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

    /** A cached mapping. Fields other than the finals are guarded by the plugin's lock. */
    static final class Entry {
        final String key;
        final VmapArea area;
        int pins;
        boolean evicted;

        Entry(String key, VmapArea area) {
            this.key = key;
            this.area = area;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();

    // ---- guarded by lock ----
    private final Map<String, Entry> entries = new HashMap<>();
    /** Unpinned entries, least recently used first. */
    private final LinkedHashSet<Entry> evictable = new LinkedHashSet<>();
    private long cachedBytes;
    private long hits;
    private long misses;
    private long capacityEvictions;
    private long shrinkerEvictions;
    private long notifierEvictions;
    private long notifierPages;
    private long explicitEvictions;
    /** {@code evictable.size()}, readable without the lock by countObjects. */
    private volatile int evictableCount;

    private volatile Installed installed;

    private record Installed(PluginContext context, int capacity, List<Registration> registrations) {}

    /** An empty cache; {@link #install} sets it up. Discovery calls this constructor. */
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

    // ---- lifecycle ----------------------------------------------------------------------------

    /**
     * Reads the settings, then registers the shrinker and the purge block.
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
        PluginSettings settings = PluginSettings.of(context, CAPACITY, SEEKS, PRIORITY);
        int capacity = settings.intValue(CAPACITY, DEFAULT_CAPACITY, 1, Integer.MAX_VALUE);
        int seeks = settings.intValue(SEEKS, Shrinker.DEFAULT_SEEKS, 0, 1 << 20);
        int priority = settings.intValue(PRIORITY, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);

        List<Registration> regs = new ArrayList<>();
        regs.add(context.shrinkers().register(new MappingShrinker(seeks)));
        regs.add(context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, priority, this::purgeNotify)));
        installed = new Installed(context, capacity, List.copyOf(regs));
    }

    /** Unregisters the callbacks (waiting for calls in flight), then frees every cached mapping. */
    @Override
    public void uninstall(PluginContext context) {
        Installed in = installed;
        if (in == null) {
            return;
        }
        for (int i = in.registrations().size() - 1; i >= 0; i--) {
            in.registrations().get(i).close();
        }
        List<VmapArea> areas = new ArrayList<>();
        lock.lock();
        try {
            installed = null;
            for (Entry e : entries.values()) {
                e.evicted = true;
                areas.add(e.area);
            }
            entries.clear();
            evictable.clear();
            evictableCount = 0;
            cachedBytes = 0;
        } finally {
            lock.unlock();
        }
        areas.forEach(in.context().allocator()::free);
    }

    // ---- host API -----------------------------------------------------------------------------

    /**
     * Returns a pinned mapping of {@code sizeBytes} cached under {@code key}, creating it on a miss
     * (which may run the overflow path and the purge notifier chain).
     *
     * @param key any non-null text naming the mapping (a file path, a buffer id)
     * @param sizeBytes a positive multiple of the page size; a hit must ask for the cached size
     * @return a lease; close it when done
     * @throws IllegalArgumentException for a bad size, or a size other than the cached mapping's
     *     (nothing changes)
     * @throws io.vmapkit.api.vmap.VmapAllocationException if a miss cannot allocate (nothing changes)
     */
    public Lease map(String key, long sizeBytes) {
        Objects.requireNonNull(key, "key");
        Installed in = requireInstalled();
        int pageSize = in.context().allocator().space().pageSize();
        if (sizeBytes <= 0 || sizeBytes % pageSize != 0) {
            throw new IllegalArgumentException("mapping size " + sizeBytes + " for key '" + key
                    + "' is not a positive multiple of the page size " + pageSize);
        }
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (e != null) {
                checkSize(e, sizeBytes);
                hits++;
                return pin(e);
            }
            misses++;
        } finally {
            lock.unlock();
        }
        // Miss: allocate without the lock (may run the overflow path, our own purge block included).
        VmapArea area = in.context().allocator().allocate(VmapRequest.of(sizeBytes));
        List<VmapArea> toFree = new ArrayList<>();
        RuntimeException failure = null;
        Lease lease = null;
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (installed != in) {
                toFree.add(area);
                failure = notInstalled();
            } else if (e != null) { // another thread created it meanwhile: share theirs
                toFree.add(area);
                if (e.area.size() != sizeBytes) {
                    failure = sizeMismatch(e, sizeBytes);
                } else {
                    lease = pin(e);
                }
            } else {
                e = new Entry(key, area);
                entries.put(key, e);
                cachedBytes += area.reservedSize();
                lease = pin(e);
                evictOverCapacity(in, toFree);
            }
        } finally {
            lock.unlock();
        }
        toFree.forEach(in.context().allocator()::free);
        if (failure != null) {
            throw failure;
        }
        return lease;
    }

    /**
     * Evicts the mapping cached under {@code key} now, if it is not pinned.
     *
     * @return {@code true} if it was evicted; {@code false} if absent or pinned
     */
    public boolean evict(String key) {
        Objects.requireNonNull(key, "key");
        Installed in = requireInstalled();
        VmapArea area;
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (e == null || e.pins > 0) {
                return false;
            }
            area = remove(e);
            explicitEvictions++;
        } finally {
            lock.unlock();
        }
        in.context().allocator().free(area);
        return true;
    }

    /** Whether a mapping is cached under {@code key}. */
    public boolean contains(String key) {
        lock.lock();
        try {
            return entries.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    /** The keys of the unpinned mappings in the order they would be evicted (least recently used first). */
    public List<String> evictionOrder() {
        lock.lock();
        try {
            return evictable.stream().map(e -> e.key).toList();
        } finally {
            lock.unlock();
        }
    }

    /** A consistent reading of the cache. */
    public LruStats stats() {
        Installed in = installed;
        lock.lock();
        try {
            long pinned = entries.size() - evictable.size();
            return new LruStats(in == null ? 0 : in.capacity(), entries.size(), pinned, cachedBytes, hits, misses,
                    capacityEvictions, shrinkerEvictions, notifierEvictions, notifierPages, explicitEvictions);
        } finally {
            lock.unlock();
        }
    }

    /** Drops one pin (from {@link Lease#close()}); a mapping left unpinned becomes the most recently used. */
    void unpin(Entry e) {
        Installed in = installed;
        List<VmapArea> toFree = new ArrayList<>();
        lock.lock();
        try {
            if (e.evicted || in == null) {
                return; // uninstalled since: nothing to give back to
            }
            if (--e.pins == 0) {
                evictable.add(e);
                evictableCount = evictable.size();
                evictOverCapacity(in, toFree);
            }
        } finally {
            lock.unlock();
        }
        toFree.forEach(in.context().allocator()::free);
    }

    // ---- the purge notifier block -------------------------------------------------------------

    /**
     * Evicts oldest unpinned mappings until they reserve at least the failing request's
     * {@code neededBytes}, or none is left, and adds the pages released. Runs on the allocating thread
     * under the purge chain's read lock; frees after releasing the cache lock. Returns
     * {@link Notify#DONE} so lower-priority blocks still run.
     */
    private int purgeNotify(long action, VmapPurgeEvent event) {
        Installed in = installed;
        if (in == null) {
            return Notify.DONE;
        }
        List<VmapArea> victims = new ArrayList<>();
        long released = 0;
        lock.lock();
        try {
            Iterator<Entry> lru = evictable.iterator();
            while (Long.compareUnsigned(released, event.neededBytes()) < 0 && lru.hasNext()) {
                Entry e = lru.next();
                released += e.area.reservedSize();
                victims.add(e.area);
                lru.remove();
                forget(e);
            }
            notifierEvictions += victims.size();
            notifierPages += released / in.context().allocator().space().pageSize();
        } finally {
            lock.unlock();
        }
        victims.forEach(in.context().allocator()::free);
        if (released > 0) {
            event.add(released / in.context().allocator().space().pageSize());
        }
        return Notify.DONE;
    }

    // ---- the shrinker -------------------------------------------------------------------------

    /** count = unpinned entries; scan = evict the oldest unpinned. */
    private final class MappingShrinker implements Shrinker {
        private final int seeks;

        MappingShrinker(int seeks) {
            this.seeks = seeks;
        }

        /** Unpinned entries, read without the lock: counts must be cheap and never wait. */
        @Override
        public long countObjects(ShrinkControl sc) {
            return installed == null ? 0 : evictableCount;
        }

        /** Evicts up to {@code nrToScan} oldest unpinned mappings; runs with no vmapkit lock held. */
        @Override
        public long scanObjects(ShrinkControl sc) {
            Installed in = installed;
            if (in == null) {
                return SHRINK_STOP;
            }
            List<VmapArea> victims = new ArrayList<>();
            lock.lock();
            try {
                Iterator<Entry> lru = evictable.iterator();
                while (victims.size() < sc.nrToScan() && lru.hasNext()) {
                    Entry e = lru.next();
                    victims.add(e.area);
                    lru.remove();
                    forget(e);
                }
                shrinkerEvictions += victims.size();
            } finally {
                lock.unlock();
            }
            victims.forEach(in.context().allocator()::free);
            return victims.isEmpty() ? SHRINK_STOP : victims.size();
        }

        @Override
        public int seeks() {
            return seeks;
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    // ---- helpers (lock held unless stated) ----------------------------------------------------

    private Lease pin(Entry e) {
        if (e.pins++ == 0) {
            evictable.remove(e);
            evictableCount = evictable.size();
        }
        return new Lease(this, e);
    }

    /** Evicts oldest unpinned entries while over capacity, collecting their areas. */
    private void evictOverCapacity(Installed in, List<VmapArea> toFree) {
        Iterator<Entry> lru = evictable.iterator();
        while (entries.size() > in.capacity() && lru.hasNext()) {
            Entry e = lru.next();
            lru.remove();
            toFree.add(e.area);
            forget(e);
            capacityEvictions++;
        }
    }

    /** Removes an unpinned entry from the map and the list; returns its area to free. */
    private VmapArea remove(Entry e) {
        evictable.remove(e);
        forget(e);
        return e.area;
    }

    /** Removes an entry already taken off the LRU list from the map and the totals. */
    private void forget(Entry e) {
        entries.remove(e.key);
        e.evicted = true;
        cachedBytes -= e.area.reservedSize();
        evictableCount = evictable.size();
    }

    private static void checkSize(Entry e, long sizeBytes) {
        if (e.area.size() != sizeBytes) {
            throw sizeMismatch(e, sizeBytes);
        }
    }

    private static IllegalArgumentException sizeMismatch(Entry e, long sizeBytes) {
        return new IllegalArgumentException("key '" + e.key + "' is cached with " + e.area.size()
                + " bytes, not the " + sizeBytes + " asked for; evict it first");
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
        return "LruMappingCachePlugin[" + (installed == null ? "not installed" : "installed") + "]";
    }
}
