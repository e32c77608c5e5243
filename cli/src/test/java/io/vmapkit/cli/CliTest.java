package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exit codes (0 success, 2 usage error, 1 failure) and the messages that go with them, end to end. */
class CliTest {

    @Test
    void helpAndVersionExitWithZero() {
        CliRun help = CliRun.of("--help");
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: vmapkit", "simulate", "sweep", "bench", "replay", "plugins", "Exit codes: 0 success, 2 usage error, 1 failure.");
        CliRun version = CliRun.of("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("vmapkit ").contains("api 1.0");
        for (String cmd : new String[] {"simulate", "sweep", "replay", "plugins"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Usage: vmapkit " + cmd);
        }
        CliRun tv = CliRun.of("bench", "test-vmalloc", "--help");
        assertThat(tv.code()).isZero();
        assertThat(tv.out()).contains("Usage: vmapkit bench test-vmalloc", "--test-mask", "--compare");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(new String[] {}, "Missing command: choose one of simulate, scenarios, sweep, bench, replay, plugins"),
                Arguments.of(new String[] {"simulat"}, "Unmatched argument at index 0: 'simulat'"),
                Arguments.of(new String[] {"simulate", "--bogus"}, "Unknown option: '--bogus'"),
                Arguments.of(new String[] {"simulate", "--scenario", "nope"}, "unknown scenario 'nope': no built-in scenario and no file of that name (built-in: i915-32bit, i915-64bit, "),
                Arguments.of(new String[] {"simulate", "--policies", "cache,bogus"}, "unknown policy 'bogus' (known: pre-4.7, cache, cache+notifier)"),
                Arguments.of(new String[] {"simulate", "--policies", "cache,cache"}, "--policies names 'cache' twice"),
                Arguments.of(new String[] {"simulate", "--ops", "0"}, "--ops must be at least 1, not 0"),
                Arguments.of(new String[] {"simulate", "--ops", "many"}, "Invalid value for option '--ops'"),
                Arguments.of(new String[] {"simulate", "--ncpus", "0"}, "--ncpus must be at least 1, not 0"),
                Arguments.of(new String[] {"simulate", "--era", "5.0"}, "--era must be one of [4.7, 4.9]"),
                Arguments.of(new String[] {"simulate", "--space", "x86_16"}, "unknown address space preset 'x86_16'"),
                Arguments.of(new String[] {"simulate", "--space-size", "lots"}, "'lots' is not a size"),
                Arguments.of(new String[] {"simulate", "--workload", ":x"}, "--workload takes PLUGIN:WORKLOAD"),
                Arguments.of(new String[] {"simulate", "--scenario", TestScenarios.CHURN, "--allocator", "nope"},
                        "unknown allocator 'nope' (found: free-tree, busy-list"),
                Arguments.of(new String[] {"simulate", "--workload", "churn:nope"}, "plugin 'churn' offers no workload 'nope' (it offers: churn)"),
                Arguments.of(new String[] {"simulate", "-Dfoo=1"}, "-Dfoo: only vmapkit.* configuration keys are accepted"),
                Arguments.of(new String[] {"simulate", "-Dvmapkit.ncpu=3"}, "unknown configuration key 'vmapkit.ncpu' (did you mean 'vmapkit.ncpus'?)"),
                Arguments.of(new String[] {"simulate", "--scenario", TestScenarios.CHURN, "-Dvmapkit.plugin.churn.era=4.9"},
                        "this setting is what the policies set"),
                Arguments.of(new String[] {"simulate", "-Dvmapkit.allocator=busy-list"}, "use --allocator"),
                Arguments.of(new String[] {"bench"}, "Missing command: choose one of test-vmalloc"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--test-mask", "zz"}, "'zz' is not a test mask"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--test-mask", "0x80000000"}, "outside 0 to 0x7fffffff"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--fix-align", "3000"}, "--fix-align 3000 is not a power of two"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--threads", "5000"}, "more than 1024 workers"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--allocator", "nope"}, "unknown allocator 'nope'"),
                // issue 17 items 11 and 15: bad values that were accepted silently, or exited 1, or named the wrong value
                Arguments.of(new String[] {"simulate", "--policies", ",,,"}, "--policies names no policy (known: pre-4.7, cache, cache+notifier)"),
                Arguments.of(new String[] {"simulate", "--policies", "cache,,pre-4.7"}, "--policies has an empty name in 'cache,,pre-4.7'"),
                Arguments.of(new String[] {"simulate", "-Dvmapkit.plugin.nope.x=1"},
                        "-Dvmapkit.plugin.nope.x: plugin 'nope' is not installed in this run (installed: i915)"),
                Arguments.of(new String[] {"simulate", "--space-size", "1"}, "--space-size: 1 bytes is not a positive multiple of the page size (4096 bytes)"),
                // item 11: each exited 1 (two naming exception classes); now exit 2 naming the value and where it came from
                // 9999999999999 > 2^31 - 1 = 2147483647, the largest int a workload's operations parameter holds
                Arguments.of(new String[] {"simulate", "--ops", "9999999999999"},
                        "--ops must be at most 2147483647 (a workload's operations parameter is an int), not 9999999999999"),
                Arguments.of(new String[] {"simulate", "-Dvmapkit.plugin.i915.nope=1"},
                        "-Dvmapkit.plugin.i915.nope=1 (command line): plugin 'i915' refused it: unknown setting 'vmapkit.plugin.i915.nope'"),
                // 4K = 4096 bytes, a page multiple but below 1 MiB = 1048576 bytes = 256 pages of 4096
                Arguments.of(new String[] {"simulate", "--space-size", "4K"},
                        "--space-size: 4096 bytes (4.0 KiB) is below the smallest space the commands run, 1048576 bytes (1.0 MiB, 256 pages)"),
                Arguments.of(new String[] {"bench", "test-vmalloc", "--space-size", "4K"},
                        "--space-size: 4096 bytes (4.0 KiB) is below the smallest space the commands run, 1048576 bytes (1.0 MiB, 256 pages)"),
                Arguments.of(new String[] {"simulate", "-Dvmapkit.plugin.i915.hz=fast"},
                        "-Dvmapkit.plugin.i915.hz=fast (command line): plugin 'i915' refused it: vmapkit.plugin.i915.hz = fast"),
                Arguments.of(new String[] {"replay"}, "Missing required parameter: 'FILE'"),
                Arguments.of(new String[] {"plugins", "--plugin-path", "/no/such/dir"}, "--plugin-path: /no/such/dir does not exist"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("usageErrors")
    void usageErrorsExitWithTwoAndSayWhatIsWrong(String[] args, String message) {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isEqualTo(2);
        assertThat(r.err()).as(r.describe(args)).contains(message).contains("--help' for more information.")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).as(r.describe(args)).isEmpty();
    }

    @Test
    void aMisspeltCommandGetsASuggestion() {
        CliRun r = CliRun.of("simulat");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean", "simulate");
    }

    @Test
    void aFailureExitsWithOneAndOneClearMessageWithoutAStackTrace() {
        CliRun r = CliRun.of("simulate", "--workload", "missing-plugin:x");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).startsWith("vmapkit simulate: no usable plugin named 'missing-plugin' was discovered; found ")
                .containsPattern("found [a-z0-9, -]*\\bchurn\\b")
                .contains("--plugin-path DIR").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aTraceOfBackgroundPurgesIsRefusedWithTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        CliRun r = CliRun.of("simulate", "--scenario", TestScenarios.CHURN, "--ops", "5", "--policies", "cache",
                "-Dvmapkit.allocator.lazy-purge=background", "--trace-out", dir.resolve("t.txt").toString());
        // a bad value on the command line: exit 2 (issue 17 item 11; it was 1, found while the run started)
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--trace-out: a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync), "
                + "not background").doesNotContain("\tat ");
    }

    @Test
    void aMissingTraceIsAFailureNamingTheFile() {
        CliRun r = CliRun.of("replay", "/no/such/trace.txt");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit replay: no such file: /no/such/trace.txt\n");
    }

    @Test
    void verbosePrintsTheStackTraceOnAnySubcommand() {
        CliRun r = CliRun.of("simulate", "--workload", "missing-plugin:x", "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no usable plugin named 'missing-plugin'").contains("\tat io.vmapkit.cli.");
        CliRun before = CliRun.of("--verbose", "replay", "/no/such/trace.txt");
        assertThat(before.code()).isEqualTo(1);
        assertThat(before.err()).contains("NoSuchFileException").contains("\tat ");
    }

    @Test
    void verboseIsFoundInTheArgumentsBeforeParsing() {
        assertThat(Cli.mentionsVerbose(new String[] {"simulate", "--verbose"})).isTrue();
        assertThat(Cli.mentionsVerbose(new String[] {"simulate", "--", "--verbose"})).isFalse();
        assertThat(Cli.mentionsVerbose(new String[] {"simulate"})).isFalse();
    }
}
