package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.figures.FiguresTable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmapkit simulate} end to end through picocli, driving the test plugin {@code churn} (an
 * i915-shaped mapping cache) with the scenario's three policies on an 8 MiB x86_32 space.
 */
class SimulateCommandTest {

    @TempDir
    static Path dir;

    static String[] args;
    static CliRun run;

    @BeforeAll
    static void simulate() {
        args = new String[] {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "2000",
            "--json", dir.resolve("figures.json").toString(), "--report", dir.resolve("report.html").toString(),
            "--trace-out", dir.resolve("trace.txt").toString()};
        run = CliRun.of(args);
        assertThat(run.code()).as(run.describe(args)).isZero();
    }

    @Test
    void printsAHeadlineAndATableWithOneColumnPerPolicyAndARowPerFigure() {
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Scenario churn: workload 'churn' of plugin 'churn', 2000 operations per policy, "
                + "seed 1; x86_32[0xfeffe000, 0xff7fe000) 8.0 MiB").contains("allocator free-tree", "4 CPUs (lazy_max_pages 24576)");
        assertThat(lines.get(2)).matches("figure\\s+pre-4\\.7\\s+cache\\s+cache\\+notifier");
        List<String> labels = FiguresTable.labels();
        assertThat(labels).containsExactly("operations", "pinMap calls", "cache hit rate", "vmaps", "vunmaps",
                "alloc failures (EBUSY)", "purges", "TLB flushes", "notifier rounds", "freed by notifier (blocks' units)", "freed by shrinker (objects)",
                "peak live", "peak lazy", "largest free block (end)", "wall time", "operations/s");
        for (int i = 0; i < labels.size(); i++) {
            assertThat(lines.get(3 + i)).as("row %d", i).startsWith(labels.get(i) + " ").matches(".+\\S+\\s+\\S+.*\\s+\\S+");
        }
        assertThat(row("operations")).containsExactly("2000", "2000", "2000");
        assertThat(run.out()).contains("workload: objectsDestroyed", "Wrote " + dir.resolve("figures.json"));
        assertThat(run.err()).as("no progress bar without a console, no messages").isEmpty();
    }

    @Test
    void policiesAreMeasuredFromTheWorkloadsCountersAndTheAllocatorsStatistics() {
        Map<String, Map<String, String>> byPolicy = json();
        Map<String, String> none = byPolicy.get("pre-4.7");
        Map<String, String> cache = byPolicy.get("cache");
        Map<String, String> both = byPolicy.get("cache+notifier");
        assertThat(n(none, "vmaps")).as("no cache: one vmap per pinMap").isEqualTo(n(none, "pinMapCalls"));
        assertThat(n(none, "cacheHitRate")).isZero();
        assertThat(n(cache, "vmaps")).as("the cache cuts vmaps by 10x or more").isLessThan(n(none, "vmaps") / 10);
        assertThat(n(cache, "allocFailures")).as("the cache without the notifier runs out of space").isPositive();
        assertThat(n(both, "allocFailures")).as("with the notifier it does not").isZero();
        assertThat(n(both, "notifierRounds")).isPositive();
        assertThat(n(both, "freedByNotifier")).isPositive();
        assertThat(n(cache, "freedByNotifier")).as("no block registered: rounds free nothing").isZero();
        assertThat(n(cache, "notifierRounds")).as("the empty chain is still called once per failure, as in the kernel")
                .isEqualTo(n(cache, "allocFailures"));
        for (Map<String, String> p : byPolicy.values()) {
            assertThat(n(p, "purges")).isEqualTo(n(p, "tlbFlushes"));
            assertThat(n(p, "peakLiveBytes")).isBetween(1.0, 8.0 * (1 << 20));
            assertThat(n(p, "opsPerSecond")).isPositive();
        }
    }

    @Test
    void jsonHasOneObjectPerPolicyWithExactlyTheIssuesFields() throws IOException {
        List<Map<String, String>> objects = Json.objects(Files.readString(dir.resolve("figures.json")));
        assertThat(objects).hasSize(3);
        List<String> policies = new ArrayList<>();
        for (Map<String, String> o : objects) {
            List<String> keys = new ArrayList<>(o.keySet());
            assertThat(keys.subList(0, 15)).containsExactly("policy", "ops", "pinMapCalls", "cacheHitRate", "vmaps", "vunmaps",
                    "allocFailures", "purges", "tlbFlushes", "notifierRounds", "freedByNotifier", "freedByShrinker",
                    "peakLiveBytes", "peakLazyBytes", "opsPerSecond");
            // then only the per-plugin accounting: plugin.<block or shrinker>.<field>, all fields per name,
            // and plugin.<name>.registeredBy for each name whose registering plugin is known
            List<String> numeric = keys.subList(15, keys.size()).stream().filter(k -> !k.endsWith(".registeredBy")).toList();
            assertThat(numeric).allSatisfy(k -> assertThat(k).matches("plugin\\.[^.]+\\.("
                    + String.join("|", io.vmapkit.cli.figures.FiguresJson.PLUGIN_FIELDS) + ")"));
            assertThat(numeric.size() % io.vmapkit.cli.figures.FiguresJson.PLUGIN_FIELDS.size()).isZero();
            assertThat(keys.subList(15, keys.size())).filteredOn(k -> k.endsWith(".registeredBy"))
                    .allSatisfy(k -> assertThat(k).matches("plugin\\.[^.]+\\.registeredBy"));
            policies.add(o.get("policy"));
        }
        assertThat(policies).containsExactly("pre-4.7", "cache", "cache+notifier");
    }

    /**
     * The churn test plugin registers its purge block as "churn-vmap-notifier": the block's account
     * names plugin churn (from the runtime, not from the block's name), in the JSON and the table.
     */
    @Test
    void theBlocksAccountNamesThePluginThatRegisteredIt() {
        Map<String, String> both = json().get("cache+notifier");
        assertThat(both).containsEntry("plugin.churn-vmap-notifier.registeredBy", "churn");
        assertThat(n(both, "plugin.churn-vmap-notifier.notifierCalls")).isPositive();
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).startsWith("churn-vmap-notifier (plugin churn)"));
    }

    @Test
    void jsonAndTableAgree() {
        Map<String, Map<String, String>> byPolicy = json();
        List<String> order = List.of("pre-4.7", "cache", "cache+notifier");
        String[][] rows = {{"vmaps", "vmaps"}, {"vunmaps", "vunmaps"}, {"alloc failures (EBUSY)", "allocFailures"},
            {"purges", "purges"}, {"TLB flushes", "tlbFlushes"}, {"notifier rounds", "notifierRounds"},
            {"freed by notifier (blocks' units)", "freedByNotifier"}, {"pinMap calls", "pinMapCalls"}, {"operations", "ops"}};
        for (String[] r : rows) {
            List<String> cells = row(r[0]);
            for (int i = 0; i < 3; i++) {
                assertThat(cells.get(i)).as(r[0] + " of " + order.get(i)).isEqualTo(byPolicy.get(order.get(i)).get(r[1]));
            }
        }
    }

    @Test
    void reportIsOneSelfContainedFileWithItsChartsAndMaps() throws IOException {
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html.startsWith("<!DOCTYPE html>")).isTrue();
        for (String part : List.of("<table class=\"figures\">", "alloc failures (EBUSY)", "Policies compared", "Policy pre-4.7",
                "Policy cache", "Policy cache+notifier", "Address space at the end of the run",
                "alt=\"cache+notifier: live, lazy and free bytes over the run; ")) {
            assertThat(html.contains(part)).as("the report contains " + part).isTrue();
        }
        assertThat(Pattern.compile("(src|href)=\"(https?:|//|file:)").matcher(html).find()).as("no external resource").isFalse();
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        int charts = 0;
        while (m.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            assertThat(img).as("chart %d decodes as PNG", charts).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1000);
            assertThat(img.getHeight()).isEqualTo(380);
            charts++;
        }
        assertThat(charts).as("the two comparison charts, and per policy one occupancy chart and one chart of who freed what")
                .isEqualTo(2 + 3 * 2);
        assertThat(html.split("<svg ", -1)).as("one address-space map per policy").hasSize(4);
        Map<String, String> both = json().get("cache+notifier");
        assertThat(html.contains(both.get("purges") + " purges and " + both.get("notifierRounds") + " notifier rounds marked"))
                .as("the occupancy chart marks the run's purges and notifier rounds").isTrue();
    }

    @Test
    void traceOutWritesOneTraceNamedAfterEachPolicy() throws IOException {
        for (String p : List.of("pre-4.7", "cache", "cache+notifier")) {
            Path t = dir.resolve("trace-" + p + ".txt");
            assertThat(run.out()).contains("Wrote " + t);
            List<String> lines = Files.readAllLines(t);
            assertThat(lines.get(1)).startsWith("vmapkit-trace 1 space=x86_32 start=0xfeffe000 size=0x800000 page-size=4096 "
                    + "allocator=free-tree ncpus=4 lazy-max-pages=24576 max-notifier-rounds=8 lazy-purge=sync "
                    + "non-blocking-skips-notifier=true policy=" + p.replace("+", "%2B"));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("end");
            assertThat(lines.get(lines.size() - 2)).startsWith("counters ops=2000 pinMapCalls=");
        }
        String withNotifier = Files.readString(dir.resolve("trace-cache+notifier.txt"));
        assertThat(withNotifier).as("the notifier's frees are recorded inside the rounds")
                .containsPattern("\n  round 1 begin\n    free \\d+\n");
    }

    @Test
    void theSameSeedGivesTheSameFiguresAndAnotherSeedOthers() throws IOException {
        String a = figures("--seed", "7");
        String b = figures("--seed", "7");
        String c = figures("--seed", "8");
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void eraAppliesToTheCachingPoliciesOnly() {
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "50", "--era", "4.9"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).containsPattern("workload: era49\\s+0\\s+1\\s+1\n");
    }

    @Test
    void configurationKeysApplyOnTopOfTheOptions() throws IOException {
        Path trace = dir.resolve("one.txt");
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "50", "--policies", "cache",
            "--allocator", "busy-list", "-Dvmapkit.allocator.max-notifier-rounds=unlimited", "-Dvmapkit.ncpus=8",
            "--trace-out", trace.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).contains("allocator busy-list", "Wrote " + trace);
        assertThat(Files.readAllLines(trace).get(1)).as("a single policy's trace has the name given")
                .contains("allocator=busy-list ncpus=8 lazy-max-pages=32768 max-notifier-rounds=unlimited");
    }

    @Test
    void anotherPluginCanBeInstalledBesideTheWorkloads() {
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--ops", "10", "--with", "nonexistent"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no usable plugin named 'nonexistent'");
    }

    private static String figures(String... extra) throws IOException {
        Path json = Files.createTempFile(dir, "f", ".json");
        List<String> a = new ArrayList<>(List.of("simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "600",
                "--json", json.toString()));
        a.addAll(List.of(extra));
        CliRun r = CliRun.of(a.toArray(new String[0]));
        assertThat(r.code()).as(r.toString()).isZero();
        // timings differ from run to run: operations per second and the time in each plugin's callbacks
        return Files.readString(json).replaceAll("\"opsPerSecond\": [0-9.]+", "").replaceAll("\\.callbackNanos\": [0-9]+", "");
    }

    private static Map<String, Map<String, String>> json() {
        try {
            Map<String, Map<String, String>> m = new java.util.LinkedHashMap<>();
            for (Map<String, String> o : Json.objects(Files.readString(dir.resolve("figures.json")))) {
                m.put(o.get("policy"), o);
            }
            return m;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double n(Map<String, String> o, String key) {
        return Double.parseDouble(o.get(key));
    }

    /** The cells of the table row {@code label}, one per policy. */
    private static List<String> row(String label) {
        for (String line : run.out().lines().toList()) {
            if (line.startsWith(label + "  ")) {
                return List.of(line.substring(label.length()).strip().split("\\s{2,}"));
            }
        }
        throw new AssertionError("no row " + label + " in\n" + run.out());
    }
}
