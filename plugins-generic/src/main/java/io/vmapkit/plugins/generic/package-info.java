/**
 * The plugin {@code generic}: workloads that need no driver model, and a real machine's vmalloc
 * layout as a starting point.
 *
 * <p>{@link io.vmapkit.plugins.generic.GenericPlugin} is the stateless factory (discovered with
 * {@code ServiceLoader}); installing it registers nothing and allocates nothing, so installing it
 * never changes a run by itself. Its installation,
 * {@link io.vmapkit.plugins.generic.GenericInstallation}, creates the workloads of
 * {@link io.vmapkit.plugins.generic.workload} ({@code layout}, {@code churn}, {@code module-load},
 * {@code ioremap}, {@code page-pool-pressure}, {@code leaky-cache}). Everything a workload allocates is
 * owned by the plugin {@code generic} and freed by the workload's {@code finish()}, or by the runtime
 * when the plugin is uninstalled.
 *
 * <p>Contract: the plugin has no settings (any {@code vmapkit.plugin.generic.*} key is refused
 * naming it); workloads are configured by their parameters. Depends on the api only.
 */
package io.vmapkit.plugins.generic;
