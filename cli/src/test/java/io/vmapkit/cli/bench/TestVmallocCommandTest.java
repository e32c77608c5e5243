package io.vmapkit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.CliRun;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code vmapkit bench test-vmalloc} end to end: the kernel's line format, workers, comparison, failures. */
class TestVmallocCommandTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "Summary: (\\w+) passed: (\\d+) failed: (\\d+) repeat: (\\d+) loops: (\\d+) avg: (\\d+) usec");

    static CliRun all;

    @BeforeAll
    static void runEveryTest() {
        all = CliRun.of("bench", "test-vmalloc", "--loops", "300", "--ncpus", "1");
        assertThat(all.code()).as(all.toString()).isZero();
    }

    @Test
    void printsASummaryLinePerTestInTheKernelsFormatThenTheWorkersTotal() {
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0)).startsWith("test_vmalloc: allocator free-tree on x86_64[0xffffc90000000000, 0xffffe90000000000)")
                .contains("nr_threads=1 test_loop_count=300 test_repeat_count=1 run_test_mask=0x7fffffff sequential_test_order=0");
        List<String> names = List.of("fix_size_alloc_test", "full_fit_alloc_test", "long_busy_list_alloc_test",
                "random_size_alloc_test", "fix_align_alloc_test", "random_size_align_alloc_test", "align_shift_alloc_test",
                "kvfree_rcu_1_arg_vmalloc_test", "kvfree_rcu_2_arg_vmalloc_test", "no_block_alloc_test");
        for (int i = 0; i < names.size(); i++) {
            Matcher m = SUMMARY.matcher(lines.get(1 + i));
            assertThat(m.matches()).as(lines.get(1 + i)).isTrue();
            assertThat(m.group(1)).isEqualTo(names.get(i));
            boolean alignShift = names.get(i).equals("align_shift_alloc_test");
            assertThat(m.group(2)).as(names.get(i)).isEqualTo(alignShift ? "0" : "1");
            assertThat(m.group(3)).as(names.get(i)).isEqualTo(alignShift ? "1" : "0");
            assertThat(m.group(4)).isEqualTo("1");
            assertThat(m.group(5)).isEqualTo("300");
        }
        assertThat(lines.get(11)).matches("All test took worker0=\\d+ ns");
        assertThat(all.out()).contains(
                "Skipped: pcpu_alloc_test: not modelled: vmapkit has no per-cpu allocator",
                "Skipped: vm_map_ram_test: not modelled",
                "Expected failure: align_shift_alloc_test failed 1 of 1 repeat(s) on worker0, as the kernel's does: one page "
                        + "aligned to 1 << 46");
        for (String n : names) {
            assertThat(all.out()).containsPattern("Per pair: " + n + " \\d+\\.\\d ns per alloc\\+free pair \\(\\d+ pairs\\)");
        }
        assertThat(all.out()).contains("Per pair: long_busy_list_alloc_test").containsPattern(
                "Per pair: long_busy_list_alloc_test [0-9.]+ ns per alloc\\+free pair \\(600 pairs\\)")
                .doesNotContain("Check failed");
    }

    @Test
    void printsTheWorkersCpuTimePerPairAndWhyPerPairIsNotTheJmhFigure() {
        // Every modelled test with a per-pair figure gets a CPU line: the 10 tests whose "Per pair"
        // lines the test above checks (the two skipped ones print neither).
        assertThat(all.out().lines().filter(l -> l.startsWith("CPU per pair: ")).count()).isEqualTo(10);
        assertThat(all.out()).containsPattern(
                "CPU per pair: long_busy_list_alloc_test \\d+\\.\\d ns of the worker thread's CPU time")
                .contains("Note: Per pair is the wall time of whole runs", "JMH's TestVmallocBenchmark reports steady state");
        // The note comes once, after the per-pair lines and before any check failure.
        assertThat(all.out().lines().filter(l -> l.startsWith("Note: Per pair")).count()).isEqualTo(1);
    }

    @Test
    void eachWorkerPrintsItsOwnSummaryAndTotal() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--threads", "3", "--test-mask", "0x9", "--loops", "200");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("Summary: ")).count()).isEqualTo(6);
        for (int w = 0; w < 3; w++) {
            assertThat(r.out()).containsPattern("(?m)^All test took worker" + w + "=\\d+ ns$");
        }
        assertThat(r.out()).contains("nr_threads=3", "run_test_mask=0x9")
                .containsPattern("Per pair: fix_size_alloc_test [0-9.]+ ns per alloc\\+free pair \\(600 pairs\\)");
    }

    @Test
    void loopsAndRepeatsBelowOneAreForcedToOne() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--loops", "0", "--repeat", "-2", "--test-mask", "1");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("test_loop_count=1 test_repeat_count=1",
                "Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 1 avg: ");
    }

    @Test
    void compareRunsBothAllocatorsInOneProcessAndPrintsTheRatioPerTest() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--compare", "busy-list", "--test-mask", "0x5", "--loops", "100",
                "--ncpus", "1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("test_vmalloc: allocator free-tree", "test_vmalloc: allocator busy-list")
                .containsPattern("Compare: fix_size_alloc_test free-tree: \\d+ usec busy-list: \\d+ usec ratio busy-list/free-tree: "
                        + "(\\d+\\.\\d\\d|n/a)")
                .containsPattern("Compare: long_busy_list_alloc_test free-tree: \\d+ usec busy-list: \\d+ usec ratio "
                        + "busy-list/free-tree: \\d+\\.\\d\\d");
        assertThat(r.out().lines().filter(l -> l.startsWith("Compare: ")).count()).isEqualTo(2);
    }

    @Test
    void aLeakFoundByTheChecksIsAFailure() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--allocator", "leaky", "--test-mask", "1", "--loops", "100");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("Summary: fix_size_alloc_test passed: 1 failed: 0",
                "Check failed: after fix_size_alloc_test on worker0: 2 area(s) still live");
        assertThat(r.err()).startsWith("vmapkit bench test-vmalloc: 1 problem(s): leaky: check failed after fix_size_alloc_test");
    }

    @Test
    void fullFitCannotBeSetUpInTheThirtyTwoBitSpaceAndSaysWhy() {
        CliRun r = CliRun.of("bench", "test-vmalloc", "--space", "x86_32", "--test-mask", "2", "--loops", "10");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("Summary: full_fit_alloc_test passed: 0 failed: 1").doesNotContain("Check failed");
        assertThat(r.err()).contains("full_fit_alloc_test on worker0: setting up 16384 holes: EBUSY");
    }
}
