package io.vmapkit.workloads.figures;

import java.util.Objects;

/**
 * What one plugin's callbacks did during a run, as the system's events showed it: its purge and OOM
 * notifier blocks and its shrinkers, keyed by the name they were registered under (the guide names
 * them after the plugin; a plugin with several blocks or shrinkers of different names has one
 * account per name). Every figure carries its unit in its name or below. Immutable.
 *
 * @param name the block's or shrinker's name
 * @param plugin the plugin that registered the block or shrinker, through its plugin context (as the
 *     runtime saw it while the run went on); empty when not known (registered by the host, or an
 *     account built without it)
 * @param notifierCalls calls of its notifier callbacks, both chains (calls)
 * @param notifierFreed what its purge-notifier block added to {@code freed}, summed over rounds, in
 *     the block's own unit (the kernel leaves it to the block: pages for i915, objects for msm); the
 *     allocator only tests it for being above 0
 * @param shrinkPasses shrink passes run over its shrinkers (calls of {@code count_objects})
 * @param shrinkCounted objects its shrinkers counted as freeable, summed over passes (objects)
 * @param shrinkScanned objects the registry asked its shrinkers to scan, summed over passes
 *     ({@code total_scan}, objects)
 * @param shrinkFreed objects its shrinkers reported freed (objects)
 * @param callbackNanos time spent in its callbacks: notifier calls as the chain timed them, shrink
 *     passes from start to end event (nanoseconds)
 * @param quarantines times a block or shrinker of this name was quarantined (events)
 * @param errors callbacks that threw, and shrinker results the registry refused (events)
 * @param unborneClaims purge-notifier calls that added to {@code freed} while the allocator saw no
 *     area released during the call (calls)
 * @param unborneFreed what those calls claimed, in the block's unit
 */
public record PluginAccount(String name, String plugin, long notifierCalls, long notifierFreed, long shrinkPasses, long shrinkCounted,
        long shrinkScanned, long shrinkFreed, long callbackNanos, long quarantines, long errors, long unborneClaims,
        long unborneFreed) {

    /** Checks the names. */
    public PluginAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plugin, "plugin");
    }

    /** An account whose registering plugin is not known ({@link #plugin()} empty). */
    public PluginAccount(String name, long notifierCalls, long notifierFreed, long shrinkPasses, long shrinkCounted,
            long shrinkScanned, long shrinkFreed, long callbackNanos, long quarantines, long errors, long unborneClaims,
            long unborneFreed) {
        this(name, "", notifierCalls, notifierFreed, shrinkPasses, shrinkCounted, shrinkScanned, shrinkFreed,
                callbackNanos, quarantines, errors, unborneClaims, unborneFreed);
    }

    /** Whether the registering plugin is known. */
    public boolean hasPlugin() {
        return !plugin.isEmpty();
    }

    /** Whether any call claimed freed space the allocator did not see released. */
    public boolean hasUnborneClaims() {
        return unborneClaims > 0;
    }
}
