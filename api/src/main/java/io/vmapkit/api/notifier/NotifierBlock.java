package io.vmapkit.api.notifier;

import java.util.Objects;

/**
 * A callback registered on a {@link NotifierChain}: the kernel's {@code struct notifier_block}.
 *
 * <p>Identity matters: a chain holds each block object at most once, and unregistering removes
 * that object. The priority is read once, at registration.
 *
 * <p><b>Threading.</b> {@link #notifierCall} runs on the thread that called the chain, under the
 * chain's read-side protection (see {@link ChainKind}); it never runs under an allocator lock. It
 * may be called concurrently from several threads unless the chain is {@link ChainKind#RAW}.
 * A callback that throws is contained by the chain: the exception is counted and reported, the
 * walk continues, and after repeated failures the block is quarantined.
 *
 * @param <T> the type of data the chain passes
 */
@FunctionalInterface
public interface NotifierBlock<T> {

    /**
     * Handles one notification.
     *
     * @param action the chain-specific event code (the vmap purge chain always passes 0)
     * @param data the chain-specific data; owned by the caller and valid only during this call
     * @return a {@link Notify} code; results with {@link Notify#STOP_MASK} end the walk
     */
    int notifierCall(long action, T data);

    /** Higher priorities run first; equal priorities run in registration order. Default 0. */
    default int priority() {
        return 0;
    }

    /** A name for logs, reports and quarantine messages. Default: the class name. */
    default String name() {
        return getClass().getName();
    }

    /**
     * A block with an explicit name and priority around a callback.
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static <T> NotifierBlock<T> of(String name, int priority, NotifierBlock<T> callback) {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("notifier block name must not be blank");
        }
        return new NotifierBlock<>() {
            @Override
            public int notifierCall(long action, T data) {
                return callback.notifierCall(action, data);
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return "NotifierBlock[" + name + ", priority " + priority + "]";
            }
        };
    }
}
