package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A plugin named "low", priority -3. */
public class LowPlugin implements VmapPlugin {
    @Override public String name() { return "low"; }
    @Override public int priority() { return -3; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
