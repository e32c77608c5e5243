package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A plugin built for api major 2, which this runtime (api 1) must refuse. */
public class FuturePlugin implements VmapPlugin {
    @Override public String name() { return "future"; }
    @Override public int apiVersion() { return 2; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
