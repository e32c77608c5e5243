package io.vmapkit.notifier;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.spi.NotifierProvider;
import java.util.List;
import java.util.Map;
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

    /** {@link NotifierSettings#ALL}. */
    @Override
    public List<Setting<?>> settings() {
        return NotifierSettings.ALL;
    }

    /** {@link NotifierSettings#preset(String)}. */
    @Override
    public Map<String, String> preset(String kernelRelease) {
        return NotifierSettings.preset(kernelRelease);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    @Override
    public <T> NotifierChain<T> newChain(String name, ChainKind kind, Settings settings, NotifierContext context) {
        return newChain(name, kind, NotifierConfig.from(settings, context));
    }

    @Override
    public ShrinkerRegistry newShrinkerRegistry(Settings settings, NotifierContext context) {
        return newShrinkerRegistry(NotifierConfig.from(settings, context));
    }

    /**
     * A new, empty chain built from {@code config} directly (tests).
     *
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public <T> NotifierChain<T> newChain(String name, ChainKind kind, NotifierConfig config) {
        return NotifierChains.create(name, kind, config);
    }

    /** A new, empty shrinker registry built from {@code config} directly (tests). */
    public ShrinkerRegistry newShrinkerRegistry(NotifierConfig config) {
        return ShrinkerRegistries.create(config, SlabForm.fromLabel(config.shrinkerArithmetic().value()));
    }

    @Override
    public String toString() {
        return "NotifierProvider[" + NAME + "]";
    }
}
