package io.vmapkit.driver.i915;

import io.vmapkit.api.spi.PluginSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin's settings ({@code vmapkit.plugin.i915.<key>}), parsed and checked once at install.
 * Immutable. The keys and their meaning are tabled in the package documentation.
 *
 * @param era the kernel release reproduced
 * @param vmapNotifier whether the vmap purge notifier is registered (ignored before 4.7, where the
 *     chain did not exist); {@code false} gives the "cache without notifier" policy
 * @param oomNotifier whether the OOM notifier is registered
 * @param shrinker whether the shrinker is registered
 * @param lockTimeoutMs how long the vmap and OOM notifiers retry struct_mutex, in model milliseconds
 * @param hz the kernel's {@code HZ}: the notifiers sleep one jiffy ({@code 1/HZ} s) per try
 * @param ownerTracking whether {@code mutex_is_locked_by} can see the owner (CONFIG_DEBUG_MUTEXES or
 *     CONFIG_MUTEX_SPIN_ON_OWNER); without it the shrinker never steals struct_mutex
 * @param stopEarly the vmapkit improvement: the vmap notifier stops once the failing request could fit
 * @param swap whether swap is available ({@code swap_available()}); without it only DONTNEED objects
 *     can release their pages
 * @param workloadDefaults {@code workload.<parameter>} settings: defaults for the workload's parameters
 */
record I915Settings(Era era, boolean vmapNotifier, boolean oomNotifier, boolean shrinker, long lockTimeoutMs,
        int hz, boolean ownerTracking, boolean stopEarly, boolean swap, Map<String, String> workloadDefaults) {

    static final String ERA = "era";
    static final String VMAP_NOTIFIER = "vmap-notifier";
    static final String OOM_NOTIFIER = "oom-notifier";
    static final String SHRINKER = "shrinker";
    static final String LOCK_TIMEOUT_MS = "lock-timeout-ms";
    static final String HZ = "hz";
    static final String OWNER_TRACKING = "owner-tracking";
    static final String STOP_EARLY = "stop-early";
    static final String SWAP = "swap";
    /** Prefix of the settings that give workload parameters their defaults. */
    static final String WORKLOAD_PREFIX = "workload.";

    /** The keys, in documentation order. */
    static final List<String> KEYS = List.of(ERA, VMAP_NOTIFIER, OOM_NOTIFIER, SHRINKER, LOCK_TIMEOUT_MS, HZ,
            OWNER_TRACKING, STOP_EARLY, SWAP);

    /** The kernel's notifier lock timeout, 5000 ms. */
    static final long DEFAULT_LOCK_TIMEOUT_MS = 5000;

    /** A common distribution {@code CONFIG_HZ}. */
    static final int DEFAULT_HZ = 250;

    I915Settings {
        workloadDefaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(workloadDefaults));
    }

    /** Every value at its default. */
    static I915Settings defaults() {
        return parse(Map.of());
    }

    /**
     * Parses a plugin's settings.
     *
     * @throws IllegalArgumentException naming the first unknown key (with the closest known one) or
     *     the first bad value with its key
     */
    static I915Settings parse(Map<String, String> settings) {
        List<String> known = new ArrayList<>(KEYS);
        known.add(WORKLOAD_PREFIX + PluginSettings.WILDCARD);
        PluginSettings s = PluginSettings.of(I915Plugin.NAME, settings, known.toArray(String[]::new));
        Map<String, String> workload = s.startingWith(WORKLOAD_PREFIX);
        // Fails on an unknown or bad workload parameter now, at install, rather than at the first run.
        WorkloadParameters.parse(Map.of(), workload);
        Era era = s.value(ERA, Era.V4_7, Era::parse);
        long timeout = s.longValue(LOCK_TIMEOUT_MS, DEFAULT_LOCK_TIMEOUT_MS, 0, 3_600_000);
        int hz = s.intValue(HZ, DEFAULT_HZ, 1, 10_000);
        return new I915Settings(era, s.booleanValue(VMAP_NOTIFIER, true), s.booleanValue(OOM_NOTIFIER, true),
                s.booleanValue(SHRINKER, true), timeout, hz, s.booleanValue(OWNER_TRACKING, true),
                s.booleanValue(STOP_EARLY, false), s.booleanValue(SWAP, true), workload);
    }

    /** Whether the vmap purge notifier is registered: asked for, and the era has the chain. */
    boolean registersVmapNotifier() {
        return vmapNotifier && era.hasVmapNotifier();
    }

    /** One jiffy in nanoseconds. */
    long jiffyNanos() {
        return 1_000_000_000L / hz;
    }

    /** The notifiers' lock timeout in nanoseconds. */
    long lockTimeoutNanos() {
        return lockTimeoutMs * 1_000_000L;
    }
}
