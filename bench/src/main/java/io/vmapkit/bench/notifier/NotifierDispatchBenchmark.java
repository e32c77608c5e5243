package io.vmapkit.bench.notifier;

import com.google.common.eventbus.EventBus;
import com.google.common.eventbus.Subscribe;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.bench.Providers;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Family 5: one call of a {@link ChainKind#BLOCKING} notifier chain with 1, 4 or 16 blocks against
 * one Guava {@link EventBus#post} to the same number of subscribers, and against the floor — the
 * loop over a {@link CopyOnWriteArrayList} of listeners that a Java user writes by hand — in ns per
 * call. Goals: the chain at least 10× faster than EventBus, within 2× of the hand-written loop, and
 * allocating nothing per call — run with {@code -prof gc} and read {@code gc.alloc.rate.norm}
 * (bytes per call).
 *
 * <p>The hand-written loop ({@link #copyOnWriteLoop}) has none of the chain's semantics: no priority
 * order (listeners run in the order they were added), no {@code NOTIFY_STOP_MASK}, no read side (a
 * listener removed while a call is in flight may still run after {@code remove} returned), no
 * exception containment. It is the floor a chain with those semantics is measured against.
 *
 * <p>Both sides do the same work per receiver: count the call in the shared data object, which is
 * created once and reused (the chain's data is owned by the caller for the duration of the call).
 * The chain is called with {@link NotifierChain#call(long, Object)}, i.e. every block and no
 * {@code NrCalls}. The EventBus is Guava's default: synchronous, per-thread dispatch queue,
 * subscribers without {@code @AllowConcurrentEvents} — what a Java user gets out of the box.
 *
 * <p>{@code kind} selects the chain kind; the goal is about {@code BLOCKING}. {@code -p kind=SRCU}
 * (or {@code ATOMIC}) measures the read sides without a readers–writer lock and {@code RAW} the
 * walk with no read side at all, for comparison: a blocking call's fixed cost is its
 * rw_semaphore's read side, one compare-and-set on the calling thread's own reader record.
 *
 * <p>Each iteration's teardown checks that every receiver ran once per call, so a dispatcher that
 * skips receivers cannot post a good number.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -jar bench/target/benchmarks.jar -f 3 -wi 3 -i 5 -prof gc 'notifier.NotifierDispatchBenchmark'}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NotifierDispatchBenchmark {

    /** The data both dispatchers pass: a call counter, reused for every call. */
    public static final class Tick {
        long received;
    }

    /** An EventBus subscriber doing what a chain block does: count the call. */
    public static final class Subscriber {
        /** Receives one posted {@link Tick}. */
        @Subscribe
        public void on(Tick tick) {
            tick.received++;
        }
    }

    /** Receiver count and the call bookkeeping both sides share. */
    @State(Scope.Thread)
    public abstract static class Receivers {
        /** Blocks on the chain, or subscribers on the bus. */
        @Param({"1", "4", "16"})
        public int receivers;

        final Tick tick = new Tick();
        long calls;

        /** Resets the counters before each iteration. */
        @Setup(Level.Iteration)
        public void resetCounts() {
            tick.received = 0;
            calls = 0;
        }

        /** Checks every receiver ran once per call. */
        @TearDown(Level.Iteration)
        public void checkEveryReceiverRan() {
            if (tick.received != calls * receivers) {
                throw new IllegalStateException(getClass().getSimpleName() + " with " + receivers + " receivers ran "
                        + tick.received + " callbacks in " + calls + " calls; expected " + calls * receivers);
            }
        }
    }

    /** A blocking chain from the notifier provider named {@code notifier}. */
    @State(Scope.Thread)
    public static class Chain extends Receivers {
        /** The notifier provider's name. */
        @Param({"default"})
        public String notifier;

        /** The chain kind (a {@link ChainKind} name); the goal is about {@code BLOCKING}. */
        @Param({"BLOCKING"})
        public String kind;

        NotifierChain<Tick> chain;

        /** Builds the chain with {@code receivers} counting blocks. */
        @Setup(Level.Trial)
        public void setUp() {
            chain = Providers.notifierProvider(notifier)
                    .newChain("bench_notify_list", ChainKind.valueOf(kind), Settings.empty(), NotifierContext.defaults());
            for (int i = 0; i < receivers; i++) {
                chain.register(NotifierBlock.<Tick>of("count-" + i, 0, (action, tick) -> {
                    tick.received++;
                    return Notify.DONE;
                }));
            }
        }
    }

    /** What a hand-written listener loop calls: one method, the action and the data. */
    @FunctionalInterface
    public interface Listener {
        /** Receives one call. */
        int on(long action, Tick tick);
    }

    /** A {@link CopyOnWriteArrayList} of {@code receivers} counting listeners: the hand-written floor. */
    @State(Scope.Thread)
    public static class Listeners extends Receivers {
        final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

        /** Adds the listeners. */
        @Setup(Level.Trial)
        public void setUp() {
            for (int i = 0; i < receivers; i++) {
                listeners.add((action, tick) -> {
                    tick.received++;
                    return Notify.DONE;
                });
            }
        }
    }

    /** A Guava EventBus with {@code receivers} counting subscribers. */
    @State(Scope.Thread)
    public static class Bus extends Receivers {
        EventBus bus;

        /** Builds the bus. */
        @Setup(Level.Trial)
        public void setUp() {
            bus = new EventBus("bench");
            for (int i = 0; i < receivers; i++) {
                bus.register(new Subscriber());
            }
        }
    }

    /** One chain call reaching every block. */
    @Benchmark
    public int chain(Chain s) {
        s.calls++;
        return s.chain.call(0, s.tick);
    }

    /** One pass of the hand-written loop over every listener, as a Java user writes it. */
    @Benchmark
    public int copyOnWriteLoop(Listeners s) {
        s.calls++;
        int ret = Notify.DONE;
        for (Listener l : s.listeners) {
            ret = l.on(0, s.tick);
        }
        return ret;
    }

    /** One EventBus post reaching every subscriber. */
    @Benchmark
    public long eventBus(Bus s) {
        s.calls++;
        s.bus.post(s.tick);
        return s.tick.received;
    }
}
