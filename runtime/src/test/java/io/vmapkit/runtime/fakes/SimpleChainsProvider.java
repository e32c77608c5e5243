package io.vmapkit.runtime.fakes;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.NotifierConfig;
import io.vmapkit.api.spi.NotifierProvider;

/** Test-only notifier provider "test-chains", priority -10 so real providers win by default. */
public final class SimpleChainsProvider implements NotifierProvider {

    /** The provider's name. */
    public static final String NAME = "test-chains";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -10;
    }

    @Override
    public <T> NotifierChain<T> newChain(String name, ChainKind kind, NotifierConfig config) {
        return new SimpleChain<>(name, kind, config);
    }

    @Override
    public ShrinkerRegistry newShrinkerRegistry(NotifierConfig config) {
        return new SimpleShrinkers(config);
    }
}
