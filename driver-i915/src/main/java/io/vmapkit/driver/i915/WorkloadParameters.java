package io.vmapkit.driver.i915;

import io.vmapkit.api.spi.PluginSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of the {@code i915} workload, checked. Immutable. Keys, defaults and meaning are
 * tabled in the package documentation; {@link #DEFAULTS} holds the defaults as text.
 *
 * @param operations steps the workload runs
 * @param clients GL clients (processes), each with its own contexts and buffer cache
 * @param contextsPerClient the most contexts a client keeps alive at once
 * @param ringPages pages of a context's ring (execlists: 4 = 16 KiB)
 * @param contextPages pages of a context image (gen9 render: 22)
 * @param ringBytesPerRequest ring space one request takes; a full ring makes the client wait
 * @param batchPages the usual batch size (Mesa i965 {@code BATCH_SZ}: 32 KiB = 8 pages)
 * @param batchPagesMax the largest batch a grown batch buffer reaches
 * @param batchGrowRate the share of batches larger than {@code batchPages} (uniform up to the maximum)
 * @param boCacheExpiry steps an idle buffer waits in a client's cache before it is freed (libdrm's
 *     one second)
 * @param gpuTicksPerOp GPU time per step
 * @param requestTicks GPU time of an ordinary request
 * @param heavyRequestRate the share of requests that are heavy (a long shader, a big blit)
 * @param heavyRequestTicks GPU time of a heavy request
 * @param retireInterval steps between runs of the retire worker
 * @param contextChurn the chance per step that a client creates or destroys a context
 * @param iomapRate the chance per step that a client uploads through the GGTT aperture
 * @param surfacePagesMin the smallest aperture surface
 * @param surfacePagesMax the largest aperture surface
 * @param surfacesPerClient the aperture surfaces a client keeps
 */
record WorkloadParameters(int operations, int clients, int contextsPerClient, int ringPages, int contextPages,
        int ringBytesPerRequest, int batchPages, int batchPagesMax, double batchGrowRate, int boCacheExpiry,
        int gpuTicksPerOp, int requestTicks, double heavyRequestRate, int heavyRequestTicks, int retireInterval,
        double contextChurn, double iomapRate, int surfacePagesMin, int surfacePagesMax, int surfacesPerClient) {

    /** Every key with its default, in documentation order. */
    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("operations", "100000");
        d.put("clients", "32");
        d.put("contexts-per-client", "2");
        d.put("ring-pages", "4");
        d.put("context-pages", "22");
        d.put("ring-bytes-per-request", "256");
        d.put("batch-pages", "8");
        d.put("batch-pages-max", "16");
        d.put("batch-grow-rate", "0.3");
        d.put("bo-cache-expiry", "10000");
        d.put("gpu-ticks-per-op", "2");
        d.put("request-ticks", "1");
        d.put("heavy-request-rate", "0.0003");
        d.put("heavy-request-ticks", "6000");
        d.put("retire-interval", "64");
        d.put("context-churn", "0.002");
        d.put("iomap-rate", "0.005");
        d.put("surface-pages-min", "16");
        d.put("surface-pages-max", "64");
        d.put("surfaces-per-client", "2");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    /** The keys, in documentation order. */
    static final List<String> KEYS = List.copyOf(DEFAULTS.keySet());

    /** Every parameter at its default. */
    static WorkloadParameters defaults() {
        return parse(Map.of(), Map.of());
    }

    /**
     * Parses parameters over defaults: {@code given} wins over {@code settingsDefaults}
     * ({@code workload.*} plugin settings), which win over {@link #DEFAULTS}.
     *
     * @throws IllegalArgumentException naming an unknown key (with the closest known one) or a bad
     *     value with its key
     */
    static WorkloadParameters parse(Map<String, String> given, Map<String, String> settingsDefaults) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (Map<String, String> layer : List.of(settingsDefaults, given)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(layer).entrySet()) {
                if (!DEFAULTS.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("unknown i915 workload parameter '" + e.getKey() + "'"
                            + PluginSettings.closest(e.getKey(), KEYS).map(k -> " (did you mean '" + k + "'?)").orElse("")
                            + " (known: " + String.join(", ", KEYS) + ")");
                }
                v.put(e.getKey(), e.getValue());
            }
        }
        int batchPages = integer(v, "batch-pages", 1, 1 << 16);
        int surfaceMin = integer(v, "surface-pages-min", 1, 1 << 18);
        WorkloadParameters p = new WorkloadParameters(
                integer(v, "operations", 0, Integer.MAX_VALUE),
                integer(v, "clients", 1, 1 << 16),
                integer(v, "contexts-per-client", 1, 1 << 10),
                integer(v, "ring-pages", 1, 1 << 10),
                integer(v, "context-pages", 1, 1 << 10),
                integer(v, "ring-bytes-per-request", 8, 1 << 22),
                batchPages,
                integer(v, "batch-pages-max", batchPages, 1 << 16),
                fraction(v, "batch-grow-rate"),
                integer(v, "bo-cache-expiry", 1, Integer.MAX_VALUE),
                integer(v, "gpu-ticks-per-op", 0, 1 << 20),
                integer(v, "request-ticks", 1, 1 << 20),
                fraction(v, "heavy-request-rate"),
                integer(v, "heavy-request-ticks", 1, 1 << 30),
                integer(v, "retire-interval", 1, Integer.MAX_VALUE),
                fraction(v, "context-churn"),
                fraction(v, "iomap-rate"),
                surfaceMin,
                integer(v, "surface-pages-max", surfaceMin, 1 << 18),
                integer(v, "surfaces-per-client", 1, 1 << 10));
        if (p.contextChurn + p.iomapRate > 1) {
            throw new IllegalArgumentException("i915 workload parameters context-churn = " + p.contextChurn
                    + " and iomap-rate = " + p.iomapRate + ": together they must not exceed 1");
        }
        return p;
    }

    private static int integer(Map<String, String> v, String key, int min, int max) {
        String s = v.get(key);
        long n;
        try {
            n = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("i915 workload parameter " + key + " = " + s + ": not an integer", e);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("i915 workload parameter " + key + " = " + s + ": must be between "
                    + min + " and " + max);
        }
        return (int) n;
    }

    private static double fraction(Map<String, String> v, String key) {
        String s = v.get(key);
        double d;
        try {
            d = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("i915 workload parameter " + key + " = " + s + ": not a number", e);
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("i915 workload parameter " + key + " = " + s + ": must be between 0 and 1");
        }
        return d;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "i915 workload[%d operations, %d clients]", operations, clients);
    }
}
