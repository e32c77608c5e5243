package io.vmapkit.api.vmap;

/** Request flags, the parts of the kernel's {@code VM_*} flags and gfp mask that vmapkit models. */
public enum AllocFlag {
    /** {@code VM_NO_GUARD}: do not add the one-page guard after the area. */
    NO_GUARD,
    /** {@code __GFP_NOWARN}: do not print the allocation-failure warning. */
    NO_WARN,
    /**
     * A gfp mask that does not allow blocking (GFP_NOWAIT, GFP_ATOMIC): the purge notifier chain is
     * not called (4.7 to ≈5.14 behaviour, configurable), and a threshold purge only try-locks.
     */
    NON_BLOCKING;

    final int bit() {
        return 1 << ordinal();
    }
}
