package io.vmapkit.allocator;

import java.util.ArrayDeque;

/** The last operations of a randomized test, printed when it fails. */
final class OpLog {

    private final int keep;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long count;

    OpLog(int keep) {
        this.keep = keep;
    }

    void add(String line) {
        if (lines.size() == keep) {
            lines.removeFirst();
        }
        lines.addLast("#" + count++ + " " + line);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("last ").append(lines.size()).append(" of ").append(count).append(" operations:\n");
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
