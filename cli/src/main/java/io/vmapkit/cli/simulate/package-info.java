/**
 * {@code vmapkit simulate}: runs a plugin's seeded workload under several policies, each on a fresh
 * system, and reports the figures side by side (table, {@code --json}, {@code --report},
 * {@code --trace-out}).
 *
 * <p>The command parses the options and prints; the scenarios, policies and the run of one policy
 * ({@link io.vmapkit.workloads.simulate.PolicyRun}) are the workloads module's, so that the
 * benchmarks measure exactly what the command runs. The cli never imports a plugin.
 */
package io.vmapkit.cli.simulate;
