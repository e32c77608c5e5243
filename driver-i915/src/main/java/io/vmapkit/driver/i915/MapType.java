package io.vmapkit.driver.i915;

/**
 * The caching type of a kernel mapping of a GEM object ({@code enum i915_map_type}, docs/fidelity.md §14.2).
 */
enum MapType {
    /**
     * {@code I915_MAP_WB}: write-back, {@code PAGE_KERNEL}. A single-page object is reached through
     * the direct map (4.7: {@code kmap}) and takes no vmap space.
     */
    WB,
    /** {@code I915_MAP_WC}: write-combining; always a real vmap. */
    WC
}
