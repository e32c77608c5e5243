/**
 * Per-plugin accounting of a run: {@link io.vmapkit.workloads.accounting.PluginAccounting} is a
 * listener that sums, per notifier block and shrinker name, the calls, what was reported freed, the
 * time spent in callbacks, quarantines and errors, and detects <b>claims not borne out</b>: a purge
 * notifier block that adds to {@code freed} in a call during which the allocator released no area
 * (no {@code free_vmap_area_noflush} on the calling thread). Such a block makes the allocator retry
 * for nothing, round after round, until the round cap ends the attempt with EBUSY. Each claim not
 * borne out is logged once per block at WARNING under {@code io.vmapkit} (so {@code simulate}'s
 * kernel log shows it), and counted in the block's
 * {@link io.vmapkit.workloads.figures.PluginAccount}.
 *
 * <p>Contract: the listener is thread-safe; the per-call attribution relies on the kernel's rule that
 * a chain calls its blocks one after another on the allocating thread.
 */
package io.vmapkit.workloads.accounting;
