package io.vmapkit.trace;

/**
 * The replayed allocator did something other than the trace records: the message names the line
 * and both outcomes.
 */
public final class ReplayMismatchException extends TraceException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param source the trace file, for the message
     * @param line the 1-based line of the operation that differed
     * @param problem what the trace says and what the replay did
     */
    public ReplayMismatchException(String source, int line, String problem) {
        super(source + ":" + line + ": replay mismatch: " + problem);
        this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
