package io.vmapkit.cli.sweep;

import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.cli.common.Sizes;
import io.vmapkit.cli.common.Spaces;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.figures.RunFigures;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Policy;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.Scenarios;
import io.vmapkit.workloads.simulate.PolicyRun;
import io.vmapkit.workloads.sweep.Cell;
import io.vmapkit.workloads.sweep.CellRunner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cells of a sweep over a scenario: what {@code simulate} runs for one policy, with the cell's
 * coordinates applied on top of the scenario.
 *
 * <p><b>Axis keys.</b> {@value #POLICY} names one of the scenario's policies; {@value #NCPUS} sets
 * the online CPUs ({@code --ncpus}); {@value #SPACE_SIZE} the vmalloc size ({@code --space-size});
 * {@value #SPACE} the address-space preset ({@code --space}); any {@code vmapkit.*} key is a
 * configuration key or a plugin setting ({@code vmapkit.plugin.P.K}), applied as {@code -D} is, with
 * the source {@code --axis}. The settings the policies set are not axes of their own (the policy
 * would overwrite them): name policies instead. Everything else is refused with the keys it could
 * have been.
 *
 * <p>Thread-safe: {@link #run} builds a fresh system per call (see {@link PolicyRun}).
 */
final class ScenarioCells implements CellRunner {

    static final String POLICY = "policy";
    static final String NCPUS = "ncpus";
    static final String SPACE_SIZE = "space-size";
    static final String SPACE = "space";

    /** The axis keys that are not configuration keys. */
    static final List<String> NAMED_AXES = List.of(POLICY, NCPUS, SPACE_SIZE, SPACE);

    private final Scenario scenario;
    private final ClassLoader loader;
    private final long operations;
    private final Properties fixed;
    private final List<String> extras;
    private final String fileText;
    private final Map<String, AllocatorProvider> providers = new ConcurrentHashMap<>();

    /**
     * @param fixed the {@code -D} settings every cell gets (already checked to be {@code vmapkit.*})
     * @param extras plugins installed beside the workload's (from {@code --plugin-path})
     */
    ScenarioCells(Scenario scenario, ClassLoader loader, long operations, Properties fixed, List<String> extras) {
        this(scenario, null, loader, operations, fixed, extras);
    }

    /**
     * @param fileText the scenario file's text, or {@code null} for a built-in scenario: a file's
     *     text goes into the {@link #digest()}, so results of two different files never merge
     */
    ScenarioCells(Scenario scenario, String fileText, ClassLoader loader, long operations, Properties fixed,
            List<String> extras) {
        this.fileText = fileText;
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.operations = operations;
        this.fixed = (Properties) fixed.clone();
        this.extras = List.copyOf(extras);
    }

    /** What one cell runs. */
    record Resolved(PolicyRun run, Policy policy) {}

    /** Checks an axis key, before any cell: {@code null} if fine, else what is wrong. */
    String checkKey(String key) {
        if (NAMED_AXES.contains(key)) {
            return null;
        }
        if (key.equals("seed")) {
            return "the seed is not an axis; give the seeds with --seeds";
        }
        if (key.startsWith("vmapkit.")) {
            for (Policy p : scenario.policies()) {
                if (p.settings().containsKey(key)) {
                    return key + " is what the policies set; use --axis policy=" + String.join(",",
                            scenario.policies().stream().map(Policy::name).toList());
                }
            }
            if (key.equals(VmapConfig.PLUGINS) || key.equals(VmapConfig.PLUGINS_EXCLUDE)) {
                return key + " decides which plugins install; install plugins with --plugin-path";
            }
            return null;
        }
        String near = NAMED_AXES.stream().min((a, b) -> Integer.compare(distance(key, a), distance(key, b))).orElseThrow();
        return "unknown axis '" + key + "'" + (distance(key, near) <= 3 ? " (did you mean '" + near + "'?)" : "")
                + "; an axis is one of " + String.join(", ", NAMED_AXES) + ", or any vmapkit.* configuration key or "
                + "plugin setting vmapkit.plugin.PLUGIN.KEY";
    }

    /**
     * The run and policy of {@code cell}.
     *
     * @throws IllegalArgumentException naming the axis and value that cannot be used
     */
    Resolved resolve(Cell cell) {
        String preset = scenario.space();
        Long size = null;
        int ncpus = scenario.cpus() != null ? scenario.cpus() : Scenarios.NCPUS;
        Policy policy = scenario.defaults().get(0);
        Properties axisProps = new Properties();
        for (Map.Entry<String, String> e : cell.coordinates().entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String bad = checkKey(key);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
            switch (key) {
                case POLICY -> policy = scenario.policy(value).orElseThrow(() -> new IllegalArgumentException(
                        "--axis policy: unknown policy '" + value + "' of scenario " + scenario.name() + " (known: "
                                + String.join(", ", scenario.policies().stream().map(Policy::name).toList()) + ")"));
                case NCPUS -> ncpus = positiveInt(value);
                case SPACE_SIZE -> {
                    try {
                        size = Sizes.parse(value);
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("--axis space-size: " + x.getMessage(), x);
                    }
                }
                case SPACE -> preset = value;
                default -> axisProps.setProperty(key, value);
            }
        }
        AddressSpace as;
        try {
            as = Spaces.of(preset, size);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("--axis " + (size != null ? SPACE_SIZE : SPACE) + ": " + x.getMessage(), x);
        }
        List<String> install = new ArrayList<>(scenario.pluginsToInstall());
        extras.stream().filter(x -> !install.contains(x)).forEach(install::add);
        VmapConfig config = VmapConfig.builder().addressSpace(as).ncpus(ncpus).includePlugins(install).build();
        List<Entry> scenarioSettings = new ArrayList<>(scenario.config());
        scenario.plugins().values().forEach(scenarioSettings::addAll);
        for (Entry e : scenarioSettings) {
            Properties one = new Properties();
            one.setProperty(e.key(), e.value());
            config = config.overriddenBy(one, e.where());
        }
        config = config.overriddenBy(fixed, Settings.COMMAND_LINE).overriddenBy(axisProps, "--axis");
        AllocatorProvider provider = provider(config.allocator().orElse(""));
        config.settingsFor(provider); // a bad or unknown vmapkit.allocator.* value fails here, naming its source
        return new Resolved(new PolicyRun(loader, provider, config, scenario.loads(), scenario.layout(), cell.seed(),
                operations, false), policy);
    }

    /** Resolves the cell and installs its system for one operation, so a plugin refusing a setting fails now. */
    @Override
    public void check(Cell cell) {
        Resolved r = resolve(cell);
        PolicyRun one = new PolicyRun(r.run().loader(), r.run().provider(), r.run().config(), r.run().loads(),
                r.run().layout(), cell.seed(), 1, false);
        one.run(r.policy(), null);
    }

    @Override
    public RunFigures run(Cell cell) {
        Resolved r = resolve(cell);
        return r.run().run(r.policy(), null).figures();
    }

    /**
     * The digest of everything a cell's result depends on besides its coordinates and seed: the
     * scenario (space, plugin, workload, policies), the operations, the {@code -D} settings and the
     * extra plugins, and for a scenario file its whole text (a built-in scenario's digest is as it
     * was before files could be swept, so its results still resume). SHA-256 of a canonical text, as
     * {@code sha256:HEX}.
     */
    String digest() {
        StringBuilder sb = new StringBuilder("vmapkit sweep scenario v1\n");
        sb.append("scenario=").append(scenario.name()).append('\n');
        sb.append("space=").append(scenario.space()).append('\n');
        sb.append("plugin=").append(scenario.plugin()).append('\n');
        sb.append("workload=").append(scenario.workload()).append('\n');
        sb.append("operations=").append(operations).append('\n');
        for (Policy p : scenario.policies()) {
            // the settings of the first load's plugin by their own key, as before policies held full keys,
            // so a sweep's digest (and --resume of its results) is the same as before scenario files
            String own = VmapConfig.PLUGIN_PREFIX + scenario.plugin() + ".";
            Map<String, String> settings = new TreeMap<>();
            p.settings().forEach((k, v) -> settings.put(k.startsWith(own) ? k.substring(own.length()) : k, v));
            sb.append("policy ").append(p.name()).append('=').append(settings).append('\n');
        }
        new TreeMap<>(fixed).forEach((k, v) -> sb.append("-D").append(k).append('=').append(v).append('\n'));
        extras.forEach(x -> sb.append("plugin ").append(x).append('\n'));
        if (fileText != null) {
            sb.append("file\n").append(fileText);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private AllocatorProvider provider(String name) {
        return providers.computeIfAbsent(name, n -> {
            List<Candidate<AllocatorProvider>> found = new ServiceDiscovery(loader).find(AllocatorProvider.class).usable();
            if (found.isEmpty()) {
                throw new IllegalStateException("no allocator provider was found on the class path");
            }
            if (n.isEmpty()) {
                return found.get(0).instance();
            }
            return found.stream().filter(c -> c.name().equals(n)).findFirst().map(Candidate::instance)
                    .orElseThrow(() -> new IllegalArgumentException("unknown allocator '" + n + "' (found: "
                            + String.join(", ", found.stream().map(Candidate::name).toList()) + ")"));
        });
    }

    private static int positiveInt(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException("--axis ncpus: '" + value + "' is not a whole number of CPUs of at least 1");
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
