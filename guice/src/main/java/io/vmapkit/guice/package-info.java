/**
 * Guice 7 ({@code jakarta.inject}) wiring: {@link io.vmapkit.guice.VmapKitModule}, the artifact
 * {@code vmapkit-guice}. It depends on {@code vmapkit-runtime} and Guice; the runtime itself has neither
 * Guice nor Guava, so a host that does not inject pays for neither.
 *
 * <p>Discovery and wiring are separate steps (the Airlift / Trino lesson): the module's factories
 * resolve a {@link io.vmapkit.runtime.VmapBlueprint} — the step that reads services files — before the
 * injector exists, and {@code configure()} only binds what was resolved: no I/O, no conditions. The
 * system itself is built from injected inputs (clock, fault injector, listener set, plugin map,
 * providers), so a host or a test can replace any of them with {@code Modules.override} or add
 * plugins and listeners from its own modules.
 *
 * <p><b>When the system starts.</b> {@link io.vmapkit.runtime.VmapSystem} is an eager singleton: it
 * is built and {@linkplain io.vmapkit.runtime.VmapSystem#start() started} while the injector is
 * created, in every stage, so a plugin that fails to install under
 * {@link io.vmapkit.runtime.InstallFailurePolicy#FAIL} fails injector creation (a
 * {@code CreationException} whose cause is a {@link io.vmapkit.runtime.PluginInstallException}).
 * Guice has no shutdown hook: the host closes the system ({@code injector.getInstance(VmapSystem.class).close()}).
 *
 * <p>The module works with {@code binder().requireExplicitBindings()},
 * {@code binder().disableCircularProxies()} and {@code Stage.PRODUCTION}.
 */
package io.vmapkit.guice;
