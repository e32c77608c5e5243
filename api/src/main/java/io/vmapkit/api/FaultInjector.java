package io.vmapkit.api;

/**
 * A seam, in the spirit of the kernel's failslab, through which tests make internal allocations
 * fail on purpose.
 *
 * <p>Implementations name the sites they consult with the constants below. An injector is called
 * on hot paths, possibly under internal locks: it must be fast, thread-safe and must not call back
 * into vmapkit.
 */
@FunctionalInterface
public interface FaultInjector {

    /** The allocator's descriptor allocation (kernel: {@code kmem_cache_alloc} of a vmap_area); failure gives ENOMEM without purge or notifier. */
    String VMAP_AREA_DESCRIPTOR = "vmap_area_descriptor";

    /** The spare node a no-edge (NE) split of a free block needs; failure sends the request into the overflow path. */
    String NE_FIT_NODE = "ne_fit_node";

    /** A physical page-pool allocation; failure is treated as a page shortage (reclaim, OOM chain, ENOMEM). */
    String PAGE_POOL = "page_pool";

    /** The injector that never fails anything. */
    FaultInjector NONE = site -> false;

    /**
     * Decides whether the operation at {@code site} fails this time.
     *
     * @param site one of the site constants of this interface, or an implementation's own
     * @return {@code true} to make it fail
     */
    boolean shouldFail(String site);
}
