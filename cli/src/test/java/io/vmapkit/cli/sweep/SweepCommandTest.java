package io.vmapkit.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.CliRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vmapkit sweep} end to end, in-process, with tiny cells. */
class SweepCommandTest {

    /** 2 sizes × 2 CPU counts × 3 default policies × 2 seeds = 24 cells of 300 operations. */
    private static final String[] SMALL = {"sweep", "i915-32bit", "--axis", "space-size=32M,64M", "--axis", "ncpus=1,2",
        "--seeds", "1..2", "--ops", "300", "--no-progress"};

    @TempDir
    Path dir;

    private static String[] args(String[] base, String... more) {
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static CliRun ok(String... a) {
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        return r;
    }

    private static List<String> sorted(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Collections.sort(lines);
        return lines;
    }

    @Test
    void threeShardsMergedEqualTheUnshardedParallelRunByteForByteAfterSorting() throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        CliRun r = ok(args(SMALL, "--jobs", "3", "--out", whole.toString()));
        assertThat(r.out()).contains("24 cells (space-size=32M,64M; ncpus=1,2; policy=pre-4.7,cache,cache+notifier; seeds 1,2)")
                .contains("ran 24 cells in");
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path s = dir.resolve("shard" + i + ".jsonl");
            CliRun sr = ok(args(SMALL, "--jobs", "1", "--shard", i + "/3", "--out", s.toString()));
            assertThat(sr.out()).contains("shard " + i + "/3: 8 cells"); // 24 cells, index ≡ i (mod 3): 8 each
            assertThat(Files.readAllLines(s)).hasSize(8);
            shards.add(s.toString());
        }
        Path merged = dir.resolve("merged.jsonl");
        List<String> m = new ArrayList<>(List.of("sweep", "merge"));
        m.addAll(shards);
        m.addAll(List.of("--out", merged.toString()));
        CliRun mr = ok(m.toArray(new String[0]));
        assertThat(mr.out()).contains("Merged 24 cells of sweep i915-32bit");
        assertThat(Files.readString(merged)).isEqualTo(String.join("\n", sortedByCell(whole)) + "\n");
        assertThat(sorted(merged)).containsExactlyElementsOf(sorted(whole));
    }

    /**
     * A scenario file as SCENARIO, as simulate takes it: the churn test scenario over 2 policies × 2
     * seeds = 4 cells at 8 MiB; each line names scenario churn and, for cache+notifier, the churn plugin's
     * block with the plugin that registered it. A copy of the file with one policy's setting changed
     * has another digest, so its results do not merge with these.
     */
    @Test
    void aScenarioFileIsSweptAsSimulateRunsIt() throws IOException {
        Path out = dir.resolve("file.jsonl");
        // 8 MiB and 2000 operations: the space runs out, so the purge chain calls churn's block (as in SimulateCommandTest)
        CliRun r = ok("sweep", io.vmapkit.cli.TestScenarios.CHURN, "--axis", "space-size=8M", "--axis", "policy=cache,cache+notifier",
                "--seeds", "1..2", "--ops", "2000", "--no-progress", "--jobs", "1", "--out", out.toString());
        assertThat(r.out()).contains("4 cells (space-size=8M; policy=cache,cache+notifier; seeds 1,2)");
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l).contains("\"scenario\":\"churn\""));
        assertThat(lines).filteredOn(l -> l.contains("\"policy\":\"cache+notifier\"")).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("\"churn-vmap-notifier\":{").contains("\"registeredBy\":\"churn\""));

        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(Path.of(io.vmapkit.cli.TestScenarios.CHURN))
                .replace("era: pre-4.7", "era: \"4.7\""));
        Path out2 = dir.resolve("changed.jsonl");
        ok("sweep", changed.toString(), "--axis", "policy=cache", "--seeds", "1", "--ops", "300",
                "--no-progress", "--out", out2.toString());
        assertThat(digest(Files.readAllLines(out2).get(0))).isNotEqualTo(digest(lines.get(0)));
    }

    /** A typo in a swept scenario file fails before any cell, naming the file and line and the nearest key. */
    @Test
    void aScenarioFileWithATypoFailsWithItsLine() throws IOException {
        Path typo = dir.resolve("typo.yaml");
        // line 6 of the copy (after 2 comment lines, name, description, space): "cpus: 4" becomes "cpu: 4"
        Files.writeString(typo, Files.readString(Path.of(io.vmapkit.cli.TestScenarios.CHURN)).replace("cpus: 4", "cpu: 4"));
        Path out = dir.resolve("typo.jsonl");
        String[] a = {"sweep", typo.toString(), "--ops", "300", "--no-progress", "--out", out.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).contains(typo + ":6").contains("cpus");
        assertThat(out).doesNotExist();
    }

    private static String digest(String line) {
        Matcher m = Pattern.compile("\"scenarioDigest\":\"([^\"]+)\"").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    private static List<String> sortedByCell(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.sort((a, b) -> Integer.compare(cell(a), cell(b)));
        return lines;
    }

    private static int cell(String line) {
        Matcher m = Pattern.compile("^\\{\"cell\":(\\d+),").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static long figure(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aCellHasTheFiguresSimulateGivesForTheSameConfigurationAndSeed() throws IOException {
        Path out = dir.resolve("one.jsonl");
        ok("sweep", "--axis", "space-size=48M", "--axis", "ncpus=2", "--axis", "policy=cache", "--seeds", "3", "--ops", "3000",
                "--no-progress", "--out", out.toString());
        String line = Files.readAllLines(out).get(0);
        Path json = dir.resolve("sim.json");
        ok("simulate", "--space-size", "48M", "--ncpus", "2", "--policies", "cache", "--seed", "3", "--ops", "3000",
                "--no-progress", "--json", json.toString());
        String sim = Files.readString(json);
        for (String f : List.of("ops", "pinMapCalls", "vmaps", "vunmaps", "allocFailures", "purges", "notifierRounds",
                "freedByNotifier", "peakLiveBytes", "peakLazyBytes")) {
            assertThat(figure(line, f)).as(f).isEqualTo(figure(sim, f));
        }
        assertThat(line).startsWith("{\"cell\":0,\"coordinates\":{\"space-size\":\"48M\",\"ncpus\":\"2\",\"policy\":\"cache\"},"
                + "\"seed\":3,");
    }

    @Test
    void resumeRunsOnlyTheMissingCellsAndRedoesATornLastLine() throws IOException {
        Path out = dir.resolve("r.jsonl");
        ok(args(SMALL, "--out", out.toString()));
        List<String> complete = sorted(out);
        CliRun again = CliRun.of(args(SMALL, "--out", out.toString()));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("--out " + out + " already holds results; continue it with --resume, or remove it");

        List<String> lines = Files.readAllLines(out);
        Files.writeString(out, String.join("\n", lines.subList(0, 10)) + "\n" + lines.get(10).substring(0, 55));
        CliRun resumed = ok(args(SMALL, "--out", out.toString(), "--resume"));
        // 10 whole lines kept; the torn 11th and the 13 never written run again: 14
        assertThat(resumed.out()).contains("ran 14 cells in").contains("10 were already in " + out)
                .contains("the torn last line of " + out + " (an interrupted write) was cut off and its cell run again");
        assertThat(sorted(out)).containsExactlyElementsOf(complete);

        CliRun other = CliRun.of("sweep", "--axis", "space-size=32M,64M", "--axis", "ncpus=1,2", "--seeds", "1..2", "--ops", "301",
                "--no-progress", "--out", out.toString(), "--resume");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains("--resume: " + out + ":1 is a result of another sweep (scenario i915-32bit, digest sha256:");
    }

    @Test
    void csvAndReportAreWrittenAndTheReportIsSelfContained() throws IOException {
        Path out = dir.resolve("c.jsonl");
        Path csv = dir.resolve("c.csv");
        Path html = dir.resolve("c.html");
        ok(args(SMALL, "--out", out.toString(), "--csv", csv.toString(), "--report", html.toString()));
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(25); // header + 24 cells
        assertThat(rows.get(0)).startsWith("cell,space-size,ncpus,policy,seed,ops,");
        // cell 23 is the last: 64M, 2 CPUs, cache+notifier, seed 2
        assertThat(rows.get(24)).startsWith("23,64M,2,cache+notifier,2,300,");
        String page = Files.readString(html);
        // 3 heat maps (one per policy) + 2 vmaps-saved charts (one per ncpus value)
        assertThat(page.split("<img class=\"chart\"", -1)).hasSize(1 + 5);
        assertThat(page).contains("policy cache+notifier")
                .contains("<table class=\"summary\">");
        // 12 coordinates: one table row each, plus the header row
        assertThat(page.split("<tr>", -1)).hasSize(1 + 13);
        assertThat(page).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=\"/");
        assertThat(Pattern.compile("src=\"(?!data:image/png;base64,)").matcher(page).find()).isFalse();
    }

    @Test
    void badAxesFailBeforeAnythingRunsNamingTheAxisAndValue() throws IOException {
        Path out = dir.resolve("bad.jsonl");
        CliRun typo = CliRun.of("sweep", "--axis", "ncpu=1,2", "--no-progress", "--out", out.toString());
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("--axis ncpu=1,2: unknown axis 'ncpu' (did you mean 'ncpus'?)");
        CliRun policySetting = CliRun.of("sweep", "--axis", "vmapkit.plugin.i915.era=4.7,4.9", "--no-progress", "--out",
                out.toString());
        assertThat(policySetting.code()).isEqualTo(2);
        assertThat(policySetting.err()).contains("vmapkit.plugin.i915.era is what the policies set; use --axis policy=");
        CliRun zero = CliRun.of("sweep", "--axis", "ncpus=2,0", "--ops", "10", "--no-progress", "--out", out.toString());
        assertThat(zero.code()).isEqualTo(2);
        // cell 3 is the first with ncpus=0: ncpus index 1 × 3 policies × 1 seed
        assertThat(zero.err()).contains("cell #3 (ncpus=0, policy=pre-4.7, seed 1): --axis ncpus: '0' is not a whole "
                + "number of CPUs of at least 1");
        CliRun key = CliRun.of("sweep", "--axis", "vmapkit.allocator.lazy-max-pagez=1,2", "--ops", "10", "--no-progress",
                "--out", out.toString());
        assertThat(key.code()).as(key.toString()).isEqualTo(2);
        assertThat(key.err()).contains("vmapkit.allocator.lazy-max-pagez").contains("--axis");
        assertThat(Files.exists(out) ? Files.size(out) : 0L).as("nothing ran").isZero();
    }

    @Test
    void mergeRejectsAMissingShardNamingTheCells() throws IOException {
        Path s0 = dir.resolve("s0.jsonl");
        ok(args(SMALL, "--shard", "0/2", "--out", s0.toString()));
        CliRun r = CliRun.of("sweep", "merge", s0.toString(), "--out", dir.resolve("m.jsonl").toString());
        assertThat(r.code()).isEqualTo(1);
        // shard 0/2 holds the even cells; the first odd one is #1: 32M, 1 CPU, pre-4.7, seed 2
        assertThat(r.err()).contains("12 of 24 cells are in none of the files, e.g. #1 (space-size=32M, ncpus=1, "
                + "policy=pre-4.7, seed 2), #3 (");
        assertThat(Files.exists(dir.resolve("m.jsonl"))).isFalse();
    }

    @Test
    void autoShardTakesTheIndexFromKubernetesOrSlurmLikeAnExplicitIndex() throws IOException {
        Path explicit = dir.resolve("explicit.jsonl");
        ok(args(SMALL, "--shard", "1/3", "--out", explicit.toString()));
        for (String variable : List.of("JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID")) {
            Path auto = dir.resolve(variable + ".jsonl");
            SweepCommand cmd = new SweepCommand();
            cmd.environment = Map.of(variable, "1");
            StringWriter out = new StringWriter();
            String[] a = args(SMALL, "--shard", "auto/3", "--out", auto.toString());
            int code = new CommandLine(cmd).setOut(new PrintWriter(out, true))
                    .execute(Arrays.copyOfRange(a, 1, a.length)); // without "sweep": cmd is the sweep command
            assertThat(code).as(variable + ": " + out).isZero();
            assertThat(out.toString()).contains("shard 1/3: 8 cells");
            assertThat(sorted(auto)).as(variable).containsExactlyElementsOf(sorted(explicit));
        }
    }
}
