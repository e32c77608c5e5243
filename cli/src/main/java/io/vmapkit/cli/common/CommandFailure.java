package io.vmapkit.cli.common;

/**
 * A failure a command reports to the user: its message is printed on standard error as it is, and
 * the command exits with code 1. For usage errors (exit code 2) commands throw picocli's
 * {@code ParameterException} instead.
 */
public class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and, where possible, what to do about it */
    public CommandFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure, shown with {@code --verbose}
     */
    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
