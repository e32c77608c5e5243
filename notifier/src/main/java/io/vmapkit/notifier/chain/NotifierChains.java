package io.vmapkit.notifier.chain;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.notifier.NotifierConfig;
import java.util.Objects;

/**
 * Creates the chain implementations of this package. Hosts reach it through
 * {@link io.vmapkit.api.spi.NotifierProvider}; this class exists so the provider can live in the
 * module's root package while the implementations stay package-private.
 */
public final class NotifierChains {

    private NotifierChains() {}

    /**
     * A new, empty chain of {@code kind}.
     *
     * @param name the chain's name for messages and events; not blank
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static <T> NotifierChain<T> create(String name, ChainKind kind, NotifierConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(config, "config");
        if (name.isBlank()) {
            throw new IllegalArgumentException("chain name must not be blank");
        }
        switch (kind) {
            case BLOCKING:
                return new BlockingChain<>(name, config);
            case ATOMIC:
            case SRCU:
                return new RcuChain<>(name, kind, config);
            case RAW:
                return new RawChain<>(name, config);
            default:
                throw new IllegalArgumentException("unknown chain kind " + kind);
        }
    }
}
