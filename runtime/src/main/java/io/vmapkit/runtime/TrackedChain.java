package io.vmapkit.runtime;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.NrCalls;
import java.util.List;
import java.util.Objects;

/**
 * A notifier chain as one plugin sees it: blocks registered through it are recorded and
 * unregistered at uninstall; a block registered by someone else cannot be unregistered through it.
 * Calls and queries go straight to the system's chain, with its locking.
 */
final class TrackedChain<T> implements NotifierChain<T> {

    private final TrackingContext context;
    private final NotifierChain<T> delegate;

    TrackedChain(TrackingContext context, NotifierChain<T> delegate) {
        this.context = context;
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ChainKind kind() {
        return delegate.kind();
    }

    @Override
    public Registration register(NotifierBlock<? super T> block) {
        Objects.requireNonNull(block, "block");
        context.checkCanRegister();
        return context.recordRegistration(delegate, block, delegate.register(block));
    }

    @Override
    public Registration registerUniquePriority(NotifierBlock<? super T> block) {
        Objects.requireNonNull(block, "block");
        context.checkCanRegister();
        return context.recordRegistration(delegate, block, delegate.registerUniquePriority(block));
    }

    /**
     * Unregisters a block registered through this context.
     *
     * @throws IllegalArgumentException if the block is on the chain but was registered by another
     *     plugin or by the host (named in the message)
     */
    @Override
    public void unregister(NotifierBlock<? super T> block) {
        Objects.requireNonNull(block, "block");
        Registration taken = context.takeRegistration(delegate, block);
        if (taken != null) {
            try {
                delegate.unregister(block);
            } catch (RuntimeException e) {
                context.putBackRegistration(delegate, block, taken);
                throw e;
            }
            return;
        }
        boolean onChain = delegate.blocks().stream().anyMatch(b -> b == block);
        if (onChain) {
            String owner = context.registeredBy(delegate, block).map(o -> "plugin '" + o + "'").orElse("the host");
            throw new IllegalArgumentException("notifier block '" + block.name() + "' on " + delegate.name()
                    + " was registered by " + owner + " and cannot be unregistered through plugin '"
                    + context.pluginName() + "''s context");
        }
        delegate.unregister(block); // not registered at all: the chain's own ENOENT
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        return delegate.call(action, data, nrToCall, nrCalls);
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        return delegate.callRobust(actionUp, actionDown, data);
    }

    @Override
    public boolean isEmpty() {
        return delegate.isEmpty();
    }

    @Override
    public List<NotifierBlock<? super T>> blocks() {
        return delegate.blocks();
    }

    @Override
    public boolean isQuarantined(NotifierBlock<?> block) {
        return delegate.isQuarantined(block);
    }

    @Override
    public boolean release(NotifierBlock<?> block) {
        return delegate.release(block);
    }

    @Override
    public String toString() {
        return delegate + " as seen by plugin '" + context.pluginName() + "'";
    }
}
