package io.vmapkit.runtime.discovery;

import java.util.Objects;

/**
 * One line of a {@link DiscoveryReport}.
 *
 * @param kind the service it was found under
 * @param name its {@code name()}, or {@link #UNKNOWN} when the entry is broken before it could say
 * @param version its {@code version()}, or empty when unknown
 * @param priority its {@code priority()} (0 when unknown)
 * @param apiVersion the api major version it was built for (0 when unknown)
 * @param className the implementation class (or the class name the services file gave)
 * @param source where it came from: the jar or class directory, or a note such as
 *     {@code "given explicitly"}
 * @param status what became of it
 * @param reason why, for anything but a plain success; empty otherwise
 */
public record ReportEntry(Kind kind, String name, String version, int priority, int apiVersion,
        String className, String source, Status status, String reason) {

    /** The name shown for an entry that broke before its {@code name()} could be read. */
    public static final String UNKNOWN = "?";

    /** Checks for {@code null}s. */
    public ReportEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    /** This entry with another status and reason. */
    public ReportEntry with(Status newStatus, String newReason) {
        return new ReportEntry(kind, name, version, priority, apiVersion, className, source, newStatus, newReason);
    }

    /** Whether the entry is a problem the user should look at: broken, failed, or refused for its api version. */
    public boolean isProblem() {
        return status == Status.BROKEN || status == Status.FAILED;
    }

    @Override
    public String toString() {
        return kind.label() + " " + name + " (" + className + " from " + source + "): " + status.label()
                + (reason.isEmpty() ? "" : " — " + reason);
    }
}
