package io.vmapkit.testkit;

import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A notifier block that misbehaves on purpose, around a real one: at seeded rates it
 * <b>throws</b> an {@link InjectedFault} instead of running, <b>lies</b> (adds to the
 * {@link FreedCounter} it is passed without running the real block: progress claimed, nothing
 * freed), or <b>sleeps</b> before running (a slow callback holding the chain's read side). For
 * checking that a chain, the allocator's overflow path and the system survive a plugin that
 * throws, lies or hangs, and name it.
 *
 * <pre>{@code
 * NotifierBlock<VmapPurgeEvent> liar = FaultyNotifierBlock.wrap(myBlock, seed).lying(1.0, 1).build();
 * context.purgeChain().register(liar);   // the allocator's round cap ends the loop, naming it
 * }</pre>
 *
 * <p>One draw per call picks at most one fault: throw with the throwing rate, else lie with the
 * lying rate, else sleep with the sleeping rate (then run the real block), else run the real block.
 * The name and priority are the real block's (or {@link Builder#name}), so reports name the plugin.
 *
 * <p><b>Threading.</b> Thread-safe if the real block is; the generator is locked briefly per call.
 * Sleeping uses {@link Thread#sleep} (real time) and keeps an interrupt for the caller.
 *
 * @param <T> the chain's data type
 */
public final class FaultyNotifierBlock<T> implements NotifierBlock<T> {

    private final NotifierBlock<T> delegate;
    private final String name;
    private final double throwRate;
    private final double lieRate;
    private final long lieAmount;
    private final double sleepRate;
    private final Duration sleep;
    private final SplittableRandom random;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong thrown = new AtomicLong();
    private final AtomicLong lied = new AtomicLong();
    private final AtomicLong slept = new AtomicLong();

    private FaultyNotifierBlock(Builder<T> b) {
        this.delegate = b.delegate;
        this.name = b.name != null ? b.name : b.delegate.name();
        this.throwRate = b.throwRate;
        this.lieRate = b.lieRate;
        this.lieAmount = b.lieAmount;
        this.sleepRate = b.sleepRate;
        this.sleep = b.sleep;
        this.random = new SplittableRandom(b.seed);
    }

    /** A builder around {@code delegate}, drawing from {@code seed}; with no rate set it behaves. */
    public static <T> Builder<T> wrap(NotifierBlock<T> delegate, long seed) {
        return new Builder<>(Objects.requireNonNull(delegate, "delegate"), seed);
    }

    @Override
    public int notifierCall(long action, T data) {
        calls.incrementAndGet();
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        if (r < throwRate) {
            thrown.incrementAndGet();
            throw new InjectedFault("injected fault: notifier block '" + name + "' throws (call " + calls.get() + ")");
        }
        if (r < throwRate + lieRate && data instanceof FreedCounter) {
            lied.incrementAndGet();
            ((FreedCounter) data).add(lieAmount);
            return io.vmapkit.api.notifier.Notify.DONE;
        }
        if (r < throwRate + lieRate + sleepRate) {
            slept.incrementAndGet();
            try {
                Thread.sleep(sleep.toMillis(), sleep.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delegate.notifierCall(action, data);
    }

    @Override
    public int priority() {
        return delegate.priority();
    }

    @Override
    public String name() {
        return name;
    }

    /** Calls so far. */
    public long calls() {
        return calls.get();
    }

    /** Calls that threw. */
    public long thrown() {
        return thrown.get();
    }

    /** Calls that claimed progress without running the real block. */
    public long lied() {
        return lied.get();
    }

    /** Calls that slept first. */
    public long slept() {
        return slept.get();
    }

    @Override
    public String toString() {
        return "FaultyNotifierBlock[" + name + ", calls " + calls + ", thrown " + thrown + ", lied " + lied + ", slept "
                + slept + "]";
    }

    /**
     * Builds a {@link FaultyNotifierBlock}. The three rates must add up to at most 1. Not thread-safe.
     *
     * @param <T> the chain's data type
     */
    public static final class Builder<T> {
        private final NotifierBlock<T> delegate;
        private final long seed;
        private String name;
        private double throwRate;
        private double lieRate;
        private long lieAmount = 1;
        private double sleepRate;
        private Duration sleep = Duration.ZERO;

        private Builder(NotifierBlock<T> delegate, long seed) {
            this.delegate = delegate;
            this.seed = seed;
        }

        /** Throws an {@link InjectedFault} with this probability. */
        public Builder<T> throwing(double rate) {
            this.throwRate = rate(rate, "throwing");
            return this;
        }

        /**
         * With this probability adds {@code amount} to the {@link FreedCounter} passed as data
         * without running the real block.
         *
         * @throws IllegalArgumentException if {@code amount} is not positive
         */
        public Builder<T> lying(double rate, long amount) {
            if (amount <= 0) {
                throw new IllegalArgumentException("a lie must claim a positive amount, not " + amount);
            }
            this.lieRate = rate(rate, "lying");
            this.lieAmount = amount;
            return this;
        }

        /** With this probability sleeps {@code duration} before running the real block. */
        public Builder<T> sleeping(double rate, Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("sleep " + duration + " is negative");
            }
            this.sleepRate = rate(rate, "sleeping");
            this.sleep = duration;
            return this;
        }

        /** Reports under this name instead of the real block's. */
        public Builder<T> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The block.
         *
         * @throws IllegalArgumentException if the rates add up to more than 1
         */
        public FaultyNotifierBlock<T> build() {
            if (throwRate + lieRate + sleepRate > 1 + 1e-9) {
                throw new IllegalArgumentException("throwing " + throwRate + " + lying " + lieRate + " + sleeping "
                        + sleepRate + " add up to more than 1");
            }
            return new FaultyNotifierBlock<>(this);
        }

        private static double rate(double rate, String what) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(what + " rate " + rate + " is not between 0 and 1");
            }
            return rate;
        }
    }
}
