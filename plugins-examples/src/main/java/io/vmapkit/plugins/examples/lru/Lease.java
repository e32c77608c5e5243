package io.vmapkit.plugins.examples.lru;

import io.vmapkit.api.vmap.VmapArea;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pin on a cached mapping, returned by {@link LruMappingCache#map(String, long)}. While a
 * lease is open its mapping is never evicted; {@link #close()} gives the pin back (once: closing
 * again does nothing), after which the mapping stays cached until the cache evicts it.
 *
 * <pre>{@code
 * try (Lease buf = cache.map("frame-17", 256 * 1024)) {
 *     long va = buf.start();   // use the mapping
 * }
 * }</pre>
 *
 * Thread-safe. A lease does not follow its mapping after the cache is closed (the plugin uninstalled): the area is then
 * freed and {@link #area()} reports it no longer live.
 */
public final class Lease implements AutoCloseable {

    private final LruMappingCache cache;
    private final LruMappingCache.Entry entry;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(LruMappingCache cache, LruMappingCache.Entry entry) {
        this.cache = cache;
        this.entry = entry;
    }

    /** The key the mapping is cached under. */
    public String key() {
        return entry.key;
    }

    /** The mapping. */
    public VmapArea area() {
        return entry.area;
    }

    /** The first address of the mapping (unsigned). */
    public long start() {
        return entry.area.start();
    }

    /** The usable size in bytes. */
    public long size() {
        return entry.area.size();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Gives the pin back; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cache.unpin(entry);
        }
    }

    @Override
    public String toString() {
        return "Lease[" + entry.key + ", " + entry.area + (closed.get() ? ", closed" : "") + "]";
    }
}
