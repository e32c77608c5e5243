package io.vmapkit.api;

/**
 * A handle to something registered (a notifier block, a shrinker); closing it unregisters.
 *
 * <p>{@link #close()} is idempotent: the first call unregisters, later calls do nothing. It may be
 * called from any thread, but the rules of the registry it came from apply (for example a blocking
 * notifier chain refuses an unregister from inside its own call).
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Unregisters, if still registered. Never throws a checked exception. */
    @Override
    void close();
}
