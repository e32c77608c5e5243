package io.vmapkit.plugins.generic.vmallocinfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed vmallocinfo file: its lines in file order and what its addresses are. Immutable and
 * thread-safe.
 *
 * @param source the file or {@code classpath:NAME} it was read from (used in messages)
 * @param entries the lines that describe areas, in file order (comment lines are not kept)
 * @param addresses whether the addresses are real, hashed or zeroed ({@link AddressKind})
 */
public record VmallocInfo(String source, List<VmallocEntry> entries, AddressKind addresses) {

    /** Copies the entries. */
    public VmallocInfo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(addresses, "addresses");
        entries = List.copyOf(entries);
    }

    /** The sum of the printed sizes, in bytes (guard pages included where the kernel counts them). */
    public long totalBytes() {
        return entries.stream().mapToLong(VmallocEntry::size).sum();
    }

    /** The entries grouped by {@link VmallocEntry#function()}, groups in order of first appearance. */
    public Map<String, List<VmallocEntry>> byFunction() {
        Map<String, List<VmallocEntry>> groups = new LinkedHashMap<>();
        for (VmallocEntry e : entries) {
            groups.computeIfAbsent(e.function(), k -> new java.util.ArrayList<>()).add(e);
        }
        groups.replaceAll((k, v) -> List.copyOf(v));
        return java.util.Collections.unmodifiableMap(groups);
    }

    /** {@code source}:{@code line}, the way messages name an entry. */
    public String where(VmallocEntry entry) {
        return source + ":" + entry.line();
    }
}
