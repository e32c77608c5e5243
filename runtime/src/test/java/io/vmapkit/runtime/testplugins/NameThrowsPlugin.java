package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** name() throws. */
public class NameThrowsPlugin implements VmapPlugin {
    @Override public String name() { throw new UnsupportedOperationException("no name today"); }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
