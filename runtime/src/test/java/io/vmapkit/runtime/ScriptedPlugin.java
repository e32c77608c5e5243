package io.vmapkit.runtime;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import java.util.List;
import java.util.function.Consumer;

/**
 * A plugin whose install and whose installation's close run given code and log "install:name" /
 * "uninstall:name". It remembers the last context it was installed with, for tests to poke at.
 */
final class ScriptedPlugin implements VmapPlugin {
    private final String name;
    private final int priority;
    private final List<String> log;
    private final Consumer<PluginContext> onInstall;
    private final Consumer<PluginContext> onUninstall;
    volatile PluginContext context;

    ScriptedPlugin(String name, int priority, List<String> log, Consumer<PluginContext> onInstall,
            Consumer<PluginContext> onUninstall) {
        this.name = name;
        this.priority = priority;
        this.log = log;
        this.onInstall = onInstall;
        this.onUninstall = onUninstall;
    }

    static ScriptedPlugin quiet(String name, int priority, List<String> log) {
        return new ScriptedPlugin(name, priority, log, c -> {}, c -> {});
    }

    @Override public String name() { return name; }
    @Override public int priority() { return priority; }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        this.context = ctx;
        log.add("install:" + name);
        onInstall.accept(ctx);
        return new InstalledPlugin() {
            @Override
            public void close() {
                log.add("uninstall:" + name);
                onUninstall.accept(ctx);
            }

            @Override
            public String toString() {
                return "installed " + name;
            }
        };
    }
}
