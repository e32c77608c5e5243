package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** Another class also named "good": a duplicate name. */
public class SecondGoodPlugin implements VmapPlugin {
    @Override public String name() { return "good"; }
    @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
}
