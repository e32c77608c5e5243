package io.vmapkit.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project generated from the archetype (src/test/resources/projects/basic: plugin
 * {@code scratch-pool}, package {@code com.example.scratch}), built and tested by
 * {@code archetype:integration-test}, then run as its README says: {@code vmapkit simulate --scenario
 * src/simulate/scenario.yaml --plugin-path target}, with the shaded cli jar the reactor just built. The
 * run without the plugin is the same scenario with the plugin's line under {@code plugins:} left out.
 */
class GeneratedPluginIT {

    private static final Path PROJECT = Path.of(System.getProperty("vmapkit.it.project",
            "target/test-classes/projects/basic/project/scratch-pool"));
    private static final Path CLI = Path.of(System.getProperty("vmapkit.it.cli", "../cli/target/vmapkit.jar"));

    private static final String SCENARIO = "src/simulate/scenario.yaml";

    private static Run withPlugin;
    private static Run withoutPlugin;

    @BeforeAll
    static void simulateWithAndWithoutThePlugin() throws IOException, InterruptedException {
        assertThat(PROJECT.resolve("target/scratch-pool-1.0.0.jar")).as("built by archetype:integration-test").exists();
        assertThat(CLI).as("the shaded cli jar, built by the cli module's package phase").exists();
        withPlugin = simulate("with", SCENARIO, "--plugin-path", "target");
        withoutPlugin = simulate("without", withoutThePlugin().toString());
    }

    @Test
    void theGeneratedJarRegistersItsPluginForDiscovery() throws IOException, InterruptedException {
        Run plugins = vmapkit("plugins", "--plugin-path", "target");
        assertThat(plugins.code).as(plugins.output).isZero();
        // `plugins` lists what discovery found without installing it: the plugin is "available", from the jar
        assertThat(plugins.output).containsPattern(
                "plugin\\s+scratch-pool\\s+1\\.0\\.0\\s+0\\s+1\\s+available\\s+com\\.example\\.scratch\\.ScratchPoolPlugin\\s+\\S*scratch-pool-1\\.0\\.0\\.jar");
    }

    @Test
    void theScenarioRunsWithThePluginInstalled() {
        assertThat(withPlugin.code).as(withPlugin.output).isZero();
        assertThat(withPlugin.output).contains("Scenario scratch-pool-under-i915: ").contains("from " + SCENARIO);
        assertThat(withoutPlugin.code).as(withoutPlugin.output).isZero();
        assertThat(withoutPlugin.output).doesNotContainPattern("(?m)^scratch-pool\\R");
    }

    @Test
    void theScenarioNamesThePluginItCannotFindWithoutThePluginPath() throws IOException, InterruptedException {
        // The scenario installs scratch-pool under 'plugins:' (line 15 of the generated file: five comment
        // lines, then name, description, space, space-size, cpus, seed, operations, plugins, i915); without
        // --plugin-path target nothing offers it, and the run stops before anything runs (a usage error).
        Run run = vmapkit("simulate", "--scenario", SCENARIO, "--no-progress");
        assertThat(run.code).as(run.output).isEqualTo(2);
        assertThat(run.output).contains(SCENARIO + ":15:").contains("'scratch-pool'");
    }

    @Test
    void thePluginsRowShowsItFreedItsWarmBuffers() {
        // The purge block frees every idle buffer the first time the chain calls it and adds how many
        // to freed. Idle are the 16 warm buffers made at install (the default warm-buffers) and
        // nothing else: nobody in this run takes or gives back a buffer. So 16 in each policy: in
        // 'cache' the space runs out and the chain calls scratch-pool's block (i915 registers none);
        // in 'cache+notifier' it calls i915's block and scratch-pool's.
        for (String policy : List.of("cache", "cache+notifier")) {
            assertThat(withPlugin.figure(policy, "plugin.scratch-pool.notifierFreed")).as(policy).isEqualTo(16);
            assertThat(withPlugin.figure(policy, "plugin.scratch-pool.notifierCalls")).as(policy).isPositive();
            assertThat(withPlugin.figure(policy, "plugin.scratch-pool.errors")).as(policy).isZero();
        }
        assertThat(withoutPlugin.json).doesNotContain("plugin.scratch-pool.");
        // and the table's per-plugin section says the same
        assertThat(withPlugin.output).containsPattern(
                "(?m)^scratch-pool\\R(?:  .*\\R)*?  freed by notifier \\(its unit\\)\\s+16\\s+16\\s*$");
    }

