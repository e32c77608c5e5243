package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.Registration;

/**
 * The handle {@link DefaultShrinkerRegistry#register} returns: closing it unregisters exactly this
 * registration (never a later one of the same shrinker) and waits for its calls in flight.
 * Idempotent and serialised per handle.
 */
final class ShrinkerRegistration implements Registration {

    private final DefaultShrinkerRegistry registry;
    private final ShrinkerEntry entry;
    private boolean closed;

    ShrinkerRegistration(DefaultShrinkerRegistry registry, ShrinkerEntry entry) {
        this.registry = registry;
        this.entry = entry;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            registry.close(entry);
            closed = true;
        }
    }

    @Override
    public synchronized String toString() {
        return "Registration[shrinker " + entry.name + (closed ? ", closed" : "") + "]";
    }
}
