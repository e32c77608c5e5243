package io.vmapkit.trace;

/** A trace that cannot be read: the message names the source, the line and what was expected. */
public final class TraceFormatException extends TraceException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param source the file, for the message
     * @param line the 1-based line number
     * @param problem what was expected and what was found
     */
    public TraceFormatException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
