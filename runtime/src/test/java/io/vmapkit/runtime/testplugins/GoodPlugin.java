package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A well-behaved plugin named "good", priority 0; only ever found through test class loaders. */
public class GoodPlugin implements VmapPlugin {
    @Override public String name() { return "good"; }
    @Override public String version() { return "1.2.3"; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
