package io.vmapkit.workloads.sweep;

/** A sweep could not run, or results could not be merged; the message names the cell or the file. */
public final class SweepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** With a message that says what and where. */
    public SweepException(String message) {
        super(message);
    }

    /** With a message that says what and where, and the cause. */
    public SweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