    @Test
    void thePurgeBlockFreedTheWarmBuffersWhenTheSpaceRanOut() {
        // Policy "cache" (i915 registers no purge block of its own), 64 MiB: the space runs out and the
        // allocator calls the purge chain, where the only block is scratch-pool's. It frees its 16 warm
        // buffers (the default warm-buffers) of 4 pages and a guard page each, lazily, all at once:
        // 16 * (4 + 1) * 4096 = 327680 bytes lazy at that moment, before the allocator purges them.
        // Without the plugin the run's lazy bytes never reach that (nothing else frees in that policy).
        long with = withPlugin.figure("cache", "peakLazyBytes");
        long without = withoutPlugin.figure("cache", "peakLazyBytes");
        assertThat(with).as("peak lazy bytes of 'cache' with scratch-pool").isGreaterThanOrEqualTo(16 * 5 * 4096);
        assertThat(without).as("peak lazy bytes of 'cache' without it").isLessThan(16 * 5 * 4096);
        // The chain ran once more with the plugin (its round found something, so the allocator retried
        // and purged once more), and the allocation that round served succeeded.
        assertThat(withPlugin.figure("cache", "purges")).isGreaterThan(withoutPlugin.figure("cache", "purges"));
    }

    @Test
    void theFiguresDifferFromARunWithoutThePlugin() {
        assertThat(withPlugin.json).isNotEqualTo(withoutPlugin.json);
    }

    // ---- running the cli ----

    /** The generated scenario without its line installing scratch-pool, written to target/. */
    private static Path withoutThePlugin() throws IOException {
        List<String> lines = Files.readAllLines(PROJECT.resolve(SCENARIO), StandardCharsets.UTF_8);
        List<String> kept = lines.stream().filter(l -> !l.startsWith("  scratch-pool:")).toList();
        assertThat(kept).as("the scenario has exactly one line installing scratch-pool").hasSize(lines.size() - 1);
        Path without = PROJECT.resolve("target/scenario-without-the-plugin.yaml").toAbsolutePath();
        Files.write(without, kept, StandardCharsets.UTF_8);
        return without;
    }

    private static Run simulate(String name, String scenario, String... extra) throws IOException, InterruptedException {
        Path json = PROJECT.resolve("target/simulate-" + name + ".json").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("simulate", "--scenario", scenario, "--no-progress",
                "--json", json.toString()));
        args.addAll(List.of(extra));
        Run run = vmapkit(args.toArray(String[]::new));
        run.json = Files.exists(json) ? Files.readString(json) : "";
        return run;
    }

    private static Run vmapkit(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", CLI.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("vmapkit-it", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(p.exitValue(), String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** One run of the cli: exit code, output, and the --json figures if any. */
    private static final class Run {
        final int code;
        final String output;
        String json = "";

        Run(int code, String output) {
            this.code = code;
            this.output = output;
        }

        /** A whole-number figure of one policy's object in the --json output. */
        long figure(String policy, String field) {
            Map<String, String> objects = new LinkedHashMap<>();
            Matcher m = Pattern.compile("\\{[^{}]*\\}").matcher(json);
            while (m.find()) {
                Matcher p = Pattern.compile("\"policy\"\\s*:\\s*\"([^\"]*)\"").matcher(m.group());
                if (p.find()) {
                    objects.put(p.group(1), m.group());
                }
            }
            String object = objects.get(policy);
            assertThat(object).as("policy " + policy + " in " + json + "\n" + output).isNotNull();
            Matcher f = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?\\d+)").matcher(object);
            assertThat(f.find()).as(field + " in " + object).isTrue();
            return Long.parseLong(f.group(1));
        }
    }
}
