package io.vmapkit.runtime.discovery;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.VmapPlugin;

/** What a discovered entry is: the service interface it was found under. */
public enum Kind {
    /** A {@link VmapPlugin}. */
    PLUGIN(VmapPlugin.class, "plugin"),
    /** An {@link AllocatorProvider}. */
    ALLOCATOR(AllocatorProvider.class, "allocator"),
    /** A {@link NotifierProvider}. */
    NOTIFIER(NotifierProvider.class, "notifier"),
    /** A {@link PagePoolProvider}. */
    PAGE_POOL(PagePoolProvider.class, "page-pool");

    private final Class<? extends Discoverable> service;
    private final String label;

    Kind(Class<? extends Discoverable> service, String label) {
        this.service = service;
        this.label = label;
    }

    /** The service interface. */
    public Class<? extends Discoverable> service() {
        return service;
    }

    /** A short lower-case label for reports, e.g. {@code page-pool}. */
    public String label() {
        return label;
    }

    /**
     * The kind whose service interface is {@code type}.
     *
     * @throws IllegalArgumentException naming the type if it is not one of the four services
     */
    public static Kind of(Class<?> type) {
        for (Kind k : values()) {
            if (k.service == type) {
                return k;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a vmapkit service interface");
    }
}
