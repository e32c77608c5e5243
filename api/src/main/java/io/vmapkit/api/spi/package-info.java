/**
 * The plugin SPI: what third parties implement and what vmapkit discovers with
 * {@link java.util.ServiceLoader}.
 *
 * <ul>
 *   <li>{@link io.vmapkit.api.spi.VmapPlugin} — the entry point of a plugin (a driver model, a
 *       cache with a shrinker, an observer): a stateless factory and descriptor. Installing it into
 *       a system's {@link io.vmapkit.api.spi.PluginContext} (which tracks what it registers and
 *       allocates, so uninstalling undoes all of it) returns an
 *       {@link io.vmapkit.api.spi.InstalledPlugin}, the object that owns the plugin's state in that
 *       system, creates its {@link io.vmapkit.api.spi.Workload}s, and is closed on uninstall.</li>
 *   <li>{@link io.vmapkit.api.spi.AllocatorProvider}, {@link io.vmapkit.api.spi.NotifierProvider},
 *       {@link io.vmapkit.api.spi.PagePoolProvider} — implementations of the allocator, notifier
 *       chains and shrinker registry, and page pool, chosen by name.</li>
 * </ul>
 *
 * <p>Everything discoverable is {@link io.vmapkit.api.spi.Discoverable}: a unique name, a priority
 * (higher first, then by name) and the api version it was built for. Register implementations with
 * {@code @AutoService(VmapPlugin.class)} (or a hand-written {@code META-INF/services} file, never
 * both). Plugins depend on the {@code vmapkit-api} artifact only.
 *
 * <p>A provider is created from what it manages (the address space, for an allocator), the
 * resolved {@link io.vmapkit.api.settings.Settings} and a context of seams only
 * ({@link io.vmapkit.api.spi.AllocatorContext}, {@link io.vmapkit.api.spi.NotifierContext},
 * {@link io.vmapkit.api.spi.PagePoolContext}: clock, listener, chains, fault injector, executor).
 * Its policy is settings it declares itself ({@link io.vmapkit.api.spi.Configurable#settings()})
 * and presets it answers for ({@link io.vmapkit.api.spi.Configurable#preset(String)}); the api
 * holds no implementation's configuration class. {@link io.vmapkit.api.spi.PluginSettings} is a
 * plugin's typed, checked reading of its own {@code vmapkit.plugin.<name>.<key>} settings, through
 * the same value syntax and "did you mean" rule.
 */
package io.vmapkit.api.spi;
