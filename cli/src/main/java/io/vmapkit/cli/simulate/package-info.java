/**
 * {@code vmapkit simulate}: runs a plugin's seeded workload under several policies, each on a fresh
 * system, and reports the figures side by side (table, {@code --json}, {@code --report},
 * {@code --trace-out}).
 *
 * <p>A {@link io.vmapkit.cli.simulate.Scenario} names the address space, the plugin and workload,
 * the seed, the number of operations and the {@link io.vmapkit.cli.simulate.Policy policies}: each
 * policy is a set of settings of the workload's plugin ({@code vmapkit.plugin.<name>.<key>}). The
 * workload is created by the discovered plugin's installation, through
 * {@code VmapSystem.newWorkload(plugin, workload, seed, parameters)} (which calls
 * {@link io.vmapkit.api.spi.InstalledPlugin#newWorkload}): the cli never imports a plugin. {@link io.vmapkit.cli.simulate.PolicyRun} runs one policy
 * on the calling thread; the {@link io.vmapkit.cli.simulate.RunObserver} listener records the
 * timeline the report draws.
 */
package io.vmapkit.cli.simulate;
