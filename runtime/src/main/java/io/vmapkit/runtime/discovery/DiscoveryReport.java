package io.vmapkit.runtime.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What discovery found and what became of it: one {@link ReportEntry} per plugin or provider, found
 * or given, usable or not. The cli's {@code vmapkit plugins} prints {@link #toTable()}.
 *
 * <p>Entries are kept in a fixed order: by kind (plugins first), then priority (higher first), then
 * name, then class name; broken entries without a name come last within their kind. Immutable and
 * thread-safe; the "with" methods return new reports.
 */
public final class DiscoveryReport {

    private static final Comparator<ReportEntry> ORDER = Comparator
            .comparing(ReportEntry::kind)
            .thenComparing(e -> e.name().equals(ReportEntry.UNKNOWN))
            .thenComparing(ReportEntry::priority, Comparator.reverseOrder())
            .thenComparing(ReportEntry::name)
            .thenComparing(ReportEntry::className);

    private static final DiscoveryReport EMPTY = new DiscoveryReport(List.of());

    private final List<ReportEntry> entries;

    private DiscoveryReport(List<ReportEntry> entries) {
        this.entries = entries;
    }

    /** A report of {@code entries}, sorted. */
    public static DiscoveryReport of(Collection<ReportEntry> entries) {
        List<ReportEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        return new DiscoveryReport(List.copyOf(sorted));
    }

    /** The report with no entries. */
    public static DiscoveryReport empty() {
        return EMPTY;
    }

    /** Every entry, in report order. */
    public List<ReportEntry> entries() {
        return entries;
    }

    /** The entries of one kind, in report order. */
    public List<ReportEntry> entries(Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The entries with one status, in report order. */
    public List<ReportEntry> entries(Status status) {
        return entries.stream().filter(e -> e.status() == status).toList();
    }

    /** The first entry of {@code kind} named {@code name}. */
    public Optional<ReportEntry> find(Kind kind, String name) {
        return entries.stream().filter(e -> e.kind() == kind && e.name().equals(name)).findFirst();
    }

    /** The broken and failed entries. */
    public List<ReportEntry> problems() {
        return entries.stream().filter(ReportEntry::isProblem).toList();
    }

    /** This report plus {@code entry}. */
    public DiscoveryReport plus(ReportEntry entry) {
        List<ReportEntry> all = new ArrayList<>(entries);
        all.add(entry);
        return of(all);
    }

    /**
     * This report with the entry of {@code kind} named {@code name} (a known name) changed to
     * {@code status} and {@code reason}.
     *
     * @throws IllegalArgumentException if there is no such entry
     */
    public DiscoveryReport withStatus(Kind kind, String name, Status status, String reason) {
        List<ReportEntry> all = new ArrayList<>(entries.size());
        boolean found = false;
        for (ReportEntry e : entries) {
            if (!found && e.kind() == kind && e.name().equals(name) && !name.equals(ReportEntry.UNKNOWN)) {
                all.add(e.with(status, reason));
                found = true;
            } else {
                all.add(e);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no " + kind.label() + " named '" + name + "' in the report");
        }
        return new DiscoveryReport(List.copyOf(all));
    }

    /**
     * The report as a plain-text table with the columns KIND, NAME, VERSION, PRIO, API, STATUS,
     * CLASS, SOURCE and DETAIL, one line per entry, columns padded to their widest cell.
     */
    public String toTable() {
        String[] header = {"KIND", "NAME", "VERSION", "PRIO", "API", "STATUS", "CLASS", "SOURCE", "DETAIL"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (ReportEntry e : entries) {
            rows.add(new String[] {
                e.kind().label(), e.name(), e.version().isEmpty() ? "-" : e.version(), Integer.toString(e.priority()),
                e.apiVersion() == 0 ? "-" : Integer.toString(e.apiVersion()), e.status().label(), e.className(),
                e.source(), e.reason()});
        }
        int[] width = new int[header.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscoveryReport && ((DiscoveryReport) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return toTable();
    }
}
