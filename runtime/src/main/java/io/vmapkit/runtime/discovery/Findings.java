package io.vmapkit.runtime.discovery;

import io.vmapkit.api.spi.Discoverable;
import java.util.List;
import java.util.Objects;

/**
 * What one discovery of one service type found.
 *
 * @param kind the service kind
 * @param usable the usable entries, sorted by priority (higher first), then name; names are unique
 * @param refused entries that could not be used: {@link Status#BROKEN} ones and those
 *     {@link Status#SKIPPED} because they were built for a newer api; in the order met
 * @param <T> the service type
 */
public record Findings<T extends Discoverable>(Kind kind, List<Candidate<T>> usable, List<ReportEntry> refused) {

    /** Copies the lists. */
    public Findings {
        Objects.requireNonNull(kind, "kind");
        usable = List.copyOf(usable);
        refused = List.copyOf(refused);
    }

    /** Every entry: the usable ones (status {@link Status#AVAILABLE}) and the refused ones. */
    public List<ReportEntry> entries() {
        java.util.ArrayList<ReportEntry> all = new java.util.ArrayList<>();
        usable.forEach(c -> all.add(c.entry()));
        all.addAll(refused);
        return all;
    }
}
