package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** Its name is not usable in configuration lists. */
public class BadNamePlugin implements VmapPlugin {
    @Override public String name() { return "has space"; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
