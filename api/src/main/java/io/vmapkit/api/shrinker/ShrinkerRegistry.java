package io.vmapkit.api.shrinker;

import io.vmapkit.api.Registration;
import java.util.List;

/**
 * The set of registered {@link Shrinker}s and the reclaim passes over them.
 *
 * <p><b>Threading.</b> Thread-safe. Registration may happen while a pass runs: a pass walks a
 * snapshot, and an unregistered shrinker is not called after {@link #unregister} returns (it
 * waits for a call in flight). Shrinker callbacks run with no registry lock held.
 */
public interface ShrinkerRegistry {

    /** The gentlest reclaim priority ({@code DEF_PRIORITY}); reclaim works down to 0. */
    int DEF_PRIORITY = 12;

    /**
     * Adds a shrinker.
     *
     * @return a handle whose {@code close()} unregisters it
     * @throws io.vmapkit.api.notifier.RegistrationException with EEXIST if already registered
     * @throws IllegalArgumentException if its seeks are negative
     */
    Registration register(Shrinker shrinker);

    /**
     * Removes a shrinker, waiting for a call of it in flight; its deferred work is dropped.
     *
     * @throws io.vmapkit.api.notifier.RegistrationException with ENOENT if not registered
     */
    void unregister(Shrinker shrinker);

    /**
     * One reclaim pass over every shrinker at {@code priority} ({@code shrink_slab}).
     *
     * @return objects freed in total
     * @throws IllegalArgumentException if {@code priority} is outside 0..12
     */
    long shrinkSlab(int priority);

    /**
     * Reclaims until {@code targetObjects} have been freed, running {@link #shrinkSlab} at
     * priorities 12, 11, … 0 and stopping as soon as the target is met.
     *
     * @return objects freed (may fall short of, or exceed, the target)
     * @throws IllegalArgumentException if {@code targetObjects} is not positive
     */
    long reclaim(long targetObjects);

    /** The registered shrinkers in registration order: a snapshot. */
    List<Shrinker> shrinkers();

    /** The work deferred for {@code shrinker} to later passes ({@code nr_deferred}); 0 if unknown. */
    long deferred(Shrinker shrinker);

    /**
     * Whether {@code shrinker} is registered but skipped after repeated failures (throwing, or
     * returning nonsense). Default {@code false}, for registries without quarantine.
     */
    default boolean isQuarantined(Shrinker shrinker) {
        return false;
    }

    /**
     * Takes {@code shrinker} out of quarantine so passes call it again, with its failure count
     * reset. Default: nothing to release.
     *
     * @return {@code true} if it was quarantined
     */
    default boolean release(Shrinker shrinker) {
        return false;
    }
}
