/**
 * {@code vmapkit simulate} and {@code vmapkit scenarios}: runs a scenario's loads under several
 * policies, each on a fresh system, and reports the figures side by side (table, {@code --json},
 * {@code --report}, {@code --trace-out}); lists and prints the built-in scenario files.
 *
 * <p>The commands parse the options and print; scenario files, their checks and the run of one
 * policy ({@link io.vmapkit.workloads.simulate.PolicyRun}) are the workloads module's, so that the
 * benchmarks measure exactly what the command runs. {@code --scenario} takes a built-in name or a
 * file; {@code --policy NAME:KEY=VALUE,...} adds a policy of full {@code vmapkit.*} keys, so a
 * plugin receives only its own settings. Every scenario, policy and setting is checked — and every
 * policy's system installed once — before the first run, and a bad one is a usage error naming
 * where it was written. Workloads are created by the discovered plugins' installations, through
 * {@code VmapSystem.newWorkload(plugin, workload, seed, parameters)} (which calls
 * {@link io.vmapkit.api.spi.InstalledPlugin#newWorkload}): the cli never imports a plugin.
 * Commands run on the calling thread, one at a time.
 */
package io.vmapkit.cli.simulate;
