package io.vmapkit.trace;

import io.vmapkit.api.vmap.AllocFlag;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The words and value encodings of the trace format, version {@value #VERSION} (see
 * {@code docs/trace-format.md}). Stateless.
 */
public final class TraceFormat {

    /** The first word of a trace. */
    public static final String MAGIC = "vmapkit-trace";

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** The value written for "none" (no window, no flags, no owner, no policy). */
    static final String NONE = "-";

    static final String ALLOC = "alloc";
    static final String FREE = "free";
    static final String PURGE = "purge";
    static final String ROUND = "round";
    static final String COUNTERS = "counters";
    static final String END = "end";
    static final String ARROW = "->";

    private TraceFormat() {}

    /** An unsigned value as {@code 0x} and lower-case hex. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * Parses {@code 0x} hex as an unsigned 64-bit value.
     *
     * @throws NumberFormatException if it is not {@code 0x} followed by 1 to 16 hex digits
     */
    static long parseHex(String s) {
        if (!s.startsWith("0x") || s.length() < 3 || s.length() > 18) {
            throw new NumberFormatException("'" + s + "' is not 0x followed by 1 to 16 hex digits");
        }
        for (int i = 2; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || Character.isUpperCase(s.charAt(i))) {
                throw new NumberFormatException("'" + s + "' is not 0x followed by lower-case hex digits");
            }
        }
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    /** Flags as {@code NO_GUARD,NO_WARN}, or {@code -}. */
    static String flags(Set<AllocFlag> flags) {
        if (flags.isEmpty()) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        flags.forEach(f -> names.add(f.name()));
        return String.join(",", names);
    }

    /** A word that may contain anything: URL-encoded, with {@code -} for empty and {@code %2D} for a lone dash. */
    static String word(String s) {
        if (s.isEmpty()) {
            return NONE;
        }
        if (s.equals(NONE)) {
            return "%2D";
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The inverse of {@link #word}.
     *
     * @throws IllegalArgumentException for a bad escape
     */
    static String unword(String s) {
        return s.equals(NONE) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
