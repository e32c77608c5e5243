package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import java.util.Objects;

/**
 * Creates the shrinker registry of this package. Hosts reach it through
 * {@link io.vmapkit.api.spi.NotifierProvider}; this class exists so the provider can live in the
 * module's root package while the implementation stays package-private.
 */
public final class ShrinkerRegistries {

    private ShrinkerRegistries() {}

    /** A new, empty registry reporting to {@code config}'s listener and quarantining after {@code config.quarantineAfter()} failures. */
    public static ShrinkerRegistry create(NotifierConfig config) {
        return new DefaultShrinkerRegistry(Objects.requireNonNull(config, "config"));
    }

    /**
     * As {@link #create(NotifierConfig)}, running the {@code do_shrink_slab} arithmetic of
     * {@code form}'s era instead of the 5.13+ one.
     */
    public static ShrinkerRegistry create(NotifierConfig config, SlabForm form) {
        return new DefaultShrinkerRegistry(Objects.requireNonNull(config, "config"), Objects.requireNonNull(form, "form"));
    }
}
