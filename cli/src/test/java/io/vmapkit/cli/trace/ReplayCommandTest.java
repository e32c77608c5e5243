package io.vmapkit.cli.trace;

import io.vmapkit.cli.TestScenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.CliRun;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmapkit replay} and {@code simulate --trace-out} as commands: exit codes and messages of a
 * bad trace, and the header keys a kernel preset records. (The format itself is tested in the
 * trace module.)
 */
class ReplayCommandTest {

    /** The trace module's TraceParserTest.VALID: line numbers below refer to it (line 1 is the comment). */
    static final String VALID = String.join("\n",
            "# a hand-written trace",
            "vmapkit-trace 1 space=x86_32 start=0xf7ffe000 size=0x7800000 page-size=4096 allocator=free-tree ncpus=4 "
                    + "lazy-max-pages=24576 max-notifier-rounds=8 lazy-purge=sync non-blocking-skips-notifier=true policy=-",
            "alloc 1 size=0x1000 align=0x1 window=- flags=- owner=- -> 0xf7ffe000",
            "alloc 2 size=0x2000 align=0x1 window=0xf7ffe000-0xff7fe000 flags=NO_WARN,NON_BLOCKING owner=test -> 0xf8000000",
            "",
            "free 1",
            "purge -> true",
            "counters ops=3 vmaps=2 lockSteals=0",
            "end",
            "");

    @TempDir
    Path dir;

    private static String header(String trace) {
        return trace.lines().filter(l -> l.startsWith("vmapkit-trace ")).findFirst().orElseThrow();
    }

    @Test
    void replayOfAMalformedFileExitsWithOneAndTheFileAndLine() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, VALID.replace("free 1", "free 9"));
        CliRun r = CliRun.of("replay", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit replay: " + f + ":6: free 9: there is no live area with id 9 "
                + "(no alloc line has that id)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTraceOfAnAllocatorThatIsNotThereIsAFailureNamingIt() throws IOException {
        Path f = dir.resolve("other.txt");
        Files.writeString(f, VALID.replace("allocator=free-tree", "allocator=tlsf"));
        CliRun r = CliRun.of("replay", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":1: the trace was recorded with allocator 'tlsf', which is not on the class path "
                + "(found: free-tree, busy-list").contains("--plugin-path");
    }

    @Test
    void simulateUnderAKernelPresetRecordsItsValuesAndReplaysThem() throws IOException {
        Path trace = dir.resolve("k.txt");
        Path json = dir.resolve("k.json");
        String[] sim = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "800", "--policies", "cache+notifier",
            "-Dvmapkit.kernel=4.7", "--json", json.toString(), "--trace-out", trace.toString()};
        CliRun s = CliRun.of(sim);
        assertThat(s.code()).as(s.describe(sim)).isZero();

        assertThat(header(Files.readString(trace))).contains(" allocator=busy-list-kernel ", " max-notifier-rounds=unlimited ",
                " reject-impossible=false non-blocking-purge-trylock=false free-tree-search=5.2 ");
        String[] rep = {"replay", trace.toString()};
        CliRun r = CliRun.of(rep);
        assertThat(r.code()).as(r.describe(rep)).isZero();
        assertThat(r.out()).contains("on busy-list-kernel", "every address and failure matched the trace");
    }

    @Test
    void anExplicitAllocatorOptionWinsOverTheKernelPresetsAllocator() {
        Path json = dir.resolve("a.json");
        String[] sim = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "200", "--policies", "cache",
            "-Dvmapkit.kernel=4.7", "--allocator", "free-tree", "--json", json.toString()};
        CliRun s = CliRun.of(sim);
        assertThat(s.code()).as(s.describe(sim)).isZero();
        assertThat(s.out()).contains("allocator free-tree");
        assertThat(List.of(s.out().split("\n"))).noneMatch(l -> l.contains("busy-list-kernel"));
    }

    /**
     * Issue 17 item 1: replay streams. A trace of 400,000 allocate/free/purge triples (1,200,000 lines,
     * about 40 MB) replays in a child JVM whose heap (32 MiB) is smaller than the file; reading the
     * whole file into memory first (as replay once did) runs out of heap.
     */
    @Test
    void aTraceLargerThanTheHeapReplaysBecauseReplayStreams() throws Exception {
        int triples = 400_000;
        Path f = dir.resolve("long.trace");
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            // 16-page space; each allocation takes 2 pages (1 + guard) at the start, the free makes them
            // lazy (2 pages, far below lazy-max-pages=1000) and the explicit purge finds them: the next
            // allocation lands at the start again
            w.write("vmapkit-trace 1 space=tiny start=0x100000 size=0x10000 page-size=4096 allocator=free-tree ncpus=1 "
                    + "lazy-max-pages=1000 max-notifier-rounds=8 lazy-purge=sync non-blocking-skips-notifier=true policy=-\n");
            for (int i = 1; i <= triples; i++) {
                w.write("alloc " + i + " size=0x1000 align=0x1 window=- flags=- owner=- -> 0x100000\nfree " + i
                        + "\npurge -> true\n");
            }
            w.write("end\n");
        }
        assertThat(Files.size(f)).as("the trace is larger than the child's heap").isGreaterThan(32L << 20);

        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                "io.vmapkit.cli.Main", "replay", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();

        assertThat(code).as(out).isZero();
        assertThat(out).contains("Replayed " + f + ": " + (3 * triples) + " allocator operations (", ", on free-tree,",
                "every address and failure matched the trace");
    }

    /** Issue 17 item 4: once "vmapkit replay: Input length = 1", with no file and no line. */
    @Test
    void aTraceThatIsNotUtf8IsReportedWithTheFileAndTheLine() throws IOException {
        Path f = dir.resolve("latin1.txt");
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(valid, valid.length + 7);
        // after "end\n" (line 9): "# caf" and 0xe9 (é in Latin-1) make line 10, where 0xe9 is byte 6
        System.arraycopy(new byte[] {'#', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n'}, 0, bytes, valid.length, 7);
        Files.write(f, bytes);

        CliRun r = CliRun.of("replay", f.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit replay: " + f + ":10: the line is not valid UTF-8: byte 0xe9 at byte offset 6 "
                + "of the line (a trace is UTF-8 text)\n");
    }
}
