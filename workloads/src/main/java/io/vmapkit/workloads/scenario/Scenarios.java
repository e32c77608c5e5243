package io.vmapkit.workloads.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in scenarios: scenario files shipped in this jar under
 * {@code io/vmapkit/workloads/scenario/}, listed in order by {@code scenarios.list}. The founding
 * question — does caching i915's kernel mappings exhaust a 32-bit vmalloc space, and does the purge
 * notifier fix it — is {@code i915-32bit} (the default) with its 64-bit control {@code i915-64bit};
 * the {@code generic-*} scenarios and {@code from-vmallocinfo} use the {@code generic} plugin's
 * workloads.
 *
 * <p>The i915 scenarios' policies set {@value #ERA} and {@value #VMAP_NOTIFIER} of the i915
 * plugin: {@code pre-4.7} vmaps on every pin, {@code 4.7}/{@code 4.9} keep the pin_map mapping
 * cache, and the notifier setting says whether the plugin registers its vmap purge notifier block.
 *
 * <p>Immutable and thread-safe; the files are read and parsed once, when this class is first used.
 */
public final class Scenarios {

    /** The plugin setting that selects the driver era (the i915 scenarios' policies set it). */
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

    /** Where the scenario files are, as a class-path resource directory. */
    public static final String RESOURCES = "io/vmapkit/workloads/scenario/";

    /** The file extension of scenario files. */
    public static final String EXTENSION = ".yaml";

    private static final Map<String, Scenario> BUILT_IN = load();

    private Scenarios() {}

    private static Map<String, Scenario> load() {
        Map<String, Scenario> m = new LinkedHashMap<>();
        for (String line : resource("scenarios.list").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Scenario s = ScenarioParser.parse(text(name), "built-in " + name + EXTENSION);
            if (!s.name().equals(name)) {
                throw new IllegalStateException("built-in " + name + EXTENSION + " is named '" + s.name() + "'");
            }
            m.put(name, s);
        }
        return Collections.unmodifiableMap(m);
    }

    private static String resource(String file) {
        try (InputStream in = Scenarios.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("the built-in scenario resource " + RESOURCES + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in scenario resource " + RESOURCES + file, e);
        }
    }

    /** The scenario called {@code name}. */
    public static Optional<Scenario> find(String name) {
        return Optional.ofNullable(BUILT_IN.get(Objects.requireNonNull(name, "name")));
    }

    /** Every built-in scenario, in order. */
    public static List<Scenario> all() {
        return new ArrayList<>(BUILT_IN.values());
    }

    /** The built-in scenarios' names, in order. */
    public static List<String> names() {
        return new ArrayList<>(BUILT_IN.keySet());
    }

    /**
     * The file of the built-in scenario {@code name}, exactly as shipped, for users to start from.
     *
     * @throws IllegalArgumentException if there is no such built-in scenario
     */
    public static String text(String name) {
        if (BUILT_IN != null && !BUILT_IN.containsKey(name)) {
            throw new IllegalArgumentException("no built-in scenario '" + name + "'");
        }
        return resource(name + EXTENSION);
    }
}
