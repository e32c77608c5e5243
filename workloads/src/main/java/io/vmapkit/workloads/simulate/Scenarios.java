package io.vmapkit.workloads.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in scenarios: the project's founding question — does caching i915's kernel mappings exhaust a
 * 32-bit vmalloc space, and does the purge notifier fix it — and its 64-bit control.
 *
 * <p>The policies are settings of the i915 plugin (or of whatever plugin {@code --workload} names):
 * {@value #ERA} selects the driver era ({@code pre-4.7}: vmap on every pin and vunmap on every unpin;
 * {@code 4.7}/{@code 4.9}: the pin_map mapping cache) and {@value #VMAP_NOTIFIER} whether the
 * plugin registers its vmap purge notifier block.
 */
public final class Scenarios {

    /** The plugin setting that selects the driver era. */
    public static final String ERA = "era";

    /** The plugin setting that says whether the vmap purge notifier block is registered. */
    public static final String VMAP_NOTIFIER = "vmap-notifier";

    /** The eras {@code --era} accepts for the caching policies. */
    public static final List<String> CACHE_ERAS = List.of("4.7", "4.9");

    /** The default scenario. */
    public static final String DEFAULT = "i915-32bit";

    /**
     * The default seed: the i915 workload's own default, whose outcomes driver-i915's
     * CacheVersusNotifierTest asserts and the cli's end-to-end test checks again through
     * {@code vmapkit simulate}.
     */
    public static final long SEED = 1L;

    /** Online CPUs configured by default ({@code --ncpus}): lazy_max_pages = fls(4) × 32 MiB = 24,576 pages. */
    public static final int NCPUS = 4;

    /** The default operations per policy: the i915 workload's own default (100,000). */
    public static final long OPERATIONS = 100_000L;

    private static final List<Policy> POLICIES = List.of(
            new Policy("pre-4.7", "no mapping cache: vmap on every pin, vunmap on every unpin (the baseline)",
                    Map.of(ERA, "pre-4.7")),
            new Policy("cache", "4.7 pin_map mapping cache, vmap purge notifier not registered",
                    orderedSettings("4.7", "false")),
            new Policy("cache+notifier", "4.7 pin_map mapping cache with the vmap purge notifier",
                    orderedSettings("4.7", "true")));

    private static final Map<String, Scenario> BUILT_IN = index(List.of(
            new Scenario("i915-32bit", "i915 clients on a 32-bit kernel's 120 MiB vmalloc space: does the 4.7 mapping "
                    + "cache exhaust it, and does the purge notifier save it?", "x86_32", "i915", "i915", SEED, OPERATIONS,
                    POLICIES, 3),
            new Scenario("i915-64bit", "the same clients on x86-64's 32 TiB vmalloc space: the control, where caching "
                    + "costs nothing", "x86_64", "i915", "i915", SEED, OPERATIONS, POLICIES, 3)));

    private Scenarios() {}

    private static Map<String, Scenario> index(List<Scenario> scenarios) {
        Map<String, Scenario> m = new LinkedHashMap<>();
        scenarios.forEach(s -> m.put(s.name(), s));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> orderedSettings(String era, String notifier) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ERA, era);
        m.put(VMAP_NOTIFIER, notifier);
        return m;
    }

    /** The scenario called {@code name}. */
    public static Optional<Scenario> find(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    /** Every built-in scenario, in order. */
    public static List<Scenario> all() {
        return List.copyOf(BUILT_IN.values());
    }
}
