package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files simulate and replay write (issue 17 items 8, 14 and 15): one file per output, written
 * atomically, errors that name the option and the path.
 */
class OutputFilesTest {

    private static final String[] SMALL = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "50",
        "--policies", "cache"};

    @TempDir
    Path dir;

    private static String[] with(String... more) {
        return Stream.concat(Stream.of(SMALL), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void jsonAndReportNamingOneFileIsAUsageErrorAndWritesNothing() {
        Path f = dir.resolve("out");
        String[] a = with("--json", f.toString(), "--report", f.toString());

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).contains("--json and --report name the same file " + f + ": each output needs its own file");
        assertThat(f).doesNotExist();
    }

    @Test
    void jsonAndTraceOutNamingOneFileThroughADifferentSpellingIsAUsageError() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "an earlier trace\n");
        String[] a = with("--json", f.toString(), "--trace-out", dir.resolve(".").resolve("t.txt").toString());

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).contains("--json and --trace-out name the same file");
        assertThat(Files.readString(f)).isEqualTo("an earlier trace\n");
    }

    @Test
    void replayRefusesToWriteItsJsonOverTheTraceItReads() throws IOException {
        Path trace = dir.resolve("t.txt");
        String[] sim = with("--trace-out", trace.toString());
        assertThat(CliRun.of(sim).code()).isZero();
        String before = Files.readString(trace);
        String[] rep = {"replay", trace.toString(), "--json", trace.toString()};

        CliRun r = CliRun.of(rep);

        assertThat(r.code()).as(r.describe(rep)).isEqualTo(2);
        assertThat(r.err()).contains("FILE (the trace) and --json name the same file " + trace);
        assertThat(Files.readString(trace)).isEqualTo(before);
    }

    @Test
    void aRunThatFailsLeavesTheEarlierTraceAsItWas() throws IOException {
        Path trace = dir.resolve("t.txt");
        Files.writeString(trace, "an earlier trace\n");
        // background purges cannot be traced: the run fails when the recorder sees the configuration
        String[] a = with("--trace-out", trace.toString(), "-Dvmapkit.allocator.lazy-purge=background");

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isNotZero();
        assertThat(Files.readString(trace)).as("not truncated").isEqualTo("an earlier trace\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("t.txt");
        }
    }

    @Test
    void aSuccessfulRunReplacesTheFilesAndLeavesNoTemporaryFile() throws IOException {
        Path json = dir.resolve("f.json");
        Path trace = dir.resolve("t.txt");
        Files.writeString(json, "old");
        Files.writeString(trace, "old");
        String[] a = with("--json", json.toString(), "--trace-out", trace.toString());

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(Files.readString(json)).startsWith("[");
        assertThat(Files.readString(trace)).startsWith("# vmapkit trace").endsWith("end\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f.json", "t.txt");
        }
    }

    @Test
    void anOutputInADirectoryThatDoesNotExistIsAUsageErrorNamingTheDirectory() {
        Path f = dir.resolve("no-such-dir").resolve("r.html");
        String[] a = with("--report", f.toString());

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).contains("--report " + f + ": the directory " + f.getParent() + " does not exist");
    }

    @Test
    void anEmptyOrDirectoryOutputIsAUsageErrorNamingTheOption() {
        String[] empty = with("--json", "");
        CliRun r = CliRun.of(empty);
        assertThat(r.code()).as(r.describe(empty)).isEqualTo(2);
        assertThat(r.err()).contains("--json needs a file name, not ''");

        String[] directory = with("--json", dir.toString());
        r = CliRun.of(directory);
        assertThat(r.code()).as(r.describe(directory)).isEqualTo(2);
        assertThat(r.err()).contains("--json " + dir + " is a directory; give a file name");
    }

    @Test
    void replayOfADirectoryNamesIt() {
        CliRun r = CliRun.of("replay", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit replay: cannot replay " + dir + ": it is a directory, not a trace file\n");
    }

    @Test
    void aDeviceIsWrittenAsItIsNotReplaced() {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "/dev/full exists");
        String[] a = with("--json", full.toString());

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isEqualTo(1);
        assertThat(r.err()).contains("cannot write --json /dev/full: No space left on device");
        assertThat(Files.isRegularFile(full)).as("still the device").isFalse();
    }

    @Test
    void aDirectoryWhereNoFileCanBeCreatedIsNamed() {
        Path proc = Path.of("/proc"); // exists, but refuses new files
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(proc.resolve("self")), "a Linux /proc");
        String[] a = {"simulate", "--ops", "20", "--policies", "cache", "--report", "/proc/x"};

        CliRun r = CliRun.of(a);

        assertThat(r.code()).as(r.describe(a)).isEqualTo(1);
        assertThat(r.err()).as("once 'no such file: /proc/x'")
                .contains("cannot write --report /proc/x: cannot create a file in the directory /proc (");
    }
}
