package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16 item 7: the command line's finish, one test per rough edge the issue lists. */
class CliFinishTest {

    private static final String[][] COMMANDS = {{"simulate"}, {"scenarios"}, {"sweep"}, {"sweep", "merge"}, {"replay"}, {"plugins"},
        {"bench"}, {"bench", "test-vmalloc"}};

    private static String[] with(String[] cmd, String... more) {
        List<String> all = new ArrayList<>(List.of(cmd));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /** Every subcommand, for -V. */
    private static final String[][] ALL_COMMANDS = {{"simulate"}, {"scenarios"}, {"sweep"}, {"sweep", "merge"}, {"replay"}, {"plugins"},
        {"bench"}, {"bench", "test-vmalloc"}};

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void everySubcommandPrintsTheVersion(String flag) {
        for (String[] cmd : ALL_COMMANDS) {
            CliRun r = CliRun.of(with(cmd, flag));
            assertThat(r.code()).as(r.describe(with(cmd, flag))).isZero();
            assertThat(r.out()).as(r.describe(with(cmd, flag))).startsWith("vmapkit ").contains(", api 1.0").contains("Java ");
        }
    }

    /** picocli breaks a long word after a dot: a key or file name split over two lines. */
    private static final Pattern WORD_SPLIT_AT_A_DOT = Pattern.compile("[A-Za-z0-9_-]\\.\\n[ \\t]*[a-z0-9]");

    @Test
    void helpIsWrappedByPicocliAloneAndSplitsNoKeyOrFileName() {
        for (String[] cmd : COMMANDS) {
            String help = CliRun.of(with(cmd, "--help")).out();
            assertThat(WORD_SPLIT_AT_A_DOT.matcher(help).find()).as("a word split after a dot in:\n" + help).isFalse();
            List<String> lines = help.lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                String a = lines.get(i);
                String b = lines.get(i + 1);
                // a paragraph line at column 0 continued by a lower-case word that would have fitted on it: hard-wrapped
                if (!a.isEmpty() && !a.startsWith(" ") && !b.isEmpty() && Character.isLowerCase(b.charAt(0))) {
                    String firstWord = b.split(" ")[0];
                    assertThat(a.length() + 1 + firstWord.length()).as("hard-wrapped before '" + firstWord + "' in:\n" + help)
                            .isGreaterThanOrEqualTo(80); // picocli fills lines to 79 columns of its 80
                }
            }
        }
        String simulate = CliRun.of("simulate", "--help").out();
        assertThat(simulate).contains("  -Dvmapkit.allocator.max-notifier-rounds=unlimited\n", "  -Dvmapkit.kernel=4.7\n");
    }

    @Test
    void theSynopsisShowsDashDAsItIsTyped() {
        String help = CliRun.of("simulate", "--help").out();
        // picocli may wrap the synopsis at any space, also the one after -D
        String synopsis = help.substring(0, help.indexOf("\nRun a ")).replaceAll("\\s+", " ");
        assertThat(synopsis).contains("[-D KEY=VALUE]...").doesNotContain("-D=");
        assertThat(help).contains("-D, --define KEY=VALUE").doesNotContain("-D=");
    }

    @Test
    void theHeaderShowsWhatDashDOverrides() {
        String[] args = {"simulate", "--workload", "churn", "--ops", "20", "--policies", "cache", "--no-progress",
            "-Dvmapkit.ncpus=8", "-Dvmapkit.space.reserve=64M"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
        // fls(8) = 4: lazy_max_pages = 4 * 32 MiB / 4 KiB = 32768 pages; a 64 MiB x86_32 reserve holds
        // 64 - 8 (VMALLOC_OFFSET) = 56 MiB of vmalloc space (the --ncpus default 4 would print 24576)
        assertThat(r.out().lines().findFirst().orElseThrow()).contains(" 56.0 MiB, page 4096;")
                .contains("; 8 CPUs (lazy_max_pages 32768)");
    }

    @Test
    void typedNamesGetADidYouMean() {
        assertThat(CliRun.of("simulate", "--scenario", "i915-32bti").err()).contains("unknown scenario 'i915-32bti'", "did you mean 'i915-32bit'?");
        assertThat(CliRun.of("simulate", "--workload", "churn", "--allocator", "free-tre").err())
                .contains("unknown allocator 'free-tre' (did you mean 'free-tree'?)");
        assertThat(CliRun.of("simulate", "--workload", "churn:chrun").err())
                .contains("plugin 'churn' offers no workload 'chrun'", "did you mean 'churn'?");
        CliRun plugin = CliRun.of("simulate", "--workload", "churn", "--with", "churnn");
        assertThat(plugin.code()).isEqualTo(1);
        assertThat(plugin.err()).contains("no usable plugin named 'churnn' was discovered (did you mean 'churn'?)");
        assertThat(CliRun.of("simulate", "--opps", "5").err()).contains("Possible solutions: --ops");
        assertThat(CliRun.of("simulate", "-Dvmapkit.ncpu=3").err()).contains("did you mean 'vmapkit.ncpus'?");
        assertThat(CliRun.of("bench", "test-vmalloc", "--allocator", "busy-lst").err()).contains("did you mean 'busy-list'?");
    }

    @Test
    void traceOutHelpNamesTheFilesItWrites(@TempDir Path dir) throws IOException {
        String help = CliRun.of("simulate", "--help").out();
        assertThat(help).contains("Trace files of --trace-out run.trace with the default policies:\n"
                + "  run-pre-4.7.trace, run-cache.trace, run-cache+notifier.trace\n");
        String[] args = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "30", "--no-progress",
            "--trace-out", dir.resolve("run.trace").toString()};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("run-cache+notifier.trace", "run-cache.trace", "run-pre-4.7.trace");
        }
    }

    @Test
    void replaySaysWhatEachOfItsTwoCountsIs(@TempDir Path dir) {
        Path trace = dir.resolve("t.trace");
        String[] sim = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "50", "--policies", "cache",
            "--no-progress", "--trace-out", trace.toString()};
        assertThat(CliRun.of(sim).code()).isZero();
        CliRun r = CliRun.of("replay", trace.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        // the workload ran 50 operations; the allocator operations are what the trace holds (more or fewer)
        assertThat(r.out().lines().findFirst().orElseThrow())
                .matches("Replayed .*t\\.trace: \\d+ allocator operations \\(allocations, frees, purges, nested ones included\\) "
                        + "of a run of 50 workload operations, on free-tree, .*");
        assertThat(r.out()).containsPattern("(?m)^operations\\s+50$");
    }

    @Test
    void theExpectedAlignShiftFailureGoesToTheKernelLogOnStandardOutput() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--test-mask", "64", "--loops", "10");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        assertThat(r.out()).contains("Expected failure: align_shift_alloc_test")
                .containsPattern("Kernel log: \\d+ lines? \\(rate-limited like printk_ratelimit\\)\\n  vmap allocation for size 8192 failed");
    }

    @Test
    void benchHelpNamesNoPathInsideACheckout() {
        for (String[] cmd : new String[][] {{"bench"}, {"bench", "test-vmalloc"}}) {
            String help = CliRun.of(with(cmd, "--help")).out();
            assertThat(help).doesNotContain("target/").doesNotContain(".jar (").doesNotContain("bench/");
        }
    }
}
