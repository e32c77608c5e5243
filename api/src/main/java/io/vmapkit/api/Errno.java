package io.vmapkit.api;

/**
 * The Linux error numbers vmapkit reports, with the kernel's positive values.
 *
 * <p>The kernel returns errors as negative numbers ({@code -EBUSY}); {@link #negated()} gives that
 * form, which is what {@link io.vmapkit.api.notifier.Notify#fromErrno(int)} expects.
 */
public enum Errno {
    /** Operation not permitted (1). */
    EPERM(1),
    /** No such entry (2): unregistering a block or shrinker that is not registered. */
    ENOENT(2),
    /** Try again (11). */
    EAGAIN(11),
    /** Out of memory (12): a descriptor or page allocation failed. */
    ENOMEM(12),
    /** Device or resource busy (16): the address space is exhausted, or a unique priority clashed. */
    EBUSY(16),
    /** Already exists (17): registering the same block twice. */
    EEXIST(17),
    /** No such device (19). */
    ENODEV(19),
    /** Invalid argument (22): a request that breaks a precondition. */
    EINVAL(22);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive kernel value, e.g. 16 for EBUSY. */
    public int value() {
        return value;
    }

    /** The negative form the kernel returns, e.g. -16 for EBUSY. */
    public int negated() {
        return -value;
    }

    /**
     * Looks up an error by value, accepting the positive or the negative form.
     *
     * @throws IllegalArgumentException naming the value if vmapkit does not model it
     */
    public static Errno of(int value) {
        int v = Math.abs(value);
        for (Errno e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown errno " + value);
    }

    /**
     * The error a throwable stands for: its own for a {@link VmapException}, {@code EINVAL} for an
     * {@link IllegalArgumentException} (vmapkit rejects bad input with those, as 6.x kernels
     * return {@code -EINVAL}), and {@code EPERM} for anything else.
     */
    public static Errno of(Throwable failure) {
        if (failure instanceof VmapException) {
            return ((VmapException) failure).errno();
        }
        if (failure instanceof IllegalArgumentException) {
            return EINVAL;
        }
        return EPERM;
    }
}
