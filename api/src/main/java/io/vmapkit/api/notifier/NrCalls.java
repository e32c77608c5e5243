package io.vmapkit.api.notifier;

/**
 * The kernel's {@code int *nr_calls}: a counter a chain call increments once per callback run.
 *
 * <p>Reusable, so a hot caller allocates nothing per call. Not thread-safe: confine an instance to
 * one call at a time.
 */
public final class NrCalls {
    private int value;

    /** The number of callbacks run since the last {@link #reset()}. */
    public int get() {
        return value;
    }

    /** Adds one; called by the chain after each callback. */
    public void increment() {
        value++;
    }

    /** Sets the count back to 0. */
    public void reset() {
        value = 0;
    }

    @Override
    public String toString() {
        return "NrCalls[" + value + "]";
    }
}
