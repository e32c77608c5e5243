package io.vmapkit.api.spi;

import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.settings.Settings;

/**
 * Creates physical page pools. Its policy (the pool's size among it) comes from settings it
 * declares ({@link #settings()}, keys {@code vmapkit.page-pool.*}); its wiring from a
 * {@link PagePoolContext}. Thread-safe and stateless.
 */
public interface PagePoolProvider extends Discoverable, Configurable {

    /**
     * A new pool with every page free.
     *
     * @throws io.vmapkit.api.settings.SettingException if one of its settings has a bad value
     */
    PagePool create(Settings settings, PagePoolContext context);
}
