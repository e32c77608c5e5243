package io.vmapkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.bench.baseline.BaselineBenchmark;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The one JMH run of {@code mvn verify}: a 100 ms in-process measurement of a baseline, to prove
 * that the generated harness, the state setup and the runner work together. It asserts that a
 * result was produced, never how fast it is.
 */
class JmhSmokeTest {

    @Test
    void oneBaselineBenchmarkRunsAndProducesAResult() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(BaselineBenchmark.class.getName() + ".fixSize")
                .param("impl", "treemap")
                .param("layout", "empty")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).hasSize(1);
        RunResult run = results.iterator().next();
        assertThat(run.getParams().getParam("impl")).isEqualTo("treemap");
        Result<?> primary = run.getPrimaryResult();
        assertThat(primary.getScoreUnit()).isEqualTo("ns/op");
        assertThat(primary.getScore()).as("ns per pair").isPositive().isFinite();
        assertThat(primary.getSampleCount()).isEqualTo(1);
    }

    @Test
    void theCpuTimeProfilerReportsTheWorkersCpuTimePerOperation() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(BaselineBenchmark.class.getName() + ".fixSize")
                .param("impl", "treemap")
                .param("layout", "empty")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeUnit(TimeUnit.NANOSECONDS)
                .addProfiler(CpuTimeProfiler.class)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult run = new Runner(options).run().iterator().next();
        Result<?> cpu = run.getSecondaryResults().get("cpu.time.norm");
        assertThat(cpu).as("secondary results %s", run.getSecondaryResults().keySet()).isNotNull();
        assertThat(cpu.getScoreUnit()).isEqualTo("ns/op");
        // A TreeMap pair costs CPU: more than 0 (the worker ran) and finite (operations were counted).
        assertThat(cpu.getScore()).as("CPU ns per pair").isPositive().isFinite();
    }
}
