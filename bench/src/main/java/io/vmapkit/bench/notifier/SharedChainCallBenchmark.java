package io.vmapkit.bench.notifier;

import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.bench.Providers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 5, concurrent side: one {@link ChainKind#BLOCKING} chain called by two threads at once
 * (the vmap purge chain is called by every allocating thread), in ns per call and thread. What it
 * shows is the read side under sharing: a lock whose readers write one shared word makes the two
 * threads fight over that cache line; per-thread reader records do not. Run with {@code -prof gc}:
 * a call should allocate nothing here too.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -w 1s -i 5 -r 1s -prof gc 'notifier.SharedChainCallBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class SharedChainCallBenchmark {

    /** Blocks on the chain. */
    @Param({"1", "4"})
    public int receivers;

    NotifierChain<Object> chain;

    /** Builds the shared chain with {@code receivers} blocks that return at once. */
    @Setup
    public void setUp() {
        chain = Providers.notifierProvider("default")
                .newChain("bench_shared_list", ChainKind.BLOCKING, Settings.empty(), NotifierContext.defaults());
        for (int i = 0; i < receivers; i++) {
            chain.register(NotifierBlock.of("block-" + i, 0, (action, data) -> Notify.DONE));
        }
    }

    /** Each thread's own data object. */
    @State(Scope.Thread)
    public static class Data {
        final Object data = new Object();
    }

    /** One call of the shared chain, two threads calling at once. */
    @Benchmark
    @Threads(2)
    public int twoThreads(Data d) {
        return chain.call(0, d.data);
    }
}
