package io.vmapkit.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a trace, one at a time, in constant memory: a line ends with {@code \n} or
 * {@code \r\n}; a carriage return anywhere else, a line longer than {@link #MAX_LINE} characters and,
 * when reading bytes, anything that is not UTF-8 are errors naming the source and the line — the
 * over-long line is never held in memory and never quoted in full.
 *
 * <p>Not thread-safe; one instance reads one source. Does not close the underlying stream.
 */
abstract class TraceLines {

    /** The longest line accepted, in characters (a line the writer writes is a few hundred). */
    static final int MAX_LINE = 65_536;

    private final String source;
    private int lineNo;

    private TraceLines(String source) {
        this.source = source;
    }

    /** Lines of UTF-8 bytes; invalid UTF-8 is reported with its line and byte. */
    static TraceLines of(String source, InputStream in) {
        return new Bytes(source, in);
    }

    /** Lines of already decoded text. */
    static TraceLines of(String source, Reader in) {
        return new Chars(source, in);
    }

    /** The 1-based number of the line last returned (0 before the first). */
    final int lineNo() {
        return lineNo;
    }

    /**
     * The next line without its terminator, or {@code null} at the end of the input.
     *
     * @throws IOException if reading fails
     * @throws TraceFormatException for an over-long line, a stray carriage return or invalid UTF-8
     */
    final String next() throws IOException {
        String line = read();
        if (line != null) {
            lineNo++;
        }
        return line;
    }

    /** Reads one line; {@link #lineNo} is the previous line's number while this runs. */
    abstract String read() throws IOException;

    final TraceFormatException error(String problem) {
        return new TraceFormatException(source, lineNo + 1, problem);
    }

    final TraceFormatException tooLong(String start) {
        return error("the line is longer than " + MAX_LINE + " characters (a trace line is at most a few hundred); it begins '"
                + TraceReader.excerpt(start) + "'");
    }

    final TraceFormatException strayCarriageReturn(int column) {
        return error("a carriage return (\\r) at column " + column + " does not end the line: lines end with \\n or \\r\\n");
    }

    /** UTF-8 bytes, split at {@code \n} (a byte that never occurs inside a multi-byte character). */
    private static final class Bytes extends TraceLines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        Bytes(String source, InputStream in) {
            super(source);
            this.in = in;
        }

        @Override
        String read() throws IOException {
            int len = 0;
            boolean ascii = true;
            for (;;) {
                if (pos == limit) {
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return len == 0 ? null : finish(len, ascii);
                    }
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    return finish(len, ascii);
                }
                // room for a final \r; past 4 bytes per character a line cannot fit MAX_LINE characters
                if (len > MAX_LINE && (ascii || len >= MAX_LINE * 4)) {
                    throw tooLong(new String(line, 0, Math.min(len, 200), StandardCharsets.UTF_8));
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, len * 2);
                }
                line[len++] = b;
                ascii &= b >= 0;
            }
        }

        private String finish(int len, boolean ascii) {
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            String s;
            if (ascii) {
                s = new String(line, 0, len, StandardCharsets.US_ASCII);
            } else {
                try {
                    s = utf8.decode(ByteBuffer.wrap(line, 0, len)).toString();
                } catch (CharacterCodingException e) {
                    throw invalid(len);
                }
            }
            if (s.length() > MAX_LINE) {
                throw tooLong(s.substring(0, 200));
            }
            int cr = s.indexOf('\r');
            if (cr >= 0) {
                throw strayCarriageReturn(cr + 1);
            }
            return s;
        }

        /** Names the first byte that is not part of a valid UTF-8 sequence. */
        private TraceFormatException invalid(int len) {
            int at = 0;
            while (at < len) {
                int b = line[at] & 0xff;
                int n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
                if (n == 0 || at + n > len) {
                    break;
                }
                try {
                    utf8.decode(ByteBuffer.wrap(line, at, n));
                } catch (CharacterCodingException e) {
                    break;
                }
                at += n;
            }
            int bad = at < len ? line[at] & 0xff : line[len - 1] & 0xff;
            return error(String.format("the line is not valid UTF-8: byte 0x%02x at byte offset %d of the line "
                    + "(a trace is UTF-8 text)", bad, at + 1));
        }
    }

    /** Decoded characters. */
    private static final class Chars extends TraceLines {
        private final Reader in;
        private final char[] buf = new char[1 << 14];
        private int pos;
        private int limit;
        private final StringBuilder line = new StringBuilder();

        Chars(String source, Reader in) {
            super(source);
            this.in = in;
        }

        @Override
        String read() throws IOException {
            line.setLength(0);
            for (;;) {
                if (pos == limit) {
                    limit = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return line.length() == 0 ? null : finish();
                    }
                }
                char c = buf[pos++];
                if (c == '\n') {
                    return finish();
                }
                if (line.length() == MAX_LINE + 1) { // room for a final \r
                    throw tooLong(line.substring(0, 200));
                }
                line.append(c);
            }
        }

        private String finish() {
            int len = line.length();
            if (len > 0 && line.charAt(len - 1) == '\r') {
                line.setLength(--len);
            }
            if (len > MAX_LINE) {
                throw tooLong(line.substring(0, 200));
            }
            int cr = line.indexOf("\r");
            if (cr >= 0) {
                throw strayCarriageReturn(cr + 1);
            }
            return line.toString();
        }
    }
}
