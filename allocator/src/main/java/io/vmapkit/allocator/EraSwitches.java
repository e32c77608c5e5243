package io.vmapkit.allocator;

/**
 * The allocator behaviours that changed between kernel releases and are not placement: chosen when
 * an allocator is built ({@link #DEFAULT} is vmapkit's default, a kernel preset gives its release's).
 *
 * @param noWarnHonoured whether {@code NO_WARN} suppresses the overflow path's failure warning. In
 *     4.x up to ≈4.11 {@code alloc_vmap_area} warned whenever {@code printk_ratelimit()} allowed,
 *     whatever the gfp mask: the {@code __GFP_NOWARN} test came with F. Fainelli's "mm: Silence
 *     vmap() allocation failures based on caller gfp_flags" (posted 27 Apr 2017, so 4.12 at the
 *     earliest; read in {@code mm/vmalloc.c alloc_vmap_area} before and after that patch).
 *     {@code true} for 4.12+ kernels and by default; {@code false} for 4.7.
 * @param emptyPurgeEvent whether a purge that finds nothing lazy still reports
 *     {@code purge_vmap_area_lazy} (start {@code ULONG_MAX}, end 0, npurged 0). The 6.x kernel does:
 *     U. Rezki's tracepoint patch for {@code __purge_vmap_area_lazy} jumps to the trace call when
 *     the detached list is empty (read in that patch and in {@code mm/vmalloc.c} ≈6.3–6.6). vmapkit's
 *     event exists in every era and by default reports non-empty purges only (one event per TLB
 *     flush); {@code true} under the 6.x preset.
 */
public record EraSwitches(boolean noWarnHonoured, boolean emptyPurgeEvent) {

    /** vmapkit's defaults: {@code NO_WARN} honoured, no event for an empty purge. */
    public static final EraSwitches DEFAULT = new EraSwitches(true, false);
}
