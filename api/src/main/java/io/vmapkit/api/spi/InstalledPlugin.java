package io.vmapkit.api.spi;

import java.util.Map;

/**
 * A plugin installed into one system: what {@link VmapPlugin#install} returns. It owns all of that
 * system's plugin state (caches, device models, tallies), creates the plugin's workloads, and is
 * closed once when the plugin is uninstalled. The model is a connector created by a factory: the
 * discovered {@link VmapPlugin} is stateless, this object is the stateful part, one per system.
 *
 * <p>Because an installation exists only between a successful {@code install} and its
 * {@code close}, an implementation needs no "am I installed" flag or guard: holding the object means
 * the plugin is installed (until closed).
 *
 * <p><b>Ownership.</b> The runtime that called {@code install} owns the returned object and is the
 * only caller of {@link #close()}. A host or test may read it (the runtime hands it out, e.g.
 * {@code VmapSystem.installed(name)}) but must not close it. Everything the plugin registered or
 * allocated through its {@link PluginContext} is undone by the runtime after {@code close} returns
 * or throws, so most installations need no {@code close} of their own.
 *
 * <p><b>Threading.</b> {@code close} runs on the thread that closes the system, under the system's
 * lifecycle lock, at most once, and never concurrently with that system's {@code install} calls.
 * {@link #newWorkload} may be called from any thread while installed; each implementation states
 * what else it makes thread-safe.
 */
public interface InstalledPlugin extends AutoCloseable {

    /**
     * A new workload bound to this installation.
     *
     * @param workload one of the plugin's {@link VmapPlugin#workloads()}
     * @param seed the seed of the workload's random choices
     * @param parameters workload-specific parameters (e.g. {@code operations}); unknown keys are an error
     * @throws IllegalArgumentException naming the workload if the plugin does not offer it, or naming
     *     a bad parameter. Default: always, for a plugin that offers no workload.
     */
    default Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        throw new IllegalArgumentException("this plugin offers no workload '" + workload + "'");
    }

    /**
     * Uninstalls: tears down what the installation owns before the runtime undoes its registrations
     * and frees what it still has allocated. Called once, by the runtime, in reverse install order.
     * Default: nothing.
     *
     * @throws RuntimeException reported with the plugin's name; the runtime still undoes the
     *     plugin's registrations and goes on with the other plugins
     */
    @Override
    default void close() {}
}
