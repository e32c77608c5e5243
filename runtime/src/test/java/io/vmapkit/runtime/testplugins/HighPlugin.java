package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A plugin named "high", priority 5. */
public class HighPlugin implements VmapPlugin {
    @Override public String name() { return "high"; }
    @Override public int priority() { return 5; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
