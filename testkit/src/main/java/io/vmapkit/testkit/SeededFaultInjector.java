package io.vmapkit.testkit;

import io.vmapkit.api.FaultInjector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configurable, seeded {@link FaultInjector} in the spirit of the kernel's failslab
 * ({@code /sys/kernel/debug/failslab}): per site a failure probability, a number of consultations
 * to let pass first ({@code space}), and a cap on injected failures ({@code times}); it can be
 * armed and disarmed, so a test builds its system and fixtures first and injects only afterwards.
 *
 * <pre>{@code
 * SeededFaultInjector faults = SeededFaultInjector.builder(seed)
 *         .rate(FaultInjector.VMAP_AREA_DESCRIPTOR, 0.05)   // 5 % of descriptor allocations: ENOMEM
 *         .rate(FaultInjector.PAGE_POOL, 0.10).times(FaultInjector.PAGE_POOL, 100)
 *         .armed(false)
 *         .build();
 * VmapSystem system = VmapKit.builder().faults(faults)...start();
 * faults.arm();
 * }</pre>
 *
 * <p>Sites not configured never fail. The decisions of one site come from its own generator
 * (keyed by the seed and the site's name), so a single-threaded run is reproducible from the seed
 * and adding a site does not change another site's decisions. With several threads the same
 * decisions are made in an order the scheduler picks.
 *
 * <p><b>Threading.</b> Thread-safe and cheap: one short lock per consultation of a configured site
 * (an unconfigured site costs a map lookup). It never calls back into vmapkit, as
 * {@link FaultInjector} requires.
 */
public final class SeededFaultInjector implements FaultInjector {

    private static final class Site {
        final double rate;
        final long space;
        final long times;
        final SplittableRandom random;
        final AtomicLong consulted = new AtomicLong();
        final AtomicLong injected = new AtomicLong();

        Site(double rate, long space, long times, SplittableRandom random) {
            this.rate = rate;
            this.space = space;
            this.times = times;
            this.random = random;
        }

        boolean decide() {
            long n = consulted.incrementAndGet();
            if (n <= space) {
                return false;
            }
            boolean fail;
            synchronized (this) {
                fail = random.nextDouble() < rate;
                if (fail && times >= 0 && injected.get() >= times) {
                    fail = false;
                }
                if (fail) {
                    injected.incrementAndGet();
                }
            }
            return fail;
        }
    }

    private final long seed;
    private final Map<String, Site> sites;
    private volatile boolean armed;

    private SeededFaultInjector(Builder b) {
        this.seed = b.seed;
        Map<String, Site> m = new LinkedHashMap<>();
        b.rates.keySet().stream().sorted().forEach(site -> m.put(site, new Site(b.rates.get(site),
                b.space.getOrDefault(site, 0L), b.times.getOrDefault(site, -1L), siteRandom(b.seed, site))));
        this.sites = Map.copyOf(m);
        this.armed = b.armed;
    }

    /** The generator of one site: keyed by the seed and the site's name ({@link String#hashCode()} is specified). */
    private static SplittableRandom siteRandom(long seed, String site) {
        return new SplittableRandom(seed ^ (0x9E37_79B9_7F4A_7C15L * (site.hashCode() + 1L)));
    }

    /** A builder whose decisions derive from {@code seed}. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    @Override
    public boolean shouldFail(String site) {
        if (!armed) {
            return false;
        }
        Site s = sites.get(site);
        return s != null && s.decide();
    }

    /** Starts injecting (consultations while disarmed are not counted). */
    public void arm() {
        armed = true;
    }

    /** Stops injecting. */
    public void disarm() {
        armed = false;
    }

    /** Whether it injects now. */
    public boolean isArmed() {
        return armed;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** How often {@code site} was consulted while armed. */
    public long consulted(String site) {
        Site s = sites.get(site);
        return s == null ? 0 : s.consulted.get();
    }

    /** How many failures were injected at {@code site}. */
    public long injected(String site) {
        Site s = sites.get(site);
        return s == null ? 0 : s.injected.get();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SeededFaultInjector[seed=" + seed + (armed ? ", armed" : ", disarmed"));
        sites.keySet().stream().sorted().forEach(k -> {
            Site s = sites.get(k);
            sb.append(", ").append(k).append(": rate ").append(s.rate).append(", injected ").append(s.injected.get())
                    .append('/').append(s.consulted.get());
        });
        return sb.append(']').toString();
    }

    /** Builds a {@link SeededFaultInjector}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private final long seed;
        private final Map<String, Double> rates = new LinkedHashMap<>();
        private final Map<String, Long> space = new LinkedHashMap<>();
        private final Map<String, Long> times = new LinkedHashMap<>();
        private boolean armed = true;

        private Builder(long seed) {
            this.seed = seed;
        }

        /**
         * Fails {@code site} with this probability (failslab {@code probability}).
         *
         * @param site a {@link FaultInjector} site constant or an implementation's own site
         * @param probability from 0 to 1
         * @throws IllegalArgumentException naming the value if it is outside [0, 1]
         */
        public Builder rate(String site, double probability) {
            Objects.requireNonNull(site, "site");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("fault probability " + probability + " for site '" + site
                        + "' is not between 0 and 1");
            }
            rates.put(site, probability);
            return this;
        }

        /**
         * Lets the first {@code n} consultations of {@code site} pass (failslab {@code space}).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder skipFirst(String site, long n) {
            if (n < 0) {
                throw new IllegalArgumentException("skipFirst " + n + " for site '" + site + "' is negative");
            }
            space.put(Objects.requireNonNull(site, "site"), n);
            return this;
        }

        /**
         * Injects at most {@code max} failures at {@code site} (failslab {@code times}); -1 for no
         * limit (the default).
         *
         * @throws IllegalArgumentException if below -1
         */
        public Builder times(String site, long max) {
            if (max < -1) {
                throw new IllegalArgumentException("times " + max + " for site '" + site + "' is below -1 (no limit)");
            }
            times.put(Objects.requireNonNull(site, "site"), max);
            return this;
        }

        /** Whether it injects from the start (default {@code true}); see {@link SeededFaultInjector#arm()}. */
        public Builder armed(boolean armed) {
            this.armed = armed;
            return this;
        }

        /** The injector. */
        public SeededFaultInjector build() {
            return new SeededFaultInjector(this);
        }
    }
}
