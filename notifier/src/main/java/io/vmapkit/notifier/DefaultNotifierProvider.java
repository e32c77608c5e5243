package io.vmapkit.notifier;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.NotifierConfig;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.notifier.chain.NotifierChains;
import io.vmapkit.notifier.shrinker.ShrinkerRegistries;
import io.vmapkit.notifier.shrinker.SlabForm;

/**
 * The "default" {@link NotifierProvider}: notifier chains of the four kernel kinds and the 6.x
 * shrinker registry. Found with {@link java.util.ServiceLoader}; stateless and thread-safe, so one
 * instance may create any number of chains and registries.
 */
@AutoService(NotifierProvider.class)
public final class DefaultNotifierProvider implements NotifierProvider {

    /** The provider's name in discovery. */
    public static final String NAME = "default";

    /** For {@link java.util.ServiceLoader}. */
    public DefaultNotifierProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "blocking, atomic, raw and SRCU notifier chains; shrinker registry with the 6.x do_shrink_slab arithmetic";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    @Override
    public <T> NotifierChain<T> newChain(String name, ChainKind kind, NotifierConfig config) {
        return NotifierChains.create(name, kind, config);
    }

    @Override
    public ShrinkerRegistry newShrinkerRegistry(NotifierConfig config) {
        return ShrinkerRegistries.create(config, SlabForm.fromLabel(config.shrinkerArithmetic().value()));
    }

    @Override
    public String toString() {
        return "NotifierProvider[" + NAME + "]";
    }
}
