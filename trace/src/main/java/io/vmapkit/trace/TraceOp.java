package io.vmapkit.trace;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;
import java.util.Objects;

/** One operation of a trace, with the line it was read from (1-based). */
public sealed interface TraceOp permits TraceOp.Alloc, TraceOp.Free, TraceOp.Purge {

    /** The line the operation was read from. */
    int line();

    /**
     * {@code alloc}: a request and its outcome, then the notifier rounds its overflow path ran.
     *
     * @param id the area's id, unique in the trace
     * @param request the request as the allocator received it (owner included, window unresolved)
     * @param address the start of the area on success
     * @param failure the error on failure (EBUSY, ENOMEM or EINVAL), {@code null} on success
     * @param rounds the purge-notifier rounds, in order, numbered from 1
     */
    record Alloc(int line, long id, VmapRequest request, long address, Errno failure, List<Round> rounds)
            implements TraceOp {
        /** Copies the rounds. */
        public Alloc {
            Objects.requireNonNull(request, "request");
            rounds = List.copyOf(rounds);
        }

        /** Whether the allocation succeeded. */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * {@code free}: the area allocated as {@code id} was freed.
     *
     * @param id the area's id
     */
    record Free(int line, long id) implements TraceOp {}

    /**
     * {@code purge}: an explicit synchronous purge.
     *
     * @param purged whether it found anything to purge
     */
    record Purge(int line, boolean purged) implements TraceOp {}

    /**
     * One purge-notifier round inside an allocation: the operations its callbacks performed and the
     * total they added to {@code freed}.
     *
     * @param line the {@code round N begin} line
     * @param endLine the {@code round N end} line
     * @param number the round, from 1
     * @param ops what the callbacks did, in order
     * @param freed the round's {@code freed} total
     */
    record Round(int line, int endLine, int number, List<TraceOp> ops, long freed) {
        /** Copies the operations. */
        public Round {
            ops = List.copyOf(ops);
        }
    }
}
