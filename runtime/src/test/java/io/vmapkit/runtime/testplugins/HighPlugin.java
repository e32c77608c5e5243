package io.vmapkit.runtime.testplugins;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;

/** A plugin named "high", priority 5. */
public class HighPlugin implements VmapPlugin {
    @Override public String name() { return "high"; }
    @Override public int priority() { return 5; }
    @Override public void install(PluginContext context) {}
}
