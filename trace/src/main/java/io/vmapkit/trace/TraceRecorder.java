package io.vmapkit.trace;

import static io.vmapkit.trace.TraceFormat.hex;

import io.vmapkit.api.Errno;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records one allocator's operations as a trace.
 *
 * <p>{@link #wrap} gives an {@link AllocatorProvider} to hand to
 * {@code VmapKit.Builder.allocatorProvider}: it creates the real allocator with the purge chain
 * wrapped (to bracket notifier rounds) and wraps the allocator (to write one line per allocate,
 * free and explicit purge). An allocation's line is written when it returns, followed by the lines
 * of the notifier rounds its overflow path ran, each holding what the callbacks did inside it; the
 * lines of an allocation made inside a round go into that round, indented. {@link #finish} writes
 * the workload's counters and the {@code end} line; operations after it are not recorded.
 *
 * <p><b>Threading.</b> Thread-safe: each thread has its own stack of allocations in progress, and
 * top-level lines are written under a lock. A trace replays bit for bit when one thread drives the
 * allocator, as {@code simulate} does. Write errors are kept and reported by {@link #finish}.
 */
public final class TraceRecorder {

    /** An allocation in progress on one thread: its id, depth and the lines of its rounds. */
    static final class Frame {
        final long id;
        final int depth;
        final StringBuilder lines = new StringBuilder();
        boolean inRound;

        Frame(long id, int depth) {
            this.id = id;
            this.depth = depth;
        }
    }

    private final String target;
    private final Writer out;
    private final String policy;
    private final Object lock = new Object();
    private final ThreadLocal<ArrayDeque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);
    private final Map<VmapArea, Long> ids = new IdentityHashMap<>(); // guarded by lock
    private long nextId = 1; // guarded by lock
    private boolean headerWritten; // guarded by lock
    private IOException writeFailure; // guarded by lock
    private String unreplayable; // guarded by lock
    private volatile boolean open = true;

    /**
     * @param target the file written, for messages
     * @param out where lines go; closed by {@link #finish}
     * @param policy the run's label for the header (empty for none)
     */
    public TraceRecorder(String target, Writer out, String policy) {
        this.target = Objects.requireNonNull(target, "target");
        this.out = Objects.requireNonNull(out, "out");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A provider that creates {@code real}'s allocator, recorded into this trace. One allocator per recorder. */
    public AllocatorProvider wrap(AllocatorProvider real) {
        return new RecordingAllocatorProvider(real, this);
    }

    /** Whether operations are still being recorded. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Writes the counters line and the {@code end} line, and closes the output. Later operations
     * are not recorded. Idempotent after the first call.
     *
     * @param counters the workload's counters, {@code ops} first; keys are words
     * @throws UncheckedIOException if any write failed, naming the file
     * @throws IllegalStateException if an operation could not be recorded so that replay can place it
     */
    public void finish(Map<String, Long> counters) {
        synchronized (lock) {
            if (!open) {
                return;
            }
            open = false;
            StringBuilder sb = new StringBuilder(TraceFormat.COUNTERS);
            counters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            write(sb.append('\n').toString());
            write(TraceFormat.END + "\n");
            try {
                out.close();
            } catch (IOException e) {
                if (writeFailure == null) {
                    writeFailure = e;
                }
            }
            if (writeFailure != null) {
                throw new UncheckedIOException("cannot write trace " + target + ": " + writeFailure.getMessage(), writeFailure);
            }
            if (unreplayable != null) {
                throw new IllegalStateException("the trace " + target + " cannot be replayed: " + unreplayable);
            }
        }
    }

    /**
     * Stops recording without the counters and {@code end} lines (the run failed), and closes the
     * output. A trace left this way is reported as truncated by replay.
     */
    public void abandon() {
        synchronized (lock) {
            if (!open) {
                return;
            }
            open = false;
            try {
                out.close();
            } catch (IOException e) {
                // the run already failed; that failure is what gets reported
            }
        }
    }

    // ---- called by the recording allocator and chain ----------------------------------------------

    /** The label of the recorded run. */
    String policy() {
        return policy;
    }

    /** Writes the header (settings at their {@code defaults} left out where optional); refuses a second allocator. */
    void header(TraceHeader h, Map<String, String> defaults) {
        synchronized (lock) {
            if (headerWritten) {
                throw new IllegalStateException("trace " + target + " already records an allocator; one trace records one");
            }
            headerWritten = true;
            write("# vmapkit trace; format: docs/trace-format.md\n" + h.line(defaults) + "\n");
        }
    }

    /** Starts an allocation on this thread. */
    Frame begin() {
        long id;
        synchronized (lock) {
            id = nextId++;
        }
        ArrayDeque<Frame> stack = frames.get();
        Frame parent = stack.peek();
        Frame f = new Frame(id, parent == null ? 0 : parent.depth + 2);
        stack.push(f);
        return f;
    }

    /** Ends the allocation {@code f}: {@code area} on success, else {@code failure}. */
    void end(Frame f, VmapRequest request, VmapArea area, Errno failure) {
        ArrayDeque<Frame> stack = frames.get();
        stack.pop();
        String result = area != null ? hex(area.start()) : failure.name();
        if (area == null && failure != Errno.EBUSY && failure != Errno.ENOMEM && failure != Errno.EINVAL) {
            synchronized (lock) {
                if (unreplayable == null) {
                    unreplayable = "allocation " + f.id + " threw an unexpected exception";
                }
            }
        }
        String line = "alloc " + f.id + " size=" + hex(request.size()) + " align=" + hex(request.align())
                + " window=" + (request.hasWindow() ? hex(request.vstart()) + "-" + hex(request.vend()) : TraceFormat.NONE)
                + " flags=" + TraceFormat.flags(request.flags())
                + " owner=" + TraceFormat.word(request.owner().orElse(""))
                + " " + TraceFormat.ARROW + " " + result;
        String text = indent(f.depth) + line + "\n" + f.lines;
        if (area != null) {
            synchronized (lock) {
                ids.put(area, f.id);
            }
        }
        Frame parent = stack.peek();
        if (parent != null) {
            parent.lines.append(text);
        } else {
            synchronized (lock) {
                write(text);
            }
        }
    }

    /** The id of a live area recorded by this trace, or {@code null}. */
    Long idOf(VmapArea area) {
        synchronized (lock) {
            return ids.get(area);
        }
    }

    /** Records that the area {@code id} was freed. */
    void freed(VmapArea area, long id) {
        synchronized (lock) {
            ids.remove(area);
        }
        operation("free " + id);
    }

    /** Records an explicit purge and its result. */
    void purged(boolean any) {
        operation("purge " + TraceFormat.ARROW + " " + any);
    }

    /** A notifier round starts inside the current thread's allocation, if any; returns that allocation. */
    Frame roundBegins(int round) {
        Frame f = frames.get().peek();
        if (f != null) {
            f.lines.append(indent(f.depth + 1)).append("round ").append(round).append(" begin\n");
            f.inRound = true;
        }
        return f;
    }

    /** The round started by {@link #roundBegins} ended with {@code freed}. */
    void roundEnds(Frame f, int round, long freed) {
        f.lines.append(indent(f.depth + 1)).append("round ").append(round).append(" end freed=").append(freed).append('\n');
        f.inRound = false;
    }

    private void operation(String line) {
        Frame f = frames.get().peek();
        if (f == null) {
            synchronized (lock) {
                write(line + "\n");
            }
            return;
        }
        if (!f.inRound) {
            synchronized (lock) {
                if (unreplayable == null) {
                    unreplayable = "'" + line + "' happened inside allocation " + f.id
                            + " but outside a notifier round (from a listener?); replay cannot place it";
                }
            }
        }
        f.lines.append(indent(f.depth + 2)).append(line).append('\n');
    }

    private void write(String text) {
        if (writeFailure != null) {
            return;
        }
        try {
            out.write(text);
        } catch (IOException e) {
            writeFailure = e;
        }
    }

    private static String indent(int depth) {
        return "  ".repeat(depth);
    }
}
