package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A plugin named "alpha", priority 0: sorts before "good" by name. */
public class AlphaPlugin implements VmapPlugin {
    @Override public String name() { return "alpha"; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
