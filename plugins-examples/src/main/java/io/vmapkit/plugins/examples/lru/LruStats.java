package io.vmapkit.plugins.examples.lru;

/**
 * A consistent reading of the LRU mapping cache, taken under its lock.
 *
 * @param capacity the configured bound on cached entries
 * @param entries cached mappings now (may exceed the capacity while more than that many are pinned)
 * @param pinnedEntries entries with at least one open lease
 * @param cachedBytes address space the cached mappings reserve, guard pages included
 * @param hits {@code map} calls answered from the cache
 * @param misses {@code map} calls that created a mapping
 * @param capacityEvictions entries evicted to stay within the capacity
 * @param shrinkerEvictions entries evicted by the shrinker
 * @param notifierEvictions entries evicted by the purge notifier block
 * @param notifierPages pages the purge notifier block added to {@code freed}
 * @param explicitEvictions entries the host evicted with {@link LruMappingCache#evict}
 */
public record LruStats(
        int capacity,
        long entries,
        long pinnedEntries,
        long cachedBytes,
        long hits,
        long misses,
        long capacityEvictions,
        long shrinkerEvictions,
        long notifierEvictions,
        long notifierPages,
        long explicitEvictions) {}
