package io.vmapkit.docs.host;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/**
 * A plugin the host gives in code ({@code VmapKit.Builder.plugin}) rather than through discovery. It
 * registers nothing; its installation only remembers the context it got, for the tests.
 */
final class HostCachePlugin implements VmapPlugin {

    /** The installation: the context of the system it was installed into. */
    record Installed(PluginContext context) implements InstalledPlugin {}

    @Override
    public String name() {
        return "host-cache";
    }

    @Override
    public Installed install(PluginContext context) {
        return new Installed(context);
    }
}
