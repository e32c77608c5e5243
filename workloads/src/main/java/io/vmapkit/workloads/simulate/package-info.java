/**
 * What {@code vmapkit simulate} runs, as a library: a scenario's loads under one policy on a fresh
 * system, measured.
 *
 * <p>The scenario ({@link io.vmapkit.workloads.scenario}) says which plugins to install, which
 * workloads to run together and from which initial layout; each policy is a set of full
 * {@code vmapkit.*} keys, so a plugin receives only its own settings. Workloads are created by the
 * discovered plugins' installations ({@link io.vmapkit.api.spi.InstalledPlugin#newWorkload},
 * reached through {@code VmapSystem.newWorkload}): nothing here imports a plugin.
 * {@link io.vmapkit.workloads.simulate.PolicyRun} runs one policy on the calling thread (and
 * records its trace when asked), interleaving several loads with a seeded
 * {@link io.vmapkit.workloads.simulate.LoadScheduler}; a listener records the timeline a report
 * draws. A run that cannot complete throws {@link io.vmapkit.workloads.simulate.RunFailure} naming
 * the policy and plugin.
 *
 * <p>Runs may overlap on several threads (what {@code sweep} does): each builds its own system, and
 * a run's kernel log holds the records of the threads that run started (the capture routes records
 * of the shared {@code io.vmapkit} logger by thread). The command ({@code SimulateCommand}) lives in the cli, which nothing imports; the end-to-end JMH
 * benchmark (bench family 7) uses this package to measure exactly what the command runs.
 */
package io.vmapkit.workloads.simulate;
