package io.vmapkit.runtime;

import java.util.Objects;

/**
 * A plugin's {@code install} threw under {@link InstallFailurePolicy#FAIL}: the system did not start.
 * By the time this is thrown, what the plugin had registered was undone and every plugin installed
 * before it was uninstalled in reverse order; failures of those steps are attached as suppressed
 * exceptions. The cause is what {@code install} threw.
 */
public class PluginInstallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String plugin;

    /**
     * @param plugin the plugin's name
     * @param cause what its install threw
     */
    public PluginInstallException(String plugin, Throwable cause) {
        super("plugin '" + plugin + "' failed to install: " + cause, cause);
        this.plugin = Objects.requireNonNull(plugin, "plugin");
    }

    /** The name of the plugin whose install threw. */
    public String plugin() {
        return plugin;
    }
}
