package io.vmapkit.driver.i915;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
        Map<String, String> sorted = new TreeMap<>(settings);
        Map<String, String> workload = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(WORKLOAD_PREFIX)) {
                workload.put(key.substring(WORKLOAD_PREFIX.length()), e.getValue());
            } else if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown i915 setting '" + key + "'" + closest(key)
                        + " (known: " + String.join(", ", KEYS) + ", " + WORKLOAD_PREFIX + "<parameter>)");
            }
        }
        // Fails on an unknown or bad workload parameter now, at install, rather than at the first run.
        WorkloadParameters.parse(Map.of(), workload);
        Era era;
        try {
            era = Era.parse(sorted.getOrDefault(ERA, "4.7"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("i915 setting " + ERA + " = " + sorted.get(ERA) + ": " + e.getMessage(), e);
        }
        long timeout = longValue(sorted, LOCK_TIMEOUT_MS, DEFAULT_LOCK_TIMEOUT_MS, 0, 3_600_000);
        int hz = (int) longValue(sorted, HZ, DEFAULT_HZ, 1, 10_000);
        return new I915Settings(era, bool(sorted, VMAP_NOTIFIER, true), bool(sorted, OOM_NOTIFIER, true),
                bool(sorted, SHRINKER, true), timeout, hz, bool(sorted, OWNER_TRACKING, true),
                bool(sorted, STOP_EARLY, false), bool(sorted, SWAP, true), workload);
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

    private static boolean bool(Map<String, String> s, String key, boolean def) {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new IllegalArgumentException("i915 setting " + key + " = " + v + ": must be true or false");
        }
    }

    private static long longValue(Map<String, String> s, String key, long def, long min, long max) {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("i915 setting " + key + " = " + v + ": not an integer", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("i915 setting " + key + " = " + v + ": must be between " + min + " and " + max);
        }
        return n;
    }

    /** " (did you mean 'x'?)" for the closest known key within edit distance 3, else "". */
    static String closest(String key) {
        return closest(key, KEYS);
    }

    static String closest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
