package io.vmapkit.workloads.figures;

import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.trace.Replayer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of one run: one policy's column of the {@code simulate} table, one object of its JSON.
 *
 * <p><b>Where each figure comes from</b> ({@link #measure}): the driver-side counts (pinMap calls,
 * cache hits, vmaps, vunmaps, allocation failures seen by the driver, pages freed by the notifier
 * and by the shrinker) are the workload's counters under the keys below; a workload that does not
 * report {@code vmaps}, {@code vunmaps} or {@code allocFailures} is measured by the allocator's
 * successful allocations, frees and failures instead, and one that does not report what its
 * notifier and shrinker freed by what the notifier rounds and shrink passes reported to the
 * listener. Purges, TLB flushes, notifier rounds, peak live and lazy bytes and the largest free
 * block are the allocator's {@link VmapStats} at the end of the run.
 *
 * @param policy the policy's name
 * @param ops workload operations performed
 * @param pinMapCalls the driver's pinMap calls
 * @param cacheHits pinMap calls served by a cached mapping
 * @param vmaps mappings created (areas allocated)
 * @param vunmaps mappings released (areas freed)
 * @param allocFailures allocations that failed (EBUSY) as the driver saw them
 * @param purges non-empty lazy purges
 * @param tlbFlushes TLB flushes (one per non-empty purge)
 * @param notifierRounds purge-notifier chain calls
 * @param freedByNotifier what notifier callbacks reported freed (the plugin's unit; pages for i915)
 * @param freedByShrinker what shrinkers reported freed
 * @param peakLiveBytes the highest live occupancy, guard pages included
 * @param peakLazyBytes the highest lazy (freed, unpurged) occupancy
 * @param largestFreeBlock the largest free block when the workload stopped
 * @param wallNanos wall-clock time of the operations
 * @param counters every counter the workload reported, in its order (immutable)
 * @param plugins per-plugin accounting, one per notifier block or shrinker name that was called, in
 *     name order (immutable; empty for a replay, which runs no plugin)
 */
public record RunFigures(
        String policy,
        long ops,
        long pinMapCalls,
        long cacheHits,
        long vmaps,
        long vunmaps,
        long allocFailures,
        long purges,
        long tlbFlushes,
        long notifierRounds,
        long freedByNotifier,
        long freedByShrinker,
        long peakLiveBytes,
        long peakLazyBytes,
        long largestFreeBlock,
        long wallNanos,
        Map<String, Long> counters,
        List<PluginAccount> plugins) {

    /** Counter key: the driver's pinMap calls. */
    public static final String PIN_MAP_CALLS = "pinMapCalls";
    /** Counter key: pinMap calls served from the mapping cache. */
    public static final String CACHE_HITS = "cacheHits";
    /** Counter key: mappings created. */
    public static final String VMAPS = "vmaps";
    /** Counter key: mappings released. */
    public static final String VUNMAPS = "vunmaps";
    /** Counter key: allocation failures (EBUSY) seen by the driver. */
    public static final String ALLOC_FAILURES = "allocFailures";
    /** Counter key: what the driver's purge-notifier callback freed. */
    public static final String FREED_BY_NOTIFIER = "freedByNotifier";
    /** Counter key: what the driver's shrinker freed. */
    public static final String FREED_BY_SHRINKER = "freedByShrinker";

    /** Checks and copies. */
    public RunFigures {
        Objects.requireNonNull(policy, "policy");
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        plugins = List.copyOf(plugins);
    }

    /**
     * The figures of a run, each from its source (see the class documentation).
     *
     * @param counters the workload's counters when it stopped
     * @param stats the allocator's statistics when the workload stopped
     * @param notifierFreedSeen the sum of {@code freed} over the notifier rounds the listener saw
     * @param shrinkerFreedSeen the sum of what shrink passes returned, as the listener saw it
     */
    public static RunFigures measure(String policy, long ops, Map<String, Long> counters, VmapStats stats,
            long notifierFreedSeen, long shrinkerFreedSeen, long wallNanos) {
        return new RunFigures(policy, ops,
                counters.getOrDefault(PIN_MAP_CALLS, 0L),
                counters.getOrDefault(CACHE_HITS, 0L),
                counters.getOrDefault(VMAPS, stats.allocations()),
                counters.getOrDefault(VUNMAPS, stats.frees()),
                counters.getOrDefault(ALLOC_FAILURES, stats.allocationFailures()),
                stats.purges(), stats.tlbFlushes(), stats.notifierRounds(),
                counters.getOrDefault(FREED_BY_NOTIFIER, notifierFreedSeen),
                counters.getOrDefault(FREED_BY_SHRINKER, shrinkerFreedSeen),
                stats.peakLiveBytes(), stats.peakLazyBytes(), stats.largestFreeBlock(), wallNanos, counters, List.of());
    }

    /**
     * The figures of a replayed trace: allocator figures from the replayed allocator, driver-side
     * figures from the trace's counters line, as {@link #measure} decides for a live run (nothing
     * was freed by a shrinker during a replay).
     */
    public static RunFigures replayed(Replayer.Result r) {
        return measure(r.policy(), r.ops(), r.counters(), r.stats(), r.notifierFreed(), 0, r.wallNanos());
    }

    /** Cache hits over pinMap calls, 0 to 1; 0 without pinMap calls. */
    public double cacheHitRate() {
        return pinMapCalls == 0 ? 0 : (double) cacheHits / pinMapCalls;
    }

    /** Operations per second of wall time; 0 if no time was measured. */
    public double opsPerSecond() {
        return wallNanos <= 0 ? 0 : ops * 1e9 / wallNanos;
    }

    /** The workload's counters that have no row of their own in the table (e.g. lock steals). */
    public Map<String, Long> extraCounters() {
        Map<String, Long> extra = new LinkedHashMap<>(counters);
        for (String k : new String[] {PIN_MAP_CALLS, CACHE_HITS, VMAPS, VUNMAPS, ALLOC_FAILURES, FREED_BY_NOTIFIER,
            FREED_BY_SHRINKER}) {
            extra.remove(k);
        }
        return extra;
    }

    /** These figures under another policy name (a replay labels its run with the trace's policy). */
    public RunFigures withPolicy(String name) {
        return new RunFigures(name, ops, pinMapCalls, cacheHits, vmaps, vunmaps, allocFailures, purges, tlbFlushes,
                notifierRounds, freedByNotifier, freedByShrinker, peakLiveBytes, peakLazyBytes, largestFreeBlock,
                wallNanos, counters, plugins);
    }

    /** These figures with the per-plugin accounting {@code accounts}. */
    public RunFigures withPlugins(List<PluginAccount> accounts) {
        return new RunFigures(policy, ops, pinMapCalls, cacheHits, vmaps, vunmaps, allocFailures, purges, tlbFlushes,
                notifierRounds, freedByNotifier, freedByShrinker, peakLiveBytes, peakLazyBytes, largestFreeBlock,
                wallNanos, counters, accounts);
    }

    /** The accounts with claims not borne out: blocks that reported freed space the allocator never saw released. */
    public List<PluginAccount> unborneClaims() {
        return plugins.stream().filter(PluginAccount::hasUnborneClaims).toList();
    }
}
