package io.vmapkit.trace;

/**
 * One step of a trace as {@link TraceReader} streams it, in file order: an operation, or the
 * beginning or end of a notifier round of the allocation read last at that level. An
 * {@link TraceOp.Alloc} streamed this way has no rounds of its own: they follow it as
 * {@link RoundBegin} … {@link RoundEnd} events. Immutable.
 */
public sealed interface TraceEvent permits TraceEvent.Op, TraceEvent.RoundBegin, TraceEvent.RoundEnd {

    /** The 1-based line the event was read from. */
    int line();

    /**
     * An {@code alloc} (without rounds), {@code free} or {@code purge} line.
     *
     * @param op the operation
     * @param depth how many rounds enclose it (0 at top level)
     */
    record Op(TraceOp op, int depth) implements TraceEvent {
        @Override
        public int line() {
            return op.line();
        }
    }

    /**
     * {@code round N begin}: the callbacks of round {@code number} of {@code alloc} start.
     *
     * @param line the line
     * @param number the round, from 1
     * @param alloc the allocation whose overflow path runs the round
     */
    record RoundBegin(int line, int number, TraceOp.Alloc alloc) implements TraceEvent {}

    /**
     * {@code round N end freed=F}: the round's callbacks are done.
     *
     * @param line the line
     * @param number the round, from 1
     * @param freed what the callbacks added to {@code freed}
     * @param beginLine the line of the matching {@code round N begin}
     */
    record RoundEnd(int line, int number, long freed, int beginLine) implements TraceEvent {}
}
