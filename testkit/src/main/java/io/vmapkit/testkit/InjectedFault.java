package io.vmapkit.testkit;

/**
 * The exception a {@link FaultyNotifierBlock} or {@link FaultyShrinker} throws on purpose. Its
 * message names the block or shrinker, so a test can check that the failure is reported with the
 * guilty party's name.
 */
public final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names who failed and where */
    public InjectedFault(String message) {
        super(message);
    }
}
