package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A quarantined notifier block was skipped during a call.
 * Passed to {@link VmapListener#notifierBlockSkipped(NotifierBlockSkippedEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class NotifierBlockSkippedEvent {
    private final String chain;
    private final String block;

    /**
     * The event with its values.
     *
     * @param chain the chain's name; not null
     * @param block the block's name; not null
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public NotifierBlockSkippedEvent(String chain, String block) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.block = Objects.requireNonNull(block, "block");
    }

    /** The chain's name. */
    public String chain() {
        return chain;
    }

    /** The block's name. */
    public String block() {
        return block;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NotifierBlockSkippedEvent)) {
            return false;
        }
        NotifierBlockSkippedEvent e = (NotifierBlockSkippedEvent) o;
        return Objects.equals(chain, e.chain)
                && Objects.equals(block, e.block);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chain, block);
    }

    @Override
    public String toString() {
        return "NotifierBlockSkippedEvent["
                + "chain=" + chain
                + ", block=" + block
                + "]";
    }
}
