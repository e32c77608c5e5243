package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A notifier block's callback threw; the walk went on as if it returned {@code NOTIFY_DONE}.
 * Passed to {@link VmapListener#notifierCallFailed(NotifierCallFailedEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class NotifierCallFailedEvent {
    private final String chain;
    private final String block;
    private final Throwable failure;
    private final int consecutiveFailures;

    /**
     * The event with its values.
     *
     * @param chain the chain's name; not null
     * @param block the block's name; not null
     * @param failure what it threw; not null
     * @param consecutiveFailures failures in a row of this block, this one included
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public NotifierCallFailedEvent(String chain, String block, Throwable failure, int consecutiveFailures) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.block = Objects.requireNonNull(block, "block");
        this.failure = Objects.requireNonNull(failure, "failure");
        this.consecutiveFailures = consecutiveFailures;
    }

    /** The chain's name. */
    public String chain() {
        return chain;
    }

    /** The block's name. */
    public String block() {
        return block;
    }

    /** What it threw. */
    public Throwable failure() {
        return failure;
    }

    /** Failures in a row of this block, this one included. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Equal when every value is equal (a failure by identity). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NotifierCallFailedEvent)) {
            return false;
        }
        NotifierCallFailedEvent e = (NotifierCallFailedEvent) o;
        return Objects.equals(chain, e.chain)
                && Objects.equals(block, e.block)
                && Objects.equals(failure, e.failure)
                && consecutiveFailures == e.consecutiveFailures;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, block, failure, consecutiveFailures);
    }

    @Override
    public String toString() {
        return "NotifierCallFailedEvent["
                + "chain=" + chain
                + ", block=" + block
                + ", failure=" + failure
                + ", consecutiveFailures=" + consecutiveFailures
                + "]";
    }
}
