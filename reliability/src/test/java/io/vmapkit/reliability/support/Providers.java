package io.vmapkit.reliability.support;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.NotifierProvider;
import java.util.ServiceLoader;

/** The providers on the test class path, by name, found the way the runtime finds them. */
public final class Providers {

    private Providers() {}

    /** The allocator provider called {@code name} ({@code free-tree}, {@code busy-list}, {@code busy-list-kernel}, {@code vmap-nodes}). */
    public static AllocatorProvider allocator(String name) {
        for (AllocatorProvider p : ServiceLoader.load(AllocatorProvider.class, Providers.class.getClassLoader())) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("no allocator provider '" + name + "' on the class path");
    }

    /** The highest-priority notifier provider. */
    public static NotifierProvider notifier() {
        NotifierProvider best = null;
        for (NotifierProvider p : ServiceLoader.load(NotifierProvider.class, Providers.class.getClassLoader())) {
            if (best == null || p.priority() > best.priority()) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no notifier provider on the class path");
        }
        return best;
    }
}
