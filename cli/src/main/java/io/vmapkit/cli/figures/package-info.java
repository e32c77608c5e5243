/**
 * The figures of one run of a workload against one system: {@link io.vmapkit.cli.figures.RunFigures}
 * (what {@code simulate} and {@code replay} print as a table and write as JSON), and for the report
 * the {@link io.vmapkit.cli.figures.Timeline} of occupancy samples and purge/notifier marks and the
 * {@link io.vmapkit.cli.figures.RunRecord} that bundles a run's figures, timeline and final map.
 *
 * <p>Where a figure comes from is decided once, in {@link io.vmapkit.cli.figures.RunFigures#measure}:
 * driver-side counts from the workload's counters, allocator figures from
 * {@link io.vmapkit.api.vmap.VmapStats}. Values are immutable once built.
 */
package io.vmapkit.cli.figures;
