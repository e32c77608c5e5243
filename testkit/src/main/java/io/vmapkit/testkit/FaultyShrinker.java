package io.vmapkit.testkit;

import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shrinker that misbehaves on purpose, around a real one: at seeded rates its callbacks throw or
 * return nonsense (see {@link Fault}); otherwise it forwards to the real shrinker. For checking
 * that a shrinker registry contains the misbehaviour, reports it with the shrinker's name and
 * quarantines a shrinker that keeps failing.
 *
 * <pre>{@code
 * Shrinker bad = FaultyShrinker.wrap(myShrinker, seed).fault(Fault.COUNT_NEGATIVE, 1.0).build();
 * }</pre>
 *
 * <p>One draw per {@code countObjects} picks at most one of the {@code COUNT_*} faults, one draw
 * per {@code scanObjects} at most one of the {@code SCAN_*} faults, in declaration order.
 * {@code seeks()}, {@code batch()} and {@code name()} are the real shrinker's.
 *
 * <p><b>Threading.</b> Thread-safe if the real shrinker is; the generator is locked briefly per call.
 */
public final class FaultyShrinker implements Shrinker {

    /** What a faulty shrinker can do instead of behaving. */
    public enum Fault {
        /** {@code count_objects} throws an {@link InjectedFault}. */
        COUNT_THROWS,
        /** {@code count_objects} returns -7: negative, and not {@link Shrinker#SHRINK_EMPTY}. */
        COUNT_NEGATIVE,
        /** {@code count_objects} returns {@link Long#MAX_VALUE}: far more than it holds. */
        COUNT_HUGE,
        /** {@code scan_objects} throws an {@link InjectedFault}. */
        SCAN_THROWS,
        /** {@code scan_objects} returns -5: negative, and not {@link Shrinker#SHRINK_STOP}. */
        SCAN_NEGATIVE,
        /** {@code scan_objects} reports {@code nr_scanned} above {@code nr_to_scan} (and frees nothing). */
        SCAN_INFLATES_NR_SCANNED,
        /** {@code scan_objects} reports {@code nr_scanned} 0 without returning SHRINK_STOP (no progress). */
        SCAN_ZERO_NR_SCANNED,
        /** {@code scan_objects} claims to have freed {@code nr_to_scan} without freeing anything. */
        SCAN_LIES;

        boolean onCount() {
            return ordinal() <= COUNT_HUGE.ordinal();
        }
    }

    private final Shrinker delegate;
    private final Map<Fault, Double> rates;
    private final SplittableRandom random;
    private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);

    private FaultyShrinker(Builder b) {
        this.delegate = b.delegate;
        this.rates = new EnumMap<>(b.rates);
        this.random = new SplittableRandom(b.seed);
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicLong());
        }
    }

    /** A builder around {@code delegate}, drawing from {@code seed}; with no fault set it behaves. */
    public static Builder wrap(Shrinker delegate, long seed) {
        return new Builder(Objects.requireNonNull(delegate, "delegate"), seed);
    }

    private Fault draw(boolean count) {
        double r;
        synchronized (random) {
            r = random.nextDouble();
        }
        double acc = 0;
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            if (e.getKey().onCount() != count) {
                continue;
            }
            acc += e.getValue();
            if (r < acc) {
                injected.get(e.getKey()).incrementAndGet();
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public long countObjects(ShrinkControl sc) {
        Fault f = draw(true);
        if (f == null) {
            return delegate.countObjects(sc);
        }
        switch (f) {
            case COUNT_THROWS: throw new InjectedFault("injected fault: shrinker '" + name() + "' count_objects throws");
            case COUNT_NEGATIVE: return -7;
            default: return Long.MAX_VALUE;
        }
    }

    @Override
    public long scanObjects(ShrinkControl sc) {
        Fault f = draw(false);
        if (f == null) {
            return delegate.scanObjects(sc);
        }
        switch (f) {
            case SCAN_THROWS: throw new InjectedFault("injected fault: shrinker '" + name() + "' scan_objects throws");
            case SCAN_NEGATIVE: return -5;
            case SCAN_INFLATES_NR_SCANNED:
                sc.setNrScanned(sc.nrToScan() + 1000);
                return 0;
            case SCAN_ZERO_NR_SCANNED:
                sc.setNrScanned(0);
                return 0;
            default:
                return sc.nrToScan();
        }
    }

    @Override
    public int seeks() {
        return delegate.seeks();
    }

    @Override
    public long batch() {
        return delegate.batch();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /** How many times {@code fault} was injected. */
    public long injected(Fault fault) {
        return injected.get(fault).get();
    }

    @Override
    public String toString() {
        return "FaultyShrinker[" + name() + ", rates " + rates + "]";
    }

    /** Builds a {@link FaultyShrinker}. Not thread-safe. */
    public static final class Builder {
        private final Shrinker delegate;
        private final long seed;
        private final Map<Fault, Double> rates = new EnumMap<>(Fault.class);

        private Builder(Shrinker delegate, long seed) {
            this.delegate = delegate;
            this.seed = seed;
        }

        /**
         * Injects {@code fault} with this probability.
         *
         * @throws IllegalArgumentException if the rate is outside [0, 1]
         */
        public Builder fault(Fault fault, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(fault + " rate " + rate + " is not between 0 and 1");
            }
            rates.put(Objects.requireNonNull(fault, "fault"), rate);
            return this;
        }

        /**
         * The shrinker.
         *
         * @throws IllegalArgumentException if the count faults or the scan faults add up to more than 1
         */
        public FaultyShrinker build() {
            double count = 0;
            double scan = 0;
            for (Map.Entry<Fault, Double> e : rates.entrySet()) {
                if (e.getKey().onCount()) {
                    count += e.getValue();
                } else {
                    scan += e.getValue();
                }
            }
            if (count > 1 + 1e-9 || scan > 1 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to more than 1: count " + count + ", scan " + scan);
            }
            return new FaultyShrinker(this);
        }
    }
}
