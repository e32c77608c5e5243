package io.vmapkit.trace;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole trace into memory as a {@link Trace} tree, checked by {@link TraceReader} (every
 * line's shape, nesting up to {@link TraceReader#MAX_DEPTH} levels, ids in execution order). For
 * traces of any length prefer streaming: {@link TraceReader} directly, or
 * {@link Replayer#replay(Path, ClassLoader)}, which reads as it replays in constant memory.
 *
 * <p>Every problem is a {@link TraceFormatException} naming the line and what was expected. The tree
 * is built without recursion. Stateless; thread-safe.
 */
public final class TraceParser {

    private TraceParser() {}

    /**
     * Reads and checks the trace in {@code file} (UTF-8).
     *
     * @throws IOException if it cannot be read
     * @throws TraceFormatException naming the first bad line
     */
    public static Trace parse(Path file) throws IOException {
        try (TraceReader r = TraceReader.open(file)) {
            return read(r);
        }
    }

    /**
     * Reads and checks a trace.
     *
     * @param source a name for messages (e.g. the file)
     * @throws IOException if reading fails
     * @throws TraceFormatException naming the first bad line
     */
    public static Trace parse(String source, Reader reader) throws IOException {
        try (TraceReader r = TraceReader.of(source, reader)) {
            return read(r);
        }
    }

    /** An allocation whose rounds are still being read. */
    private static final class AllocNode {
        final TraceOp.Alloc alloc;
        final List<RoundNode> rounds = new ArrayList<>();

        AllocNode(TraceOp.Alloc alloc) {
            this.alloc = alloc;
        }
    }

    /** A round whose operations are still being read; its ops are TraceOps or AllocNodes. */
    private static final class RoundNode {
        final TraceEvent.RoundBegin begin;
        final List<Object> ops = new ArrayList<>();
        TraceEvent.RoundEnd end;

        RoundNode(TraceEvent.RoundBegin begin) {
            this.begin = begin;
        }
    }

    private static Trace read(TraceReader r) throws IOException {
        List<Object> top = new ArrayList<>();
        List<Object> current = top;
        ArrayDeque<List<Object>> outer = new ArrayDeque<>();
        ArrayDeque<RoundNode> rounds = new ArrayDeque<>();
        try {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                if (e instanceof TraceEvent.Op op) {
                    current.add(op.op() instanceof TraceOp.Alloc a ? new AllocNode(a) : op.op());
                } else if (e instanceof TraceEvent.RoundBegin b) {
                    // the reader guarantees that a round begins right after its allocation or its previous round
                    AllocNode a = (AllocNode) current.get(current.size() - 1);
                    RoundNode round = new RoundNode(b);
                    a.rounds.add(round);
                    rounds.push(round);
                    outer.push(current);
                    current = round.ops;
                } else if (e instanceof TraceEvent.RoundEnd end) {
                    rounds.pop().end = end;
                    current = outer.pop();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Trace(r.source(), r.header(), freeze(top), r.counters(), r.lineNo());
    }

    /** Immutable operations; recursion here is bounded by {@link TraceReader#MAX_DEPTH}. */
    private static List<TraceOp> freeze(List<Object> nodes) {
        List<TraceOp> ops = new ArrayList<>(nodes.size());
        for (Object n : nodes) {
            if (n instanceof AllocNode a) {
                List<TraceOp.Round> rs = new ArrayList<>(a.rounds.size());
                for (RoundNode rn : a.rounds) {
                    rs.add(new TraceOp.Round(rn.begin.line(), rn.end.line(), rn.begin.number(), freeze(rn.ops), rn.end.freed()));
                }
                TraceOp.Alloc x = a.alloc;
                ops.add(new TraceOp.Alloc(x.line(), x.id(), x.request(), x.address(), x.failure(), rs));
            } else {
                ops.add((TraceOp) n);
            }
        }
        return ops;
    }
}
