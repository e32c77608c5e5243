package io.vmapkit.runtime.discovery;

import java.util.Objects;

/**
 * Startup failed because of what discovery found: two entries with one name, no provider of a
 * required kind, an explicitly named provider or plugin that is absent, or — in strict mode — any
 * broken or refused entry. The message names the classes and their jars; {@link #report()} holds
 * everything discovery saw. Nothing was started.
 */
public class DiscoveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient DiscoveryReport report;

    /**
     * @param message names the entries at fault
     * @param report what discovery saw
     */
    public DiscoveryException(String message, DiscoveryReport report) {
        super(message);
        this.report = Objects.requireNonNull(report, "report");
    }

    /** What discovery saw, problems included. */
    public DiscoveryReport report() {
        return report;
    }
}
