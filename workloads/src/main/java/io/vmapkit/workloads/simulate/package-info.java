/**
 * What {@code vmapkit simulate} runs, as a library: a plugin's seeded workload under one policy on a
 * fresh system, measured.
 *
 * <p>A {@link io.vmapkit.workloads.simulate.Scenario} names the address space, the plugin and
 * workload, the seed, the number of operations and the
 * {@link io.vmapkit.workloads.simulate.Policy policies}: each policy is a set of settings of the
 * workload's plugin ({@code vmapkit.plugin.<name>.<key>}). The workload is created by the discovered plugin's
 * installation ({@link io.vmapkit.api.spi.InstalledPlugin#newWorkload}, reached through
 * {@code VmapSystem.newWorkload}): nothing here imports a plugin. {@link io.vmapkit.workloads.simulate.PolicyRun} runs one policy on the calling thread (and
 * records its trace when asked); a listener records the timeline a report draws. A run that cannot
 * complete throws {@link io.vmapkit.workloads.simulate.RunFailure} naming the policy and plugin.
 *
 * <p>Runs may overlap on several threads (what {@code sweep} does): each builds its own system, and
 * a run's kernel log holds the records of the threads that run started (the capture routes records
 * of the shared {@code io.vmapkit} logger by thread). The command ({@code SimulateCommand}) lives in the cli, which nothing imports; the end-to-end JMH
 * benchmark (bench family 7) uses this package to measure exactly what the command runs.
 */
package io.vmapkit.workloads.simulate;
