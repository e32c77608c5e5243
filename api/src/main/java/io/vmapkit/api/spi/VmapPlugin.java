package io.vmapkit.api.spi;

import java.util.List;

/**
 * The entry point of a vmapkit plugin: a stateless factory and descriptor.
 *
 * <p>A plugin is found with {@link java.util.ServiceLoader} (register it with
 * {@code @AutoService(VmapPlugin.class)}) and created with its public no-argument constructor. It
 * describes itself ({@link #name()}, {@link #version()}, {@link #priority()},
 * {@link #apiVersion()}, {@link #description()}, {@link #workloads()}) and, when a system starts,
 * {@linkplain #install installs} itself into that system's {@link PluginContext}, returning an
 * {@link InstalledPlugin} that owns the plugin's state in that system. Plugins are installed in
 * discovery order (priority, then name) and their installations closed in reverse order.
 *
 * <p><b>Stateless.</b> An implementation keeps no per-system state in its fields: everything
 * {@code install} creates belongs to the returned installation. So one instance may be installed
 * into several systems at once, each installation independent of the others, and needs no "already
 * installed" guard.
 *
 * <p>Only {@link #name()} and {@link #install} must be implemented. Everything the plugin registers
 * or allocates through its context is tracked and undone after its installation's
 * {@link InstalledPlugin#close()} returns (or throws), so most plugins need no close logic.
 *
 * <p><b>Threading.</b> The runtime calls {@code install} on the thread that starts the system, under
 * that system's lifecycle lock (and under no other vmapkit lock). Different systems may call
 * {@code install} on one instance from different threads at the same time, so an implementation
 * must be thread-safe; being stateless, it is. The descriptor methods may be called from any thread.
 * The callbacks an installation registers run on other threads, as their interfaces state.
 */
public interface VmapPlugin extends Discoverable {

    /**
     * Installs the plugin into one system: reads its settings, registers notifier blocks and
     * shrinkers, allocates what it needs, and returns the object that owns all of it.
     *
     * @param context the plugin's view of the system; valid until the returned installation has
     *     been closed
     * @return the installation, never {@code null}; the runtime owns it and closes it on uninstall
     * @throws RuntimeException to refuse installation; the runtime undoes whatever the plugin
     *     registered so far and reports the failure with the plugin's name
     */
    InstalledPlugin install(PluginContext context);

    /**
     * The names of the workloads this plugin's installations can drive
     * ({@link InstalledPlugin#newWorkload}). Default: none.
     */
    default List<String> workloads() {
        return List.of();
    }
}
