package io.vmapkit.workloads.testvmalloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a test_vmalloc run produced, and its log in the kernel's format.
 *
 * @param config the parameters
 * @param allocator the allocator's name
 * @param lazyMaxPages the allocator's purge threshold
 * @param workers per worker, in index order
 * @param checkFailures the port's checks that failed (overlaps, address space not returned, lazy
 *     counter not 0), each naming the test and worker
 */
public record SuiteResult(SuiteConfig config, String allocator, long lazyMaxPages, List<WorkerResult> workers,
        List<String> checkFailures) {

    /** Copies. */
    public SuiteResult {
        Objects.requireNonNull(config, "config");
        workers = List.copyOf(workers);
        checkFailures = List.copyOf(checkFailures);
    }

    /**
     * One test on one worker.
     *
     * @param test the test
     * @param passed repeats that passed
     * @param failed repeats that failed
     * @param totalNanos wall time of all repeats
     * @param pairs alloc+free pairs completed over all repeats
     * @param failure why the first failing repeat failed, or empty
     * @param cpuNanos the worker thread's own CPU time over all repeats, or -1 where the JVM cannot
     *     measure a thread's CPU time
     */
    public record TestResult(TestCase test, int passed, int failed, long totalNanos, long pairs, String failure,
            long cpuNanos) {

        /** A result without a CPU time ({@code cpuNanos} -1). */
        public TestResult(TestCase test, int passed, int failed, long totalNanos, long pairs, String failure) {
            this(test, passed, failed, totalNanos, pairs, failure, -1);
        }

        /** The kernel's "avg": the mean time of one repeat in µs (a whole loop of iterations). */
        public long avgUsec() {
            int repeats = passed + failed;
            return repeats == 0 ? 0 : totalNanos / repeats / 1000;
        }
    }

    /**
     * One worker.
     *
     * @param index the worker's number
     * @param order the order the worker ran its tests in (shuffled unless sequential)
     * @param tests its results, in bit order
     * @param totalNanos the time its tests took, the port's checks excluded
     */
    public record WorkerResult(int index, List<TestCase> order, List<TestResult> tests, long totalNanos) {
        /** Copies. */
        public WorkerResult {
            order = List.copyOf(order);
            tests = List.copyOf(tests);
        }
    }

    /** Failures of tests that should pass, one line each naming test and worker. */
    public List<String> unexpectedFailures() {
        List<String> list = new ArrayList<>();
        for (WorkerResult w : workers) {
            for (TestResult t : w.tests()) {
                if (t.failed() > 0 && !t.test().expectedToFail()) {
                    list.add(t.test().kernelName() + " on worker" + w.index() + ": " + t.failure());
                }
            }
        }
        return list;
    }

    /** The mean of the workers' "avg" for {@code test}, in µs; empty if it did not run. */
    public OptionalDouble avgUsec(TestCase test) {
        return workers.stream().flatMap(w -> w.tests().stream()).filter(t -> t.test() == test)
                .mapToLong(TestResult::avgUsec).average();
    }

    /** Nanoseconds per alloc+free pair of {@code test}, over all workers and repeats; empty without pairs. */
    public OptionalDouble nanosPerPair(TestCase test) {
        long nanos = 0;
        long pairs = 0;
        for (WorkerResult w : workers) {
            for (TestResult t : w.tests()) {
                if (t.test() == test) {
                    nanos += t.totalNanos();
                    pairs += t.pairs();
                }
            }
        }
        return pairs == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) nanos / pairs);
    }

    /**
     * CPU nanoseconds of the workers' own threads per alloc+free pair of {@code test}; empty without
     * pairs or where the JVM cannot measure a thread's CPU time.
     */
    public OptionalDouble cpuNanosPerPair(TestCase test) {
        long nanos = 0;
        long pairs = 0;
        for (WorkerResult w : workers) {
            for (TestResult t : w.tests()) {
                if (t.test() == test) {
                    if (t.cpuNanos() < 0) {
                        return OptionalDouble.empty();
                    }
                    nanos += t.cpuNanos();
                    pairs += t.pairs();
                }
            }
        }
        return pairs == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) nanos / pairs);
    }

    /**
     * Why {@code Per pair:} is not the JMH figure, printed under the per-pair lines; see
     * docs/benchmarks.md, "One number per workload".
     */
    public static final String PER_PAIR_NOTE = "Note: Per pair is the wall time of whole runs (each test's setup, "
            + "the JVM's warm-up and JIT compilation, and any time the worker waited for a CPU that other processes "
            + "held); CPU per pair is the worker thread's own CPU time (still with setup and warm-up). JMH's "
            + "TestVmallocBenchmark reports steady state after warm-up iterations: compare it with CPU per pair of "
            + "a long run with --repeat 3 or more, on a quiet machine.";

    /**
     * The log: a header line, then per worker a {@code Summary:} line per test and the
     * {@code All test took worker<n>=<ns> ns} line (the kernel's, with nanoseconds for cycles), then
     * skipped tests, expected failures, a {@code Per pair:} and a {@code CPU per pair:} line per
     * test with the note ({@link #PER_PAIR_NOTE}) on what they measure, and failed checks.
     */
    public String kernelLog() {
        StringBuilder sb = new StringBuilder();
        SuiteConfig c = config;
        sb.append(String.format(Locale.ROOT, "test_vmalloc: allocator %s on %s; %d CPUs (lazy_max_pages %d); "
                + "nr_threads=%d test_loop_count=%d test_repeat_count=%d run_test_mask=%#x sequential_test_order=%d "
                + "nr_pages=%d seed=%d%n", allocator, c.space(), c.ncpus(), lazyMaxPages, c.threads(), c.loops(), c.repeat(),
                c.mask(), c.sequential() ? 1 : 0, c.nrPages(), c.seed()));
        for (WorkerResult w : workers) {
            for (TestResult t : w.tests()) {
                sb.append(String.format(Locale.ROOT, "Summary: %s passed: %d failed: %d repeat: %d loops: %d avg: %d usec%n",
                        t.test().kernelName(), t.passed(), t.failed(), c.repeat(), c.loops(), t.avgUsec()));
            }
            sb.append(String.format(Locale.ROOT, "All test took worker%d=%d ns%n", w.index(), w.totalNanos()));
        }
        for (TestCase t : c.selected()) {
            if (!t.modelled()) {
                sb.append("Skipped: ").append(t.kernelName()).append(": ").append(t.skipReason()).append('\n');
            }
        }
        for (WorkerResult w : workers) {
            for (TestResult t : w.tests()) {
                if (t.test().expectedToFail() && t.failed() > 0) {
                    sb.append(String.format(Locale.ROOT, "Expected failure: %s failed %d of %d repeat(s) on worker%d, as the "
                            + "kernel's does: %s%n", t.test().kernelName(), t.failed(), c.repeat(), w.index(), t.failure()));
                }
            }
        }
        boolean perPairLines = false;
        for (TestCase t : c.selected()) {
            if (t.modelled()) {
                OptionalDouble ns = nanosPerPair(t);
                long pairs = workers.stream().flatMap(w -> w.tests().stream()).filter(r -> r.test() == t)
                        .mapToLong(TestResult::pairs).sum();
                sb.append(ns.isPresent()
                        ? String.format(Locale.ROOT, "Per pair: %s %.1f ns per alloc+free pair (%d pairs)%n", t.kernelName(),
                                ns.getAsDouble(), pairs)
                        : String.format(Locale.ROOT, "Per pair: %s no pair completed%n", t.kernelName()));
                OptionalDouble cpu = cpuNanosPerPair(t);
                if (cpu.isPresent()) {
                    sb.append(String.format(Locale.ROOT, "CPU per pair: %s %.1f ns of the worker thread's CPU time%n",
                            t.kernelName(), cpu.getAsDouble()));
                }
                perPairLines = true;
            }
        }
        if (perPairLines) {
            sb.append(PER_PAIR_NOTE).append('\n');
        }
        for (String f : checkFailures) {
            sb.append("Check failed: ").append(f).append('\n');
        }
        return sb.toString();
    }
}
