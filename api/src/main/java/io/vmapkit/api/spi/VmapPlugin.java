package io.vmapkit.api.spi;

import java.util.List;
import java.util.Map;

/**
 * The entry point of a vmapkit plugin.
 *
 * <p>A plugin is found with {@link java.util.ServiceLoader} (register it with
 * {@code @AutoService(VmapPlugin.class)}), created with its public no-argument constructor, and
 * {@linkplain #install installed} into a {@link PluginContext} when the system starts. Plugins are
 * installed in discovery order (priority, then name) and uninstalled in reverse order.
 *
 * <p>Only {@link #name()} and {@link #install} must be implemented. Everything the plugin registers
 * or allocates through its context is tracked and undone after {@link #uninstall} returns (or
 * throws), so most plugins need no uninstall logic of their own.
 *
 * <p><b>Threading.</b> {@code install} and {@code uninstall} are called on the thread that starts
 * or stops the system, never concurrently with each other for one plugin. The callbacks a plugin
 * registers run on other threads, as their interfaces state.
 */
public interface VmapPlugin extends Discoverable {

    /**
     * Sets the plugin up: registers notifier blocks and shrinkers, allocates what it needs.
     *
     * @param context the plugin's view of the system; valid until uninstall has returned
     * @throws RuntimeException to refuse installation; the runtime undoes whatever the plugin
     *     registered so far and reports the failure with the plugin's name
     */
    void install(PluginContext context);

    /**
     * Tears the plugin down before its registrations are undone. Default: nothing.
     *
     * @param context the same context install received
     */
    default void uninstall(PluginContext context) {}

    /** The names of the workloads this plugin can drive ({@link #newWorkload}). Default: none. */
    default List<String> workloads() {
        return List.of();
    }

    /**
     * A new workload bound to this plugin's current installation.
     *
     * @param workload one of {@link #workloads()}
     * @param seed the seed of the workload's random choices
     * @param parameters workload-specific parameters (e.g. {@code operations}); unknown keys are an error
     * @throws IllegalArgumentException naming the workload if this plugin does not offer it, or
     *     naming a bad parameter
     * @throws IllegalStateException if the plugin is not installed
     */
    default Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        throw new IllegalArgumentException("plugin " + name() + " offers no workload '" + workload + "'");
    }
}
