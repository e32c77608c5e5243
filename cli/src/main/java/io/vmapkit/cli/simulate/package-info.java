/**
 * {@code vmapkit simulate}: runs a plugin's seeded workload under several policies, each on a fresh
 * system, and reports the figures side by side (table, {@code --json}, {@code --report},
 * {@code --trace-out}).
 *
 * <p>The command parses the options and prints; the scenarios, policies and the run of one policy
 * ({@link io.vmapkit.workloads.simulate.PolicyRun}) are the workloads module's, so that the
 * benchmarks measure exactly what the command runs. A policy is a set of settings of the workload's
 * plugin ({@code vmapkit.plugin.<name>.<key>}); the workload is created by the discovered plugin's
 * installation, through {@code VmapSystem.newWorkload(plugin, workload, seed, parameters)} (which
 * calls {@link io.vmapkit.api.spi.InstalledPlugin#newWorkload}): the cli never imports a plugin.
 */
package io.vmapkit.cli.simulate;
