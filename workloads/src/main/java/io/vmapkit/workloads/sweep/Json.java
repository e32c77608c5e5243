package io.vmapkit.workloads.sweep;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON a results line uses, written and read by hand: objects whose values are strings,
 * integers, decimals or objects of the same kind — nothing else (no arrays, booleans or null).
 * A results line is short and its shape is fixed, so a few lines replace a JSON library.
 */
final class Json {

    private Json() {}

    /** {@code s} as a JSON string literal. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code v} as JSON: a string, a long, a double with six decimals, or a map as an object. */
    static String value(Object v) {
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6f", d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(string(e.getKey().toString())).append(':').append(value(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        throw new IllegalArgumentException("no JSON form for " + v);
    }

    /**
     * Parses one object.
     *
     * @return its members in order: {@link String}, {@link Long}, {@link Double} or a nested map
     * @throws IllegalArgumentException saying what is wrong and at which character
     */
    static Map<String, Object> parseObject(String text) {
        Parser p = new Parser(text);
        p.skipSpace();
        Map<String, Object> m = p.object();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("text after the object");
        }
        return m;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (m.put(key, value()) != null) {
                    throw error("member \"" + key + "\" given twice");
                }
                skipSpace();
                char c = next();
                if (c == '}') {
                    return m;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        Object value() {
            char c = peek();
            if (c == '{') {
                return object();
            }
            if (c == '"') {
                return string();
            }
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String num = s.substring(start, pos);
            try {
                return num.contains(".") || num.contains("e") || num.contains("E") ? (Object) Double.parseDouble(num)
                        : (Object) Long.parseLong(num);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expected a string, a number or an object");
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("a cut \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("a bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("a bad escape \\" + e);
                }
            }
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("the text ends early");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (pos + 1));
        }
    }
}
