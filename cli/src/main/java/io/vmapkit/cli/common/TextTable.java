package io.vmapkit.cli.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns separated by two spaces and padded to
 * their widest cell; the first column is left-aligned, the others right-aligned (they hold numbers).
 * Not thread-safe.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these column headers. */
    public TextTable(List<String> header) {
        this.columns = header.size();
        rows.add(header.toArray(new String[0]));
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if it has the wrong number of cells
     */
    public TextTable row(List<String> cells) {
        if (cells.size() != columns) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the table " + columns);
        }
        rows.add(cells.toArray(new String[0]));
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    public String render() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                if (i == 0) {
                    line.append(r[i]).append(pad);
                } else {
                    line.append("  ").append(pad).append(r[i]);
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
