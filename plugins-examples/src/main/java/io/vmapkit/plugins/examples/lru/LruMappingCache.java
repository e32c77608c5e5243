package io.vmapkit.plugins.examples.lru;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
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
 * {@link LruMappingCachePlugin} installed into one system: the bounded LRU cache of mappings the
 * plugin's documentation describes (policy, settings, locking), with its entries, counters, shrinker
 * and purge block. {@link #map(String, long) get-or-map} by key, pinned by a {@link Lease} while in
 * use.
 *
 * <p><b>Ownership and threading.</b> The system that installed the plugin owns the cache and hands it
 * out ({@code system.installed(LruMappingCache.class)}); a host uses it, never closes it. Host methods
 * are thread-safe. One cache lock (a non-fair {@link ReentrantLock}) guards the map, the LRU list,
 * the pin counts and the counters, held only for those updates and never while calling into vmapkit.
 * {@link #close()} runs once, on the system's closing thread: it unregisters both callbacks (waiting
 * for calls in flight) and frees every mapping; a miss racing with it gives its mapping back and
 * throws {@link IllegalStateException}.
 */
public final class LruMappingCache implements InstalledPlugin {

    /** A cached mapping. Fields other than the finals are guarded by the cache's lock. */
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

    /** Set by {@link #close()}: a miss racing with close gives its area back instead of caching it. */
    private boolean closed;

    private final PluginContext context;
    private final int capacity;
    /** The shrinker's and the purge block's registrations, set once by the plugin right after registering. */
    private volatile List<Registration> registrations = List.of();

    LruMappingCache(PluginContext context, int capacity) {
        this.context = context;
        this.capacity = capacity;
    }

    /** Remembers the callbacks' registrations, for {@link #close()}. */
    void registered(List<Registration> regs) {
        registrations = List.copyOf(regs);
    }

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
        int pageSize = context.allocator().space().pageSize();
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
        VmapArea area = context.allocator().allocate(VmapRequest.of(sizeBytes));
        List<VmapArea> toFree = new ArrayList<>();
        RuntimeException failure = null;
        Lease lease = null;
        lock.lock();
        try {
            Entry e = entries.get(key);
            if (closed) { // closed while we allocated: nobody would give the mapping back
                toFree.add(area);
                failure = closedFailure();
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
                evictOverCapacity(toFree);
            }
        } finally {
            lock.unlock();
        }
        toFree.forEach(context.allocator()::free);
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
        context.allocator().free(area);
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
        lock.lock();
        try {
            long pinned = entries.size() - evictable.size();
            return new LruStats(capacity, entries.size(), pinned, cachedBytes, hits, misses,
                    capacityEvictions, shrinkerEvictions, notifierEvictions, notifierPages, explicitEvictions);
        } finally {
            lock.unlock();
        }
    }

    /** Drops one pin (from {@link Lease#close()}); a mapping left unpinned becomes the most recently used. */
    void unpin(Entry e) {
        List<VmapArea> toFree = new ArrayList<>();
        lock.lock();
        try {
            if (e.evicted) {
                return; // evicted, or the cache was closed, since: nothing to give back to
            }
            if (--e.pins == 0) {
                evictable.add(e);
                evictableCount = evictable.size();
                evictOverCapacity(toFree);
            }
        } finally {
            lock.unlock();
        }
        toFree.forEach(context.allocator()::free);
    }

    // ---- the purge notifier block -------------------------------------------------------------

    /**
     * Evicts oldest unpinned mappings until they reserve at least the failing request's
     * {@code neededBytes}, or none is left, and adds the pages released. Runs on the allocating thread
     * under the purge chain's read lock; frees after releasing the cache lock. Returns
     * {@link Notify#DONE} so lower-priority blocks still run.
     */
    int purgeNotify(long action, VmapPurgeEvent event) {
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
            notifierPages += released / context.allocator().space().pageSize();
        } finally {
            lock.unlock();
        }
        victims.forEach(context.allocator()::free);
        if (released > 0) {
            event.add(released / context.allocator().space().pageSize());
        }
        return Notify.DONE;
    }

    // ---- the shrinker -------------------------------------------------------------------------

    /** count = unpinned entries; scan = evict the oldest unpinned. */
    final class MappingShrinker implements Shrinker {
        private final int seeks;

        MappingShrinker(int seeks) {
            this.seeks = seeks;
        }

        /** Unpinned entries, read without the lock: counts must be cheap and never wait. */
        @Override
        public long countObjects(ShrinkControl sc) {
            return evictableCount;
        }

        /** Evicts up to {@code nrToScan} oldest unpinned mappings; runs with no vmapkit lock held. */
        @Override
        public long scanObjects(ShrinkControl sc) {
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
            victims.forEach(context.allocator()::free);
            return victims.isEmpty() ? SHRINK_STOP : victims.size();
        }

        @Override
        public int seeks() {
            return seeks;
        }

        @Override
        public String name() {
            return LruMappingCachePlugin.NAME;
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
    private void evictOverCapacity(List<VmapArea> toFree) {
        Iterator<Entry> lru = evictable.iterator();
        while (entries.size() > capacity && lru.hasNext()) {
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

    private static IllegalStateException closedFailure() {
        return new IllegalStateException(LruMappingCachePlugin.NAME + ": this cache was closed when the plugin was "
                + "uninstalled");
    }

    /** Unregisters the callbacks (waiting for calls in flight), then frees every cached mapping. */
    @Override
    public void close() {
        List<Registration> regs = registrations;
        for (int i = regs.size() - 1; i >= 0; i--) {
            regs.get(i).close();
        }
        List<VmapArea> areas = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
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
        areas.forEach(context.allocator()::free);
    }

    @Override
    public String toString() {
        return "LruMappingCache[" + stats() + "]";
    }
}
