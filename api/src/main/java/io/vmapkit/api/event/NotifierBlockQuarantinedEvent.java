package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A notifier block was quarantined after failing too often in a row; it stays registered but is skipped.
 * Passed to {@link VmapListener#notifierBlockQuarantined(NotifierBlockQuarantinedEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class NotifierBlockQuarantinedEvent {
    private final String chain;
    private final String block;
    private final int consecutiveFailures;

    /**
     * The event with its values.
     *
     * @param chain the chain's name; not null
     * @param block the block's name; not null
     * @param consecutiveFailures the failures in a row that led to the quarantine
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public NotifierBlockQuarantinedEvent(String chain, String block, int consecutiveFailures) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.block = Objects.requireNonNull(block, "block");
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

    /** The failures in a row that led to the quarantine. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NotifierBlockQuarantinedEvent)) {
            return false;
        }
        NotifierBlockQuarantinedEvent e = (NotifierBlockQuarantinedEvent) o;
        return Objects.equals(chain, e.chain)
                && Objects.equals(block, e.block)
                && consecutiveFailures == e.consecutiveFailures;
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, block, consecutiveFailures);
    }

    @Override
    public String toString() {
        return "NotifierBlockQuarantinedEvent["
                + "chain=" + chain
                + ", block=" + block
                + ", consecutiveFailures=" + consecutiveFailures
                + "]";
    }
}
