package io.vmapkit.api.spi;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.shrinker.ShrinkerRegistry;

/** Creates notifier chains and shrinker registries. Thread-safe. */
public interface NotifierProvider extends Discoverable {

    /**
     * A new, empty chain.
     *
     * @param name the chain's name for messages and events, e.g. {@code vmap_notify_list}
     * @param kind the locking discipline
     * @param <T> the data type its callbacks receive
     */
    <T> NotifierChain<T> newChain(String name, ChainKind kind, NotifierConfig config);

    /** A new, empty shrinker registry. */
    ShrinkerRegistry newShrinkerRegistry(NotifierConfig config);
}
