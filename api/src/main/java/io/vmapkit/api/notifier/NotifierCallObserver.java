package io.vmapkit.api.notifier;

/**
 * Implemented by chain data that wants to know which block is running, such as
 * {@link FreedCounter}, which attributes each contribution to the block that made it.
 *
 * <p>When the data passed to {@link NotifierChain#call} implements this interface, the chain
 * calls {@link #enterCallback} just before and {@link #exitCallback} just after each block's
 * callback (also when it throws), on the calling thread.
 */
public interface NotifierCallObserver {

    /** The chain is about to call {@code block}. */
    void enterCallback(NotifierBlock<?> block);

    /** The chain has called {@code block}, which returned {@code result} or threw {@code failure} (else {@code null}). */
    void exitCallback(NotifierBlock<?> block, int result, Throwable failure);
}
