package io.vmapkit.driver.i915;

/** The madvise state of a GEM object ({@code obj->madv}). */
enum Madv {
    /** {@code I915_MADV_WILLNEED}: the contents must be kept (written to swap if reclaimed). */
    WILLNEED,
    /** {@code I915_MADV_DONTNEED}: the contents may be discarded; the shrinker prefers these. */
    DONTNEED,
    /** {@code __I915_MADV_PURGED}: the pages were discarded while DONTNEED; the object is dead weight. */
    PURGED
}
