package io.vmapkit.runtime;

/**
 * What {@link VmapSystem#start()} does when a plugin's {@code install} throws. In both cases what the
 * plugin registered or allocated before it threw is undone first, and the failure is logged and
 * recorded in the report with the plugin's name.
 */
public enum InstallFailurePolicy {
    /**
     * The default: the plugin is marked {@link io.vmapkit.runtime.discovery.Status#FAILED} and the
     * remaining plugins are installed. One bad plugin does not take the host down.
     */
    CONTINUE,
    /**
     * Start fails: the plugins installed so far are uninstalled in reverse order, the system is
     * closed, and {@link PluginInstallException} is thrown.
     */
    FAIL;

    /** The configuration value, lower case. */
    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
