package io.vmapkit.testsupport;

import java.util.ArrayDeque;

/**
 * The operations of a randomized run, printed when it fails so the sequence can be replayed or
 * pasted into a regression test. Keeps the last {@code keep} lines, each numbered in the order it was
 * added ({@code #0}, {@code #1}, ...).
 *
 * <p>Thread-safe. A log made with {@link #perThread(int)} prefixes each line with the name of the
 * thread that added it, for runs where many threads add operations.
 */
public final class OpLog {

    private final int keep;
    private final boolean threadNames;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long count;

    /**
     * A log keeping the last {@code keep} operations.
     *
     * @param keep how many of the latest operations to keep, at least 1
     */
    public OpLog(int keep) {
        this(keep, false);
    }

    private OpLog(int keep, boolean threadNames) {
        if (keep < 1) {
            throw new IllegalArgumentException("an OpLog keeps at least 1 operation, not " + keep);
        }
        this.keep = keep;
        this.threadNames = threadNames;
    }

    /**
     * A log keeping the last {@code keep} operations, each prefixed with the adding thread's name.
     *
     * @param keep how many of the latest operations to keep, at least 1
     * @return the new log
     */
    public static OpLog perThread(int keep) {
        return new OpLog(keep, true);
    }

    /**
     * Records one operation.
     *
     * @param line what was done (and, where it matters, what came of it)
     */
    public synchronized void add(String line) {
        if (lines.size() == keep) {
            lines.removeFirst();
        }
        String who = threadNames ? Thread.currentThread().getName() + ": " : "";
        lines.addLast("#" + count++ + " " + who + line);
    }

    /**
     * Operations recorded so far, including those no longer kept.
     *
     * @return the count
     */
    public synchronized long count() {
        return count;
    }

    /**
     * The kept operations after the seed that replays them, for a failure message.
     *
     * @param seed the run's seed
     * @return {@code "seed=S (replay with -Dvmapkit.seed=S); operation sequence (last K of N): ..."}
     */
    public String dump(long seed) {
        return Seeds.replay(seed) + "; " + this;
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("operation sequence (last ").append(lines.size()).append(" of ").append(count)
                .append("):\n");
        for (String l : lines) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.toString();
    }
}
