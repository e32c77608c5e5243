package io.vmapkit.plugins.examples.msm;

/**
 * A consistent reading of the msm plugin's cache and counters, taken under its cache lock (the
 * give-up counters are bumped without that lock, by callbacks that could not get it, so they may run
 * a call ahead of the rest).
 *
 * @param objects live objects (not freed)
 * @param mappedObjects objects with a cached mapping
 * @param pinnedObjects objects whose mapping is pinned ({@code vmapCount > 0})
 * @param vunmappableObjects mapped, unpinned objects: what the purge notifier may unmap
 * @param purgeableObjects unpinned objects advised DONTNEED that still have pages: what the shrinker may purge
 * @param purgeablePages the pages of the purgeable objects: what {@code countObjects} reports
 * @param mappingsCreated mappings created by {@link MsmDriver#getVaddr}
 * @param notifierCalls purge-notifier callbacks that got the cache lock and walked the list (those that
 *     gave up are {@code notifierGiveUps})
 * @param notifierUnmaps mappings unmapped by the notifier (the sum of what it added to {@code freed})
 * @param shrinkerPurges objects purged by the shrinker
 * @param shrinkerPages pages the shrinker gave back (the sum of what {@code scanObjects} returned)
 * @param purgeMessages "Purging %u vmaps" lines logged
 * @param purgeMessagesSuppressed lines the rate limit suppressed
 * @param lockSteals callbacks that ran under the cache lock their own thread already held (lock mode
 *     {@code trylock}: the notifier or shrinker called from inside the plugin's own locked allocation)
 * @param notifierGiveUps purge-notifier callbacks that found the cache lock held by another thread and
 *     gave up, adding nothing (lock mode {@code trylock})
 * @param shrinkerGiveUps shrinker counts (which then reported 0) and scans (which then returned
 *     {@code SHRINK_STOP}) that found the cache lock held by another thread (lock mode {@code trylock})
 * @param giveUpMessages give-up lines logged
 * @param giveUpMessagesSuppressed give-up lines the rate limit suppressed
 */
public record MsmStats(
        long objects,
        long mappedObjects,
        long pinnedObjects,
        long vunmappableObjects,
        long purgeableObjects,
        long purgeablePages,
        long mappingsCreated,
        long notifierCalls,
        long notifierUnmaps,
        long shrinkerPurges,
        long shrinkerPages,
        long purgeMessages,
        long purgeMessagesSuppressed,
        long lockSteals,
        long notifierGiveUps,
        long shrinkerGiveUps,
        long giveUpMessages,
        long giveUpMessagesSuppressed) {}
