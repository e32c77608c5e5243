package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;

/**
 * The handle {@link AbstractChain#register} returns. Closing it removes exactly the registration
 * it stands for: never a later registration of the same block, and nothing if the block was
 * already unregistered.
 *
 * <p>{@link #close()} is idempotent and serialised per handle, so a second caller returns only
 * after the first has finished waiting (on atomic and SRCU chains: for calls in flight). A close
 * refused because it came from inside the chain's own call leaves the handle open.
 */
final class ChainRegistration<T> implements Registration {

    private final AbstractChain<T> chain;
    private final Entry<T> entry;
    private boolean closed;

    ChainRegistration(AbstractChain<T> chain, Entry<T> entry) {
        this.chain = chain;
        this.entry = entry;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        chain.close(entry);
        closed = true;
    }

    @Override
    public synchronized String toString() {
        return "Registration[" + entry.name + " on " + chain.describe() + (closed ? ", closed" : "") + "]";
    }
}
