package io.vmapkit.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.CliRun;
import java.io.IOException;
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
        String[] sim = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "800", "--policies", "cache+notifier",
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
        String[] sim = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "200", "--policies", "cache",
            "-Dvmapkit.kernel=4.7", "--allocator", "free-tree", "--json", json.toString()};
        CliRun s = CliRun.of(sim);
        assertThat(s.code()).as(s.describe(sim)).isZero();
        assertThat(s.out()).contains("allocator free-tree");
        assertThat(List.of(s.out().split("\n"))).noneMatch(l -> l.contains("busy-list-kernel"));
    }
}
