package io.vmapkit.trace;

import static io.vmapkit.trace.TraceFormat.hex;

import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a trace on a fresh system of the recorded configuration and checks that every address and
 * failure comes out the same. {@link #replay(Path, ClassLoader)} streams the file: it reads each line
 * when the replay reaches it, in constant memory whatever the trace's length (a format error is
 * reported when its line is reached, after the lines before it were replayed);
 * {@link #replay(Trace, ClassLoader)} plays a trace already in memory.
 *
 * <p>The system has the trace's address space, allocator, threshold ({@code lazy-max-pages}),
 * notifier round cap, non-blocking rule, up-front refusal, purge try-lock and free-tree search
 * length, synchronous threshold purges, and no plugins. Replay
 * registers one block on its purge chain: when the allocator calls the chain for round N of the
 * allocation being replayed, the block performs that round's recorded operations and adds the
 * round's recorded {@code freed}. An {@code ENOMEM} allocation is reproduced by failing the
 * descriptor allocation through the {@link FaultInjector}. A mismatch inside a round is held until
 * the allocation returns (the chain contains a callback's exceptions) and then reported; so is a
 * format error found while a round is being read.
 *
 * <p>Not thread-safe; one replay per instance, on the calling thread.
 */
public final class Replayer {

    /**
     * What a replay produced: the measurements a caller turns into a run's figures (the workloads
     * module's {@code RunFigures.replayed}).
     *
     * @param header the trace's header
     * @param policy the trace's policy label, or {@code "replay"} if it has none
     * @param ops the workload's operations: the counters line's {@code ops}, or the number of
     *     top-level operations if the trace has no counters line
     * @param counters the counters line without {@code ops}, in the trace's order (immutable)
     * @param stats the replayed allocator's statistics at the counters line
     * @param endMap the replayed address space at the counters line
     * @param operations operations replayed, nested ones included
     * @param notifierFreed the total of the replayed notifier rounds' {@code freed}
     * @param wallNanos wall-clock time of the replayed operations
     */
    public record Result(TraceHeader header, String policy, long ops, Map<String, Long> counters, VmapStats stats, VmapSnapshot endMap,
            long operations, long notifierFreed, long wallNanos) {

        /** Copies the counters. */
        public Result {
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }
    }

    /** An allocation being replayed and how many of its rounds have run. */
    private static final class InProgress {
        final TraceOp.Alloc op;
        int rounds;

        InProgress(TraceOp.Alloc op) {
            this.op = op;
        }
    }

    /** Fails the next descriptor allocation when armed (to reproduce ENOMEM). */
    private static final class ArmedFault implements FaultInjector {
        boolean armed;

        @Override
        public boolean shouldFail(String site) {
            if (armed && FaultInjector.VMAP_AREA_DESCRIPTOR.equals(site)) {
                armed = false;
                return true;
            }
            return false;
        }
    }

    /** The events being replayed: a streaming reader, or a trace in memory. */
    private interface Events {
        String source();

        TraceHeader header();

        TraceEvent next();

        TraceEvent peek();

        Map<String, Long> counters();

        int lineNo();
    }

    private final Events events;
    private final ClassLoader loader;
    private final ArmedFault fault = new ArmedFault();
    private final Map<Long, VmapArea> live = new HashMap<>();
    private final ArrayDeque<InProgress> inProgress = new ArrayDeque<>();
    private VmapAllocator allocator;
    private RuntimeException held;
    private long notifierFreed;
    private long operations;
    private long topLevel;

    private Replayer(Events events, ClassLoader loader) {
        this.events = events;
        this.loader = loader;
    }

    /**
     * Replays {@code trace}, finding the allocator provider it names with {@code loader}.
     *
     * @throws TraceException if the trace's allocator is not on the class path
     * @throws ReplayMismatchException at the first operation whose outcome differs
     */
    public static Result replay(Trace trace, ClassLoader loader) {
        return new Replayer(new InMemory(trace), loader).run();
    }

    /**
     * Streams the trace in {@code file} (UTF-8) and replays it as it reads, in constant memory.
     *
     * @throws IOException if the file cannot be read
     * @throws TraceFormatException at the first bad line (the lines before it have been replayed)
     * @throws TraceException if the trace's allocator is not on the class path
     * @throws ReplayMismatchException at the first operation whose outcome differs
     */
    public static Result replay(Path file, ClassLoader loader) throws IOException {
        try (TraceReader r = TraceReader.open(file)) {
            return replay(r, loader);
        }
    }

    /**
     * Streams a trace from {@code text} and replays it as it reads.
     *
     * @param source a name for messages
     * @throws IOException if reading fails
     * @see #replay(Path, ClassLoader)
     */
    public static Result replay(String source, Reader text, ClassLoader loader) throws IOException {
        try (TraceReader r = TraceReader.of(source, text)) {
            return replay(r, loader);
        }
    }

    private static Result replay(TraceReader r, ClassLoader loader) throws IOException {
        try {
            return new Replayer(new Streamed(r), loader).run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Result run() {
        TraceHeader h = events.header();
        AllocatorProvider provider = provider(h.allocator());
        try (VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .classLoader(loader)
                .addressSpace(h.space())
                .ncpus(h.ncpus())
                .configure(c -> h.allocatorSettings().forEach(c::set))
                .allocatorProvider(provider)
                .faults(fault)
                .start()) {
            allocator = system.allocator();
            system.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("vmapkit-replay", 0, (action, event) -> round(event)));
            long t0 = System.nanoTime();
            for (TraceEvent e = events.next(); e != null; e = events.next()) {
                if (!(e instanceof TraceEvent.Op op)) { // an alloc checks that no round of its own follows
                    throw new IllegalStateException(events.source() + ":" + e.line() + ": unexpected " + e);
                }
                topLevel++;
                execute(op.op());
            }
            long wall = System.nanoTime() - t0;
            VmapStats stats = allocator.stats();
            VmapSnapshot map = allocator.snapshot();
            Map<String, Long> counters = new LinkedHashMap<>(events.counters());
            Long ops = counters.remove("ops");
            String label = h.policy().isEmpty() ? "replay" : h.policy();
            return new Result(h, label, ops != null ? ops : topLevel, counters, stats, map, operations, notifierFreed, wall);
        }
    }

    private AllocatorProvider provider(String name) {
        List<Candidate<AllocatorProvider>> found = new ServiceDiscovery(loader).find(AllocatorProvider.class).usable();
        for (Candidate<AllocatorProvider> c : found) {
            if (c.name().equals(name)) {
                return c.instance();
            }
        }
        throw new TraceException(events.source() + ":1: the trace was recorded with allocator '" + name
                + "', which is not on the class path (found: " + String.join(", ", found.stream().map(Candidate::name).toList())
                + "); add its jar with --plugin-path");
    }

    private void execute(TraceOp op) {
        operations++;
        if (op instanceof TraceOp.Alloc a) {
            alloc(a);
        } else if (op instanceof TraceOp.Free f) {
            free(f);
        } else if (op instanceof TraceOp.Purge p) {
            purge(p);
        }
    }

    private void alloc(TraceOp.Alloc op) {
        InProgress ip = new InProgress(op);
        inProgress.push(ip);
        fault.armed = op.failure() == Errno.ENOMEM;
        VmapArea area = null;
        RuntimeException failure = null;
        try {
            area = allocator.allocate(op.request());
        } catch (VmapAllocationException | IllegalArgumentException e) {
            failure = e;
        } finally {
            fault.armed = false;
            inProgress.pop();
        }
        if (held != null) {
            RuntimeException e = held;
            held = null;
            throw e;
        }
        if (events.peek() instanceof TraceEvent.RoundBegin more && more.alloc() == op) {
            throw mismatch(op.line(), "alloc " + op.id() + ": the trace records more than " + ip.rounds
                    + " notifier round(s) (round " + more.number() + " begins at line " + more.line() + "), the replay ran "
                    + ip.rounds);
        }
        Errno got = failure == null ? null : Errno.of(failure);
        if (op.succeeded() && area != null && area.start() != op.address()) {
            throw mismatch(op.line(), "alloc " + op.id() + " was placed at " + hex(op.address()) + " in the trace, at "
                    + hex(area.start()) + " in the replay");
        }
        if (op.succeeded() && area == null) {
            throw mismatch(op.line(), "alloc " + op.id() + " was placed at " + hex(op.address()) + " in the trace, but failed with "
                    + got + " in the replay: " + failure.getMessage());
        }
        if (!op.succeeded() && area != null) {
            throw mismatch(op.line(), "alloc " + op.id() + " failed with " + op.failure() + " in the trace, but the replay placed it at "
                    + hex(area.start()));
        }
        if (!op.succeeded() && got != op.failure()) {
            throw mismatch(op.line(), "alloc " + op.id() + " failed with " + op.failure() + " in the trace, with " + got
                    + " in the replay: " + failure.getMessage());
        }
        if (area != null) {
            live.put(op.id(), area);
        }
    }

    private void free(TraceOp.Free op) {
        VmapArea area = live.remove(op.id());
        if (area == null) { // the parser checks ids; this guards a replay that already diverged
            throw mismatch(op.line(), "free " + op.id() + ": the replay has no live area with that id");
        }
        try {
            allocator.free(area);
        } catch (RuntimeException e) {
            throw mismatch(op.line(), "free " + op.id() + " failed in the replay: " + e.getMessage());
        }
    }

    private void purge(TraceOp.Purge op) {
        boolean any = allocator.purgeLazy();
        if (any != op.purged()) {
            throw mismatch(op.line(), "the explicit purge " + (op.purged() ? "found" : "did not find")
                    + " lazy areas in the trace, but " + (any ? "did" : "did not") + " in the replay");
        }
    }

    /** The replay's purge-chain block: performs the next recorded round of the allocation in progress. */
    private int round(VmapPurgeEvent event) {
        if (held != null) {
            return Notify.DONE; // already diverged: free nothing so the allocation ends
        }
        InProgress ip = inProgress.peek();
        try {
            if (ip == null) {
                throw mismatch(events.lineNo(), "the allocator called the purge notifier chain outside any recorded allocation");
            }
            TraceOp.Alloc op = ip.op;
            if (!(events.peek() instanceof TraceEvent.RoundBegin r) || r.alloc() != op) {
                throw mismatch(op.line(), "alloc " + op.id() + ": the replay's allocator called the purge notifier chain for round "
                        + event.round() + ", but the trace records " + ip.rounds + " round(s)");
            }
            events.next();
            ip.rounds++;
            if (r.number() != event.round()) {
                throw mismatch(r.line(), "the trace's round " + r.number() + " ran as round " + event.round() + " in the replay");
            }
            TraceEvent.RoundEnd end;
            for (;;) {
                TraceEvent e = events.next();
                if (e instanceof TraceEvent.RoundEnd re) {
                    end = re;
                    break;
                }
                if (!(e instanceof TraceEvent.Op o)) { // a nested allocation's round it did not run (it reports that first)
                    throw mismatch(e.line(), "the replay did not run the round that begins here");
                }
                execute(o.op());
            }
            event.add(end.freed());
            notifierFreed += end.freed();
        } catch (TraceException | UncheckedIOException e) {
            held = e;
        }
        return Notify.DONE;
    }

    private ReplayMismatchException mismatch(int line, String problem) {
        return new ReplayMismatchException(events.source(), line, problem);
    }

    /** A streaming reader's events. */
    private static final class Streamed implements Events {
        private final TraceReader reader;

        Streamed(TraceReader reader) {
            this.reader = reader;
        }

        @Override
        public String source() {
            return reader.source();
        }

        @Override
        public TraceHeader header() {
            return reader.header();
        }

        @Override
        public TraceEvent next() {
            return reader.next();
        }

        @Override
        public TraceEvent peek() {
            return reader.peek();
        }

        @Override
        public Map<String, Long> counters() {
            return reader.counters();
        }

        @Override
        public int lineNo() {
            return reader.lineNo();
        }
    }

    /** A trace in memory, flattened into the events a reader would have streamed. */
    private static final class InMemory implements Events {
        private final Trace trace;
        private final List<TraceEvent> list = new ArrayList<>();
        private int pos;

        InMemory(Trace trace) {
            this.trace = trace;
            flatten(trace.ops(), 0);
        }

        /** Recursion bounded by {@link TraceReader#MAX_DEPTH}: the parser refuses deeper traces. */
        private void flatten(List<TraceOp> ops, int depth) {
            for (TraceOp op : ops) {
                if (op instanceof TraceOp.Alloc a) {
                    TraceOp.Alloc bare = new TraceOp.Alloc(a.line(), a.id(), a.request(), a.address(), a.failure(), List.of());
                    list.add(new TraceEvent.Op(bare, depth));
                    for (TraceOp.Round r : a.rounds()) {
                        list.add(new TraceEvent.RoundBegin(r.line(), r.number(), bare));
                        flatten(r.ops(), depth + 1);
                        list.add(new TraceEvent.RoundEnd(r.endLine(), r.number(), r.freed(), r.line()));
                    }
                } else {
                    list.add(new TraceEvent.Op(op, depth));
                }
            }
        }

        @Override
        public String source() {
            return trace.source();
        }

        @Override
        public TraceHeader header() {
            return trace.header();
        }

        @Override
        public TraceEvent next() {
            return pos < list.size() ? list.get(pos++) : null;
        }

        @Override
        public TraceEvent peek() {
            return pos < list.size() ? list.get(pos) : null;
        }

        @Override
        public Map<String, Long> counters() {
            return trace.counters();
        }

        @Override
        public int lineNo() {
            return trace.lines();
        }
    }
}
