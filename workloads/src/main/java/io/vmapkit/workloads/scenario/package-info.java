/**
 * Scenario files: what {@code vmapkit simulate} runs, written as YAML and read strictly.
 *
 * <p>A {@link io.vmapkit.workloads.scenario.Scenario} names the system (address space, CPUs,
 * kernel preset, any {@code vmapkit.*} key), the plugins to install with their own settings, the
 * {@link io.vmapkit.workloads.scenario.Load loads} run together, an optional initial
 * {@link io.vmapkit.workloads.scenario.Layout layout} read from a {@code /proc/vmallocinfo} file,
 * and the named {@link io.vmapkit.workloads.scenario.Policy policies} to compare, each a set of
 * full configuration keys. {@link io.vmapkit.workloads.scenario.ScenarioParser} reads a file and
 * {@link io.vmapkit.workloads.scenario.ScenarioCheck} checks it against discovery; both fail with a
 * {@link io.vmapkit.workloads.scenario.ScenarioException} that starts {@code FILE:LINE:} and
 * suggests the nearest valid name. {@link io.vmapkit.workloads.scenario.Scenarios} holds the
 * built-in scenarios, shipped as files in this jar. The format is documented in
 * {@code docs/scenarios.md}.
 *
 * <p>Everything here is immutable and thread-safe; nothing here runs a system (that is
 * {@link io.vmapkit.workloads.simulate.PolicyRun}) or imports a plugin.
 */
package io.vmapkit.workloads.scenario;
