package io.vmapkit.plugins.generic.vmallocinfo;

/**
 * A vmallocinfo file that does not follow the kernel's format, or cannot be read. The message
 * names the source and line ({@code file:line}), the column, the bad token as written (an excerpt of
 * at most {@value #MAX_EXCERPT} characters) and the rule it breaks.
 */
public final class VmallocInfoException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The longest excerpt of a bad token or line quoted in a message. */
    public static final int MAX_EXCERPT = 80;

    private final String source;
    private final int line;

    /**
     * @param source the file or {@code classpath:NAME} read
     * @param line the 1-based line, or 0 for the whole source
     * @param message what is wrong, without the location
     */
    public VmallocInfoException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = source;
        this.line = line;
    }

    /** The source as named to the parser. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the error concerns the whole source. */
    public int line() {
        return line;
    }

    /** {@code text} in single quotes, cut to {@value #MAX_EXCERPT} characters with an ellipsis. */
    static String quote(String text) {
        return "'" + (text.length() <= MAX_EXCERPT ? text : text.substring(0, MAX_EXCERPT) + "…") + "'";
    }
}
