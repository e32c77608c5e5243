package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's founding question, answered by exactly what a newcomer runs: {@code vmapkit simulate} with
 * every default — the i915-32bit scenario (x86_32's 120 MiB, the real i915 plugin's workload, its
 * default length and seed) under pre-4.7, cache and cache+notifier.
 */
class DefaultScenarioTest {

    @TempDir
    static Path dir;

    static CliRun run;
    static Map<String, Map<String, String>> byPolicy = new LinkedHashMap<>();

    @BeforeAll
    static void simulateWithEveryDefault() throws IOException {
        Path json = dir.resolve("figures.json");
        String[] args = {"simulate", "--no-progress", "--json", json.toString()};
        run = CliRun.of(args);
        assertThat(run.code()).as(run.describe(args)).isZero();
        for (Map<String, String> o : Json.objects(Files.readString(json))) {
            byPolicy.put(o.get("policy"), o);
        }
    }

    @Test
    void theDefaultScenarioIsTheI915OnX86_32WithThreePolicies() {
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("Scenario i915-32bit: workload 'i915' of plugin 'i915', 100000 operations per policy, seed 1; "
                        + "x86_32[0xf7ffe000, 0xff7fe000) 120.0 MiB");
        assertThat(byPolicy).containsOnlyKeys("pre-4.7", "cache", "cache+notifier");
    }

    @Test
    void theMappingCacheCutsVmapsByAtLeastTenTimes() {
        double none = n("pre-4.7", "vmaps");
        assertThat(n("pre-4.7", "cacheHitRate")).isZero();
        assertThat(n("cache", "vmaps")).isLessThan(none / 10);
        assertThat(n("cache+notifier", "vmaps")).isLessThan(none / 10);
    }

    @Test
    void withoutTheNotifierTheCacheExhaustsTheSpaceAndTheKernelSaysSo() {
        assertThat(n("pre-4.7", "allocFailures")).isZero();
        assertThat(n("cache", "allocFailures")).isPositive();
        assertThat(n("cache", "freedByNotifier")).isZero();
        assertThat(run.out()).contains("Kernel log of cache: ")
                .containsPattern("\n  vmap allocation for size \\d+ failed: use vmalloc=<size> to increase size\n");
    }

    @Test
    void withTheNotifierTheCacheNeverFails() {
        assertThat(n("cache+notifier", "allocFailures")).isZero();
        assertThat(n("cache+notifier", "notifierRounds")).isPositive();
        assertThat(n("cache+notifier", "freedByNotifier")).isPositive();
        assertThat(run.out()).doesNotContain("Kernel log of cache+notifier");
    }

    /**
     * The README shows this run's figures; they must be exactly what the program prints, so the
     * README cannot drift from the program. Its prose ratio "cuts vmaps A–B×" is checked too:
     * pre-4.7's vmaps over each caching policy's, rounded.
     */
    @Test
    void theReadmeFiguresTableIsWhatSimulatePrints() throws IOException {
        Path readmeFile = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        assertThat(readmeFile).as("the project README, next to the cli module").exists();
        String readme = Files.readString(readmeFile);
        java.util.List<String> table = ReadmeFigures.table(readme);
        assertThat(table).as("README figures table").hasSizeGreaterThan(1);
        assertThat(ReadmeFigures.mismatches(table, run.out())).as("README figures vs simulate's output").isEmpty();

        long low = Math.round(n("pre-4.7", "vmaps") / n("cache+notifier", "vmaps"));
        long high = Math.round(n("pre-4.7", "vmaps") / n("cache", "vmaps"));
        assertThat(readme).as("the README's vmaps ratio").contains("cuts vmaps " + low + "\u2013" + high + "\u00d7");
    }

    private static double n(String policy, String key) {
        return Double.parseDouble(byPolicy.get(policy).get(key));
    }
}
