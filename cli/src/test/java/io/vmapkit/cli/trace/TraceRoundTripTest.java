package io.vmapkit.cli.trace;

import io.vmapkit.cli.TestScenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** simulate → trace → replay gives the same figures; a trace that lies is caught at its line. */
class TraceRoundTripTest {

    private static final List<String> POLICIES = List.of("pre-4.7", "cache", "cache+notifier");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"free-tree", "busy-list"})
    void simulateThenReplayGivesTheSameFigures(String allocator) throws IOException {
        Path json = dir.resolve("sim.json");
        String[] sim = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "1500", "--allocator", allocator,
            "--json", json.toString(), "--trace-out", dir.resolve("t.txt").toString()};
        CliRun s = CliRun.of(sim);
        assertThat(s.code()).as(s.describe(sim)).isZero();
        List<String> simulated = objects(Files.readString(json));
        assertThat(simulated).hasSize(3);
        for (int i = 0; i < POLICIES.size(); i++) {
            Path trace = dir.resolve("t-" + POLICIES.get(i) + ".txt");
            Path replayJson = dir.resolve("replay-" + i + ".json");
            String[] rep = {"replay", trace.toString(), "--json", replayJson.toString()};
            CliRun r = CliRun.of(rep);
            assertThat(r.code()).as(r.describe(rep)).isZero();
            assertThat(r.out()).contains("every address and failure matched the trace");
            List<String> replayed = objects(Files.readString(replayJson));
            assertThat(replayed).hasSize(1);
            assertThat(replayed.get(0)).as("policy %s on %s", POLICIES.get(i), allocator).isEqualTo(simulated.get(i));
            assertThat(table(r.out())).as("the replay's table, timings aside").isEqualTo(column(s.out(), i));
        }
        assertThat(Files.readString(dir.resolve("t-cache+notifier.txt"))).as("a round with the callback's frees inside")
                .containsPattern("round 1 begin\n    free \\d+\n");
    }

    @Test
    void aChangedAddressIsAMismatchNamingItsLine() throws IOException {
        Path trace = record();
        List<String> lines = Files.readAllLines(trace);
        int i = firstLine(lines, "alloc 5 ");
        String changed = lines.get(i).replaceAll("-> 0x[0-9a-f]+$", "-> 0x1000");
        lines.set(i, changed);
        Files.write(trace, lines);
        CliRun r = CliRun.of("replay", trace.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("vmapkit replay: " + trace + ":" + (i + 1) + ": replay mismatch: alloc 5 was placed at 0x1000 "
                + "in the trace, at 0x");
    }

    @Test
    void aRoundThatFreedNothingMakesTheAllocationFailInTheReplay() throws IOException {
        Path trace = record();
        List<String> lines = Files.readAllLines(trace);
        int end = firstLine(lines, "  round 1 end freed=");
        lines.set(end, lines.get(end).replaceAll("freed=\\d+", "freed=0"));
        int alloc = end;
        while (!lines.get(alloc).startsWith("alloc ")) {
            alloc--;
        }
        String id = lines.get(alloc).split(" ")[1];
        Files.write(trace, lines);
        CliRun r = CliRun.of("replay", trace.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("vmapkit replay: " + trace + ":" + (alloc + 1) + ": replay mismatch: alloc " + id
                + " was placed at 0x").contains("but failed with EBUSY in the replay");
    }

    @Test
    void aMissingRoundIsAMismatch() throws IOException {
        Path trace = record();
        List<String> lines = Files.readAllLines(trace);
        int begin = firstLine(lines, "  round 1 begin");
        int end = firstLine(lines, "  round 1 end freed=");
        int alloc = begin - 1;
        String id = lines.get(alloc).split(" ")[1];
        lines.subList(begin, end + 1).clear();
        Files.write(trace, lines);
        CliRun r = CliRun.of("replay", trace.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(":" + (alloc + 1) + ": replay mismatch: alloc " + id
                + ": the replay's allocator called the purge notifier chain for round 1, but the trace records 0 round(s)");
    }

    private Path record() {
        Path trace = dir.resolve("rec.txt");
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "800", "--policies", "cache+notifier",
            "--trace-out", trace.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        return trace;
    }

    private static int firstLine(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "'");
    }

    /** The JSON objects without opsPerSecond (a timing), as text. */
    private static List<String> objects(String json) {
        Matcher m = Pattern.compile("\\{[^{}]*\\}").matcher(json);
        List<String> list = new java.util.ArrayList<>();
        while (m.find()) {
            // timings aside; and the per-plugin accounting (figures and registeredBy), which only a live run has (a replay runs no plugin)
            list.add(m.group().replaceAll(",\\s*\"opsPerSecond\": [0-9.]+", "").replaceAll(",\\s*\"plugin\\.[^\"]+\": (?:[0-9]+|\"[^\"]*\")", ""));
        }
        return list;
    }

    /** The replay's one-column table without the timing rows. */
    private static List<String> table(String out) {
        return column(out, 0);
    }

    /** Column {@code i} of the table in {@code out}, as "label=value" lines, timing rows left out. */
    private static List<String> column(String out, int i) {
        List<String> cells = new java.util.ArrayList<>();
        boolean in = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith("figure ")) {
                in = true;
                continue;
            }
            if (!in || line.isBlank()) {
                if (in) {
                    break;
                }
                continue;
            }
            String[] parts = line.split("\\s{2,}");
            if (parts[0].equals("wall time") || parts[0].equals("operations/s")) {
                continue;
            }
            cells.add(parts[0] + "=" + parts[1 + i]);
        }
        return cells;
    }
}
