package io.vmapkit.plugins.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations a randomized test performed, in the order they completed, for its failure messages.
 * Thread-safe; keeps the last {@code limit} entries.
 */
public final class OpLog {

    private final int limit;
    private final List<String> ops = new ArrayList<>();
    private long dropped;

    /** A log keeping the last {@code limit} operations. */
    public OpLog(int limit) {
        this.limit = limit;
    }

    /** Records one operation, prefixed with the thread's name. */
    public synchronized void add(String op) {
        if (ops.size() == limit) {
            ops.remove(0);
            dropped++;
        }
        ops.add(Thread.currentThread().getName() + ": " + op);
    }

    /** The recorded operations, one a line, with the seed to replay them. */
    public synchronized String dump(long seed) {
        StringBuilder sb = new StringBuilder("seed ").append(seed).append(" (replay with -Dvmapkit.seed=").append(seed)
                .append("); last ").append(ops.size()).append(" operations").append(dropped > 0 ? " of " + (ops.size() + dropped) : "")
                .append(":");
        ops.forEach(o -> sb.append("\n  ").append(o));
        return sb.toString();
    }
}
