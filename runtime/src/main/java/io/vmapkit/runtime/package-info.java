/**
 * The runtime: discovery, configuration, lifecycle, and the plain-Java builder. The only module that
 * knows every implementation, and only through the api and {@link java.util.ServiceLoader}.
 *
 * <h2>Building a system</h2>
 * <pre>{@code
 * try (VmapSystem system = VmapKit.builder()
 *         .addressSpace(AddressSpace.x86_32())
 *         .allocator("free-tree")
 *         .discoverPlugins()
 *         .plugin(new MyCachePlugin())
 *         .start()) {
 *     VmapArea area = system.allocator().allocate(16 * 4096);
 * }
 * }</pre>
 * {@link io.vmapkit.runtime.VmapKit.Builder#resolve()} applies overrides, discovers providers (and
 * plugins, if asked) from an explicit class loader and chooses: the result is a
 * {@link io.vmapkit.runtime.VmapBlueprint}. {@link io.vmapkit.runtime.VmapBlueprint#newSystem()} makes a
 * {@link io.vmapkit.runtime.VmapSystem} (state NEW, parts ready); {@code start()} installs the plugins.
 * The Guice module ({@code io.vmapkit.guice.VmapKitModule}, in the separate {@code vmapkit-guice}
 * artifact: this module needs no Guice) resolves the same blueprint and builds the same
 * system from injected inputs.
 *
 * <h2>Choosing providers</h2>
 * The allocator, notifier and page-pool providers are chosen by name ({@code vmapkit.allocator},
 * {@code vmapkit.notifier}, {@code vmapkit.page-pool}) or, without a name, as the usable one with the
 * highest priority, then the smallest name. A named provider that is absent fails startup with the
 * list of usable ones. Two entries of one kind with one name always fail startup, naming both
 * classes and jars. An entry built for a newer api major version is skipped and reported (startup
 * failure in strict mode); a broken entry (missing class, not a subtype, throwing constructor, bad
 * name) is reported with its class and source and skipped (startup failure in strict mode).
 *
 * <h2>Plugins and their contexts</h2>
 * Each plugin is installed through its own {@link io.vmapkit.api.spi.PluginContext}: what it allocates
 * is owned by it (and only it can free it through a context), what it registers is recorded. The
 * {@link io.vmapkit.api.spi.InstalledPlugin} its {@code install} returns is owned by the system, which
 * hands it out ({@code VmapSystem.installed}) and closes it once. At uninstall, after that
 * installation's {@code close} (even if that throws), its registrations are
 * undone in reverse order, then areas and page runs it still holds are freed (lazily, for areas)
 * and named in the report. A failing {@code install} is undone the same way; then the others go on
 * ({@code continue}, the default) or start fails ({@code fail}).
 *
 * <h2>Configuration keys</h2>
 * The runtime's own keys are {@link io.vmapkit.runtime.VmapConfig}'s constants ({@code vmapkit.space}
 * and its sub-keys, {@code vmapkit.kernel}, {@code vmapkit.allocator}, {@code vmapkit.notifier},
 * {@code vmapkit.page-pool}, {@code vmapkit.ncpus}, discovery and plugin lists,
 * {@code vmapkit.plugin.<name>.<key>}). Provider settings ({@code vmapkit.allocator.*},
 * {@code vmapkit.notifier.*}, {@code vmapkit.page-pool.*}) are declared by the providers
 * ({@link io.vmapkit.api.spi.Configurable#settings()}); the runtime checks them against the
 * discovered providers ({@code KnownSettings}), merges explicit value &gt; the chosen providers'
 * kernel preset &gt; default ({@code SettingsMerge}) and hands the result to the providers, never
 * interpreting a key. Files are read with each entry's line as its source ({@code ConfigLoader}),
 * space keys by {@code SpaceKeys}. The full table with defaults is in {@code docs/configuration.md}.
 *
 * <p>Logging goes through {@link java.lang.System.Logger}. No static mutable state.
 */
package io.vmapkit.runtime;
