/**
 * Observability: {@link io.vmapkit.api.event.VmapListener}, called for allocation attempts, lazy
 * frees, purges, notifier calls and rounds, shrink passes and page-pool reclaim.
 *
 * <p>Each listener method takes one event object of this package (for example
 * {@link io.vmapkit.api.event.ShrinkSlabStartEvent}): a final, immutable class with one accessor
 * per value, created by the implementations. An event gains values by gaining accessors, so
 * listeners compiled against an older vmapkit keep working.
 *
 * <p>Method, event and value names follow the kernel tracepoints ({@code alloc_vmap_area},
 * {@code free_vmap_area_noflush}, {@code purge_vmap_area_lazy}, {@code mm_shrink_slab_start/end})
 * and keep their field names, so model traces can be set beside {@code trace-cmd} output. The
 * implementations also emit JFR events of the same names.
 */
package io.vmapkit.api.event;
