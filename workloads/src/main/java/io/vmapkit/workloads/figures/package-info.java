/**
 * The figures of one run of a workload against one system:
 * {@link io.vmapkit.workloads.figures.RunFigures} (what {@code simulate} and {@code replay} print as
 * a table and write as JSON), and for the report the {@link io.vmapkit.workloads.figures.Timeline}
 * of occupancy samples and purge/notifier marks and the
 * {@link io.vmapkit.workloads.figures.RunRecord} that bundles a run's figures, timeline and final
 * map.
 *
 * <p>Where a figure comes from is decided once, in
 * {@link io.vmapkit.workloads.figures.RunFigures#measure} (a live run) and
 * {@link io.vmapkit.workloads.figures.RunFigures#replayed} (a replayed trace): driver-side counts
 * from the workload's counters, allocator figures from {@link io.vmapkit.api.vmap.VmapStats}. A live
 * run's figures also carry one {@link io.vmapkit.workloads.figures.PluginAccount} per notifier block
 * or shrinker name ({@link io.vmapkit.workloads.figures.RunFigures#withPlugins}, filled by
 * {@link io.vmapkit.workloads.accounting.PluginAccounting}); a replay has none. Values are immutable
 * once built and safe to share between threads.
 */
package io.vmapkit.workloads.figures;
