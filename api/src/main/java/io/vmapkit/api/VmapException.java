package io.vmapkit.api;

import java.util.Objects;

/**
 * Base of vmapkit's runtime failures that the kernel reports with an error number.
 *
 * <p>Bad arguments are reported with {@link IllegalArgumentException} instead (the kernel's
 * {@code -EINVAL}); {@link Errno#of(Throwable)} maps both.
 */
public class VmapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * @param errno the error this failure stands for
     * @param message a specific message naming the values involved
     */
    public VmapException(Errno errno, String message) {
        super(message);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /**
     * @param errno the error this failure stands for
     * @param message a specific message naming the values involved
     * @param cause the underlying failure
     */
    public VmapException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = Objects.requireNonNull(errno, "errno");
    }

    /** The error number this failure stands for. */
    public Errno errno() {
        return errno;
    }
}
