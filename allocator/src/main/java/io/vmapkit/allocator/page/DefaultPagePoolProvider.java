package io.vmapkit.allocator.page;

import com.google.auto.service.AutoService;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.PagePoolContext;
import io.vmapkit.api.spi.PagePoolProvider;
import java.util.List;
import java.util.Map;
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

    /** {@link PagePoolSettings#ALL}. */
    @Override
    public List<Setting<?>> settings() {
        return PagePoolSettings.ALL;
    }

    /** {@link PagePoolSettings#preset(String)}. */
    @Override
    public Map<String, String> preset(String kernelRelease) {
        return PagePoolSettings.preset(kernelRelease);
    }

    @Override
    public PagePool create(Settings settings, PagePoolContext context) {
        return create(PagePoolConfig.from(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(context, "context")));
    }

    /** A new pool built from {@code config} directly (tests). */
    public PagePool create(PagePoolConfig config) {
        return new DefaultPagePool(Objects.requireNonNull(config, "config"));
    }
}
