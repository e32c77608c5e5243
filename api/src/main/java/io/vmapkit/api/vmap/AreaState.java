package io.vmapkit.api.vmap;

/** The life of a {@link VmapArea}. States only move forward: LIVE → LAZY → PURGED. */
public enum AreaState {
    /** Allocated and mapped; the range is busy. */
    LIVE,
    /** Freed (unmapped) but not yet purged: the range is still unavailable until the next purge. */
    LAZY,
    /** Purged: the TLB was flushed and the range returned to the free space. The handle is dead. */
    PURGED
}
