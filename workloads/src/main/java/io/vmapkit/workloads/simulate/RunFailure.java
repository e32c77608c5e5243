package io.vmapkit.workloads.simulate;

/**
 * A policy run that could not complete: its plugin is missing or did not install, or its workload
 * threw. The message names the policy, the plugin and workload and, for a workload failure, the
 * operation; the cause, if any, is the workload's exception. A command-line application prints the
 * message as it is.
 *
 * <p>Unchecked, immutable, safe to pass between threads.
 */
public final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the policy and the plugin */
    public RunFailure(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the policy and the plugin
     * @param cause the workload's exception
     */
    public RunFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
