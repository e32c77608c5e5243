package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** Its constructor throws. */
public class ThrowingConstructorPlugin implements VmapPlugin {
    public ThrowingConstructorPlugin() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override public String name() { return "never"; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
