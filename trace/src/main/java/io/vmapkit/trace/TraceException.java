package io.vmapkit.trace;

/**
 * A trace that cannot be read or replayed: the message names the trace (file) and, where there is
 * one, the line, and says what was expected. A command-line application prints the message as it
 * is; a library user may catch the subclasses ({@link TraceFormatException},
 * {@link ReplayMismatchException}) to tell a bad file from a replay that diverged.
 *
 * <p>Unchecked, immutable, safe to pass between threads.
 */
public class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the trace */
    public TraceException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the trace
     * @param cause the underlying failure
     */
    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
