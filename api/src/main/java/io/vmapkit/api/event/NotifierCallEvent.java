package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A notifier block's callback returned.
 * Passed to {@link VmapListener#notifierCall(NotifierCallEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class NotifierCallEvent {
    private final String chain;
    private final String block;
    private final long action;
    private final int result;
    private final long durationNanos;

    /**
     * The event with its values.
     *
     * @param chain the chain's name; not null
     * @param block the block's name; not null
     * @param action the action the chain was called with
     * @param result what the callback returned ({@code NOTIFY_*} bits)
     * @param durationNanos how long the callback ran, in nanoseconds
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public NotifierCallEvent(String chain, String block, long action, int result, long durationNanos) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.block = Objects.requireNonNull(block, "block");
        this.action = action;
        this.result = result;
        this.durationNanos = durationNanos;
    }

    /** The chain's name. */
    public String chain() {
        return chain;
    }

    /** The block's name. */
    public String block() {
        return block;
    }

    /** The action the chain was called with. */
    public long action() {
        return action;
    }

    /** What the callback returned ({@code NOTIFY_*} bits). */
    public int result() {
        return result;
    }

    /** How long the callback ran, in nanoseconds. */
    public long durationNanos() {
        return durationNanos;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NotifierCallEvent)) {
            return false;
        }
        NotifierCallEvent e = (NotifierCallEvent) o;
        return Objects.equals(chain, e.chain)
                && Objects.equals(block, e.block)
                && action == e.action
                && result == e.result
                && durationNanos == e.durationNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, block, action, result, durationNanos);
    }

    @Override
    public String toString() {
        return "NotifierCallEvent["
                + "chain=" + chain
                + ", block=" + block
                + ", action=" + action
                + ", result=" + result
                + ", durationNanos=" + durationNanos
                + "]";
    }
}
