package io.vmapkit.allocator.page;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.spi.PagePoolConfig;
import io.vmapkit.api.spi.PagePoolProvider;
import java.util.Objects;

/**
 * {@code default}: a fixed page pool with shrinker reclaim (priority 12 to 0) and the OOM chain.
 * Stateless and thread-safe; every {@link #create} returns an independent pool.
 */
@AutoService(PagePoolProvider.class)
public final class DefaultPagePoolProvider implements PagePoolProvider {

    /** The provider name. */
    public static final String NAME = "default";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public DefaultPagePoolProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "fixed page pool: shrinker passes from priority 12 to 0, then the OOM chain, then ENOMEM";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    @Override
    public PagePool create(PagePoolConfig config) {
        return new DefaultPagePool(Objects.requireNonNull(config, "config"));
    }
}
