/**
 * The LRU mapping cache example: a bounded cache of host mappings keyed by name, pinned by leases,
 * evicted least recently released first by capacity, by a shrinker, and by a purge notifier block that
 * frees just enough address space for the failing request.
 *
 * <p>Contract: {@link io.vmapkit.plugins.examples.lru.LruMappingCachePlugin} is the plugin, a
 * stateless factory; installing it returns the system's cache,
 * {@link io.vmapkit.plugins.examples.lru.LruMappingCache}, which the system owns and closes on
 * uninstall; {@link io.vmapkit.plugins.examples.lru.Lease} is one pin, closed once;
 * {@link io.vmapkit.plugins.examples.lru.LruStats} is a consistent reading. A pinned mapping is never
 * evicted. The purge block adds the <em>pages</em> it released to {@code freed}; the shrinker counts and
 * frees entries. The cache lock is never held while calling into vmapkit.
 */
package io.vmapkit.plugins.examples.lru;
