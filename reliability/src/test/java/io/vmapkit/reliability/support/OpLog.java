package io.vmapkit.reliability.support;

import java.util.ArrayDeque;

/**
 * The operations of a randomized run, printed when it fails so the sequence can be replayed or
 * pasted into a regression test. Keeps the last {@code keep} lines. One thread.
 */
public final class OpLog {

    private final int keep;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long count;

    /** A log keeping the last {@code keep} operations. */
    public OpLog(int keep) {
        this.keep = keep;
    }

    /** Records one operation. */
    public void add(String line) {
        if (lines.size() == keep) {
            lines.removeFirst();
        }
        lines.addLast("#" + count++ + " " + line);
    }

    /** Operations recorded so far. */
    public long count() {
        return count;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("operation sequence (last ").append(lines.size()).append(" of ").append(count)
                .append("):\n");
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
