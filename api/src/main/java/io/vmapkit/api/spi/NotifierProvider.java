package io.vmapkit.api.spi;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.shrinker.ShrinkerRegistry;

/**
 * Creates notifier chains and shrinker registries. Its policy comes from settings it declares
 * ({@link #settings()}, keys {@code vmapkit.notifier.*}); its wiring from a
 * {@link NotifierContext}. Thread-safe and stateless.
 */
public interface NotifierProvider extends Discoverable, Configurable {

    /**
     * A new, empty chain.
     *
     * @param name the chain's name for messages and events, e.g. {@code vmap_notify_list}
     * @param kind the locking discipline
     * @param <T> the data type its callbacks receive
     * @throws io.vmapkit.api.settings.SettingException if one of its settings has a bad value
     */
    <T> NotifierChain<T> newChain(String name, ChainKind kind, Settings settings, NotifierContext context);

    /**
     * A new, empty shrinker registry.
     *
     * @throws io.vmapkit.api.settings.SettingException if one of its settings has a bad value
     */
    ShrinkerRegistry newShrinkerRegistry(Settings settings, NotifierContext context);
}
