package io.vmapkit.runtime.discovery;

import io.vmapkit.api.spi.Discoverable;
import java.util.Objects;

/**
 * A usable plugin or provider instance with the report entry that describes it (status
 * {@link Status#AVAILABLE} until something uses it).
 *
 * @param instance the instance, created once by discovery or given by the host
 * @param entry its description: name, priority, class, source
 * @param <T> the service type
 */
public record Candidate<T extends Discoverable>(T instance, ReportEntry entry) {

    /** Checks for {@code null}s. */
    public Candidate {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(entry, "entry");
    }

    /** The instance's name as read once at discovery. */
    public String name() {
        return entry.name();
    }

    /** The instance's priority as read once at discovery. */
    public int priority() {
        return entry.priority();
    }
}
