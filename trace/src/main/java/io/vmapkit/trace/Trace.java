package io.vmapkit.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed trace: header, top-level operations in order, and the trailing counters of the workload
 * that produced it (if recorded).
 *
 * @param source where it was read from, for messages
 * @param header the header
 * @param ops the top-level operations
 * @param counters the {@code counters} line's values ({@code ops} first), empty if the trace has none
 * @param lines the number of lines read
 */
public record Trace(String source, TraceHeader header, List<TraceOp> ops, Map<String, Long> counters, int lines) {

    /** Copies. */
    public Trace {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(header, "header");
        ops = List.copyOf(ops);
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** Every operation, nested ones included. */
    public long operationCount() {
        return count(ops);
    }

    private static long count(List<TraceOp> list) {
        long n = 0;
        for (TraceOp op : list) {
            n++;
            if (op instanceof TraceOp.Alloc a) {
                for (TraceOp.Round r : a.rounds()) {
                    n += count(r.ops());
                }
            }
        }
        return n;
    }
}
