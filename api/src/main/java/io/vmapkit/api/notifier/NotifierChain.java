package io.vmapkit.api.notifier;

import io.vmapkit.api.Registration;
import java.util.List;

/**
 * A priority-ordered chain of {@link NotifierBlock}s: the kernel's notifier head.
 *
 * <p><b>Order.</b> Higher priority runs first; equal priorities run in registration order.
 *
 * <p><b>Calls</b> ({@code notifier_call_chain}): the result starts as {@link Notify#DONE}; each
 * block is called in order, the walk stops after a result with {@link Notify#STOP_MASK} or when
 * {@code nrToCall} callbacks have run, and the last callback's result is returned.
 *
 * <p><b>Failures.</b> A callback that throws does not break the walk: the exception is caught,
 * logged once with the block's name, counted and reported to the listener, and the walk continues
 * as if the block had returned {@link Notify#DONE}. After a configured number of consecutive
 * failures the block is <em>quarantined</em>: it stays registered but is skipped, and the skip is
 * reported. See the implementation's documentation for the exact policy.
 *
 * <p><b>Threading.</b> All methods are thread-safe except on a {@link ChainKind#RAW} chain, whose
 * caller serialises everything. {@link #kind()} documents which lock a callback runs under.
 *
 * @param <T> the type of data passed to callbacks
 */
public interface NotifierChain<T> {

    /** Passed as {@code nrToCall} to call every block. */
    int ALL = -1;

    /** The chain's name, used in messages and events (e.g. "vmap_notify_list"). */
    String name();

    /** The locking discipline of this chain. */
    ChainKind kind();

    /**
     * Adds {@code block} in priority order ({@code notifier_chain_register}).
     *
     * @return a handle whose {@code close()} unregisters the block
     * @throws RegistrationException with {@link io.vmapkit.api.Errno#EEXIST} if this block object
     *     is already on the chain; the chain is unchanged
     * @throws IllegalStateException on a blocking chain, if called from inside this chain's own
     *     call on the same thread (the kernel would deadlock)
     */
    Registration register(NotifierBlock<? super T> block);

    /**
     * Like {@link #register} but refuses a block whose priority equals that of a block already on
     * the chain ({@code notifier_chain_register_unique_prio}).
     *
     * @throws RegistrationException with {@link io.vmapkit.api.Errno#EBUSY} on a priority clash,
     *     or {@link io.vmapkit.api.Errno#EEXIST} for a duplicate block
     */
    Registration registerUniquePriority(NotifierBlock<? super T> block);

    /**
     * Removes {@code block} ({@code notifier_chain_unregister}). On atomic and SRCU chains this
     * waits until calls in flight have finished, so the block is never called afterwards.
     *
     * @throws RegistrationException with {@link io.vmapkit.api.Errno#ENOENT} if the block is not
     *     on the chain
     * @throws IllegalStateException if called from inside this chain's own call where the kind
     *     forbids it (blocking, atomic and SRCU chains)
     */
    void unregister(NotifierBlock<? super T> block);

    /**
     * Calls every block in order.
     *
     * @param action the event code passed to every callback
     * @param data passed to every callback; if it implements {@link NotifierCallObserver} it is
     *     told which block runs
     * @return the last callback's result, {@link Notify#DONE} if none ran
     */
    default int call(long action, T data) {
        return call(action, data, ALL, null);
    }

    /**
     * Calls at most {@code nrToCall} blocks ({@link #ALL} for no limit), counting each callback
     * run in {@code nrCalls} when it is not {@code null}.
     *
     * @return the last callback's result, {@link Notify#DONE} if none ran
     * @throws IllegalArgumentException if {@code nrToCall} is below -1
     */
    int call(long action, T data, int nrToCall, NrCalls nrCalls);

    /**
     * The kernel's {@code notifier_call_chain_robust}: calls with {@code actionUp}; if the result
     * has {@link Notify#STOP_MASK}, calls the first {@code nr - 1} blocks (those that ran before
     * the vetoing one) with {@code actionDown}, in the same forward order. The chain does not
     * change between the two passes.
     *
     * @return the result of the up pass
     * @throws UnsupportedOperationException on atomic and SRCU chains, as in the kernel
     */
    int callRobust(long actionUp, long actionDown, T data);

    /** Whether no block is registered. A call on an empty chain takes no lock. */
    boolean isEmpty();

    /** The registered blocks in call order: a snapshot, safe to iterate while the chain changes. */
    List<NotifierBlock<? super T>> blocks();

    /** Whether {@code block} is registered but skipped after repeated failures. */
    boolean isQuarantined(NotifierBlock<?> block);

    /**
     * Takes {@code block} out of quarantine so it is called again, with its failure count reset.
     *
     * @return {@code true} if it was quarantined
     */
    boolean release(NotifierBlock<?> block);
}
