package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.Workload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every generic workload shares: its name, the {@code operations} limit, the step count and
 * the counters, in a fixed order ({@code ops} first, then the order the subclass declares them).
 * Not thread-safe.
 */
abstract class CountingWorkload implements Workload {

    /** The counter of steps performed. */
    static final String OPS = "ops";

    private final String name;
    private final long operations;
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private long done;

    CountingWorkload(String name, long operations, String... counterNames) {
        this.name = name;
        this.operations = operations;
        counters.put(OPS, 0L);
        for (String c : counterNames) {
            counters.put(c, 0L);
        }
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean step() {
        if (done >= operations || !step(done)) {
            return false;
        }
        done++;
        counters.merge(OPS, 1L, Long::sum);
        return true;
    }

    /**
     * Performs operation {@code op} (0-based).
     *
     * @return {@code false} if there was nothing left to do (nothing was done)
     */
    abstract boolean step(long op);

    /** Adds {@code delta} to a declared counter. */
    final void add(String counter, long delta) {
        if (counters.computeIfPresent(counter, (k, v) -> v + delta) == null) {
            throw new IllegalStateException("undeclared counter " + counter);
        }
    }

    /** Sets a declared gauge counter. */
    final void set(String counter, long value) {
        if (counters.replace(counter, value) == null) {
            throw new IllegalStateException("undeclared counter " + counter);
        }
    }

    @Override
    public final Map<String, Long> counters() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }
}
