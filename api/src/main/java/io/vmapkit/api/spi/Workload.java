package io.vmapkit.api.spi;

import java.util.Map;

/**
 * A seeded sequence of operations that a plugin drives against the system it is installed in: the
 * i915 model's clients creating contexts and submitting batches, say. The cli's {@code simulate}
 * command runs workloads step by step without importing the plugin that offers them.
 *
 * <p>A workload is created by {@link InstalledPlugin#newWorkload} from a plugin's installation, and is
 * bound to that installation. The same plugin settings, seed and parameters give the same sequence
 * of operations. Not thread-safe: one thread steps it.
 */
public interface Workload {

    /** The workload's name, as passed to {@link InstalledPlugin#newWorkload}. */
    String name();

    /**
     * Performs the next operation.
     *
     * @return {@code false} once the workload has no operations left (the call did nothing)
     */
    boolean step();

    /**
     * The workload's counters so far, keyed in camelCase (e.g. {@code pinMapCalls}, {@code vmaps},
     * {@code allocFailures}), in a stable order. A fresh, immutable copy.
     */
    Map<String, Long> counters();

    /** Releases what the workload still holds (areas, pages, objects). Default: nothing. */
    default void finish() {}
}
