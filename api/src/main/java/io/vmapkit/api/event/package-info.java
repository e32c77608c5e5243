/**
 * Observability: {@link io.vmapkit.api.event.VmapListener}, called for allocation attempts, lazy
 * frees, purges, notifier calls and rounds, shrink passes and page-pool reclaim.
 *
 * <p>Method names follow the kernel tracepoints ({@code alloc_vmap_area},
 * {@code free_vmap_area_noflush}, {@code purge_vmap_area_lazy}, {@code mm_shrink_slab_start/end})
 * and keep their field names, so model traces can be set beside {@code trace-cmd} output. The
 * implementations also emit JFR events of the same names.
 */
package io.vmapkit.api.event;
