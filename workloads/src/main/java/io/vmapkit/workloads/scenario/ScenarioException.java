package io.vmapkit.workloads.scenario;

/**
 * A scenario that cannot run: a malformed or invalid scenario file, or a policy or setting that
 * no part of the run knows. The message begins with where the bad value was written
 * ({@code FILE:LINE: } for a scenario file, {@code --policy: } for the command line) and, for a
 * misspelt name, ends with the nearest valid one ({@code did you mean 'workload'?}).
 *
 * <p>Thrown before anything runs; nothing is left to undo.
 */
public final class ScenarioException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, already prefixed with where. */
    public ScenarioException(String message) {
        super(message);
    }

    /** A failure at {@code where} ({@code FILE:LINE} or an option), described by {@code problem}. */
    public static ScenarioException at(String where, String problem) {
        return new ScenarioException(where + ": " + problem);
    }
}
