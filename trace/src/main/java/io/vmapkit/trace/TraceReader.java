package io.vmapkit.trace;

import io.vmapkit.api.Errno;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a trace (format version {@value TraceFormat#VERSION}, see {@code docs/trace-format.md}) one
 * line at a time and streams it as {@link TraceEvent}s in file order, checking as it goes: every
 * line's shape, round numbering and nesting (at most {@link #MAX_DEPTH} levels, without recursion),
 * and the ids — each alloc id is unique, and a free names an area that is live at that point (in
 * execution order, where a round's operations happen before the allocation that ran it returns,
 * which is also file order).
 *
 * <p><b>Memory.</b> Constant in the length of the trace: the reader keeps the live ids, the open
 * rounds, the used ids as intervals (one interval for the writer's ids 1, 2, 3 …) and the reasons of
 * the last {@value #GONE_REMEMBERED} ids that stopped being live (for messages). A line longer than
 * {@value TraceLines#MAX_LINE} characters is refused without being held.
 *
 * <p><b>Errors.</b> Every problem is a {@link TraceFormatException} naming the source, the line and
 * what was expected; text from the trace is quoted as a bounded excerpt. Because the reader streams,
 * a problem is reported when its line is reached: a replay that streams a trace may have replayed
 * the lines before it. Read errors are {@link UncheckedIOException}s naming the source.
 *
 * <p>Not thread-safe; one reader reads one trace. Closing it closes the file it opened.
 */
public final class TraceReader implements AutoCloseable {

    /** The deepest nesting of allocations inside notifier rounds a trace may have. */
    public static final int MAX_DEPTH = 64;

    /** How many ids that stopped being live the reader remembers the reason of, for messages. */
    static final int GONE_REMEMBERED = 4096;

    private static final int EXCERPT = 100;
    private static final Pattern COUNTER_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern SIGNED_DECIMAL = Pattern.compile("0|-?[1-9][0-9]*");
    private static final String ALLOC_SHAPE = "alloc <id> size=0x<hex> align=0x<hex> window=-|0x<start>-0x<end> "
            + "flags=-|<FLAG>,... owner=-|<name> -> 0x<address>|EBUSY|ENOMEM|EINVAL";
    private static final List<String> HEADER_KEYS = TraceHeader.REQUIRED_KEYS;
    private static final Map<String, Setting<?>> ALLOCATOR_SETTINGS = allocatorSettings();
    private static final List<String> KNOWN_HEADER_KEYS = knownKeys();

    /** One non-blank, non-comment line, without its indentation. */
    private record Line(int no, String[] words, String text) {
        String word(int i) {
            return i < words.length ? words[i] : "";
        }

        boolean is(String keyword) {
            return words[0].equals(keyword);
        }
    }

    /** A round being read: the allocation that runs it, its number and its begin line. */
    private record Open(TraceOp.Alloc alloc, int number, int beginLine) {}

    /** Why an id is no longer live, and the line of its alloc. */
    private record Gone(int allocLine, String why) {}

    private final String source;
    private final TraceLines lines;
    private final AutoCloseable owned;
    private final TraceHeader header;
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private final IdSet used = new IdSet();
    private final Map<Long, Integer> live = new HashMap<>();
    private final Map<Long, Gone> gone = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Gone> eldest) {
            return size() > GONE_REMEMBERED;
        }
    };
    /** The allocation read last at the current level, whose rounds may still follow; {@code null} if none. */
    private TraceOp.Alloc pending;
    private int pendingRounds;
    private TraceEvent peeked;
    private Map<String, Long> counters = Map.of();
    private boolean ended;

    private TraceReader(String source, TraceLines lines, AutoCloseable owned) {
        this.source = source;
        this.lines = lines;
        this.owned = owned;
        Line first = nextLine();
        if (first == null) {
            throw error(Math.max(1, lines.lineNo()), "the trace is empty: expected the header line '" + TraceFormat.MAGIC
                    + " " + TraceFormat.VERSION + " space=... start=0x... size=0x... ...'");
        }
        this.header = header(first);
    }

    /**
     * Opens the trace in {@code file} (UTF-8) and reads its header.
     *
     * @throws IOException if it cannot be opened or read
     * @throws TraceFormatException if the header is bad
     */
    public static TraceReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return new TraceReader(file.toString(), TraceLines.of(file.toString(), in), in);
        } catch (UncheckedIOException e) {
            in.close();
            throw e.getCause();
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * A reader of already decoded text; closing the reader does not close {@code text}.
     *
     * @param source a name for messages (e.g. the file)
     * @throws IOException if reading fails
     * @throws TraceFormatException if the header is bad
     */
    public static TraceReader of(String source, Reader text) throws IOException {
        try {
            return new TraceReader(source, TraceLines.of(source, text), null);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where the trace comes from, for messages. */
    public String source() {
        return source;
    }

    /** The header, read when the reader was opened. */
    public TraceHeader header() {
        return header;
    }

    /** The number of the line read last (the lookahead's, after {@link #peek}). */
    public int lineNo() {
        return lines.lineNo();
    }

    /**
     * The next event, or {@code null} after the {@code end} line (then {@link #counters} holds the
     * counters line's values).
     *
     * @throws TraceFormatException at the first bad line
     * @throws UncheckedIOException if reading fails
     */
    public TraceEvent next() {
        TraceEvent e = peek();
        peeked = null;
        return e;
    }

    /** The event {@link #next} will return, without consuming it. */
    public TraceEvent peek() {
        if (peeked == null && !ended) {
            peeked = advance();
        }
        return peeked;
    }

    /** The counters line's values ({@code ops} first) once the end is reached; empty before, or if there is none. */
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            try {
                owned.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    // ---- structure ----------------------------------------------------------------------------

    private TraceEvent advance() {
        Line l = nextLine();
        if (l == null) {
            if (!open.isEmpty()) {
                Open o = open.peek();
                throw error(lines.lineNo() + 1, "the trace ends inside round " + o.number() + " begun at line " + o.beginLine()
                        + " (truncated?)");
            }
            throw error(lines.lineNo() + 1, "the trace ends without its 'end' line (truncated?)");
        }
        switch (l.words[0]) {
            case TraceFormat.ALLOC: {
                returned();
                TraceOp.Alloc a = alloc(l);
                if (!used.add(a.id())) {
                    throw error(l.no, "alloc id " + a.id() + " is already used by " + usedBy(a.id()));
                }
                pending = a;
                pendingRounds = 0;
                return new TraceEvent.Op(a, open.size());
            }
            case TraceFormat.FREE: {
                returned();
                TraceOp.Free f = free(l);
                if (live.remove(f.id()) == null) {
                    throw error(l.no, "free " + f.id() + ": there is no live area with id " + f.id() + " (" + whyNotLive(f.id()) + ")");
                }
                gone.put(f.id(), new Gone(0, "it was freed at line " + l.no));
                return new TraceEvent.Op(f, open.size());
            }
            case TraceFormat.PURGE:
                returned();
                return new TraceEvent.Op(purge(l), open.size());
            case TraceFormat.ROUND:
                if (l.word(2).equals("begin") && pending != null) {
                    return roundBegins(l);
                }
                if (l.word(2).equals("end") && !open.isEmpty()) {
                    return roundEnds(l);
                }
                throw error(l.no, q(l.text) + " does not follow an alloc line: the rounds of an allocation's "
                        + "overflow path come right after its alloc line"
                        + (open.isEmpty() ? "" : ", and round " + open.peek().number() + " begun at line "
                                + open.peek().beginLine() + " has not ended"));
            case TraceFormat.COUNTERS:
            case TraceFormat.END:
                if (!open.isEmpty()) {
                    throw error(l.no, "expected 'round " + open.peek().number() + " end freed=<n>' to close the round begun at line "
                            + open.peek().beginLine() + ", found " + q(l.text));
                }
                returned();
                trailer(l);
                return null;
            default:
                throw error(l.no, "expected alloc, free, purge, round, counters or end; found " + q(l.words[0]));
        }
    }

    private TraceEvent roundBegins(Line r) {
        int expected = pendingRounds + 1;
        if (r.words.length != 3) {
            throw error(r.no, "expected 'round <n> begin', found " + q(r.text));
        }
        int n = (int) decimal(r, "round number", r.word(1), 1, Integer.MAX_VALUE);
        if (n != expected) {
            throw error(r.no, "expected round " + expected + " of the allocation at line " + pending.line() + ", found round " + n);
        }
        if (pending.failure() != null && pending.failure() != Errno.EBUSY) {
            throw error(r.no, "an allocation that failed with " + pending.failure() + " runs no notifier rounds");
        }
        if (open.size() == MAX_DEPTH) {
            throw error(r.no, "the rounds nest deeper than " + MAX_DEPTH + " levels (an allocation inside a round of an "
                    + "allocation inside a round ...; round " + n + " of the allocation at line " + pending.line()
                    + " would be level " + (MAX_DEPTH + 1) + ")");
        }
        Open o = new Open(pending, n, r.no);
        open.push(o);
        pending = null;
        return new TraceEvent.RoundBegin(r.no, n, o.alloc());
    }

    private TraceEvent roundEnds(Line end) {
        Open o = open.peek();
        int n = o.number();
        if (end.words.length != 4 || !end.word(1).equals(Integer.toString(n)) || !end.word(3).startsWith("freed=")) {
            throw error(end.no, "expected 'round " + n + " end freed=<n>' to close the round begun at line " + o.beginLine()
                    + ", found " + q(end.text));
        }
        long freed = decimal(end, "freed", end.word(3).substring("freed=".length()), 0, Long.MAX_VALUE);
        returned();
        open.pop();
        pending = o.alloc();
        pendingRounds = n;
        return new TraceEvent.RoundEnd(end.no, n, freed, o.beginLine());
    }

    /** The pending allocation ran all its rounds: in execution order it returns now. */
    private void returned() {
        TraceOp.Alloc a = pending;
        if (a == null) {
            return;
        }
        pending = null;
        if (a.succeeded()) {
            live.put(a.id(), a.line());
        } else {
            gone.put(a.id(), new Gone(a.line(), "its allocation at line " + a.line() + " failed with " + a.failure()));
        }
    }

    private String usedBy(long id) {
        Integer line = live.get(id);
        if (line == null) {
            line = openAllocLine(id);
        }
        if (line == null && pending != null && pending.id() == id) {
            line = pending.line();
        }
        if (line == null && gone.get(id) != null && gone.get(id).allocLine() > 0) {
            line = gone.get(id).allocLine();
        }
        return line != null ? "the alloc at line " + line : "an earlier alloc line";
    }

    private String whyNotLive(long id) {
        Gone g = gone.get(id);
        if (g != null) {
            return g.why();
        }
        Integer running = openAllocLine(id);
        if (running != null) {
            return "its allocation at line " + running + " has not returned yet";
        }
        return used.contains(id) ? "its allocation failed or it was freed earlier in the trace" : "no alloc line has that id";
    }

    private Integer openAllocLine(long id) {
        for (Open o : open) {
            if (o.alloc().id() == id) {
                return o.alloc().line();
            }
        }
        return null;
    }

    private void trailer(Line l) {
        if (l.is(TraceFormat.COUNTERS)) {
            counters = Collections.unmodifiableMap(counters(l));
            l = nextLine();
            if (l == null) {
                throw error(lines.lineNo() + 1, "the trace ends without its 'end' line (truncated?)");
            }
        }
        if (!l.is(TraceFormat.END) || l.words.length != 1) {
            throw error(l.no, "expected 'end' after the counters line, found " + q(l.text));
        }
        Line after = nextLine();
        if (after != null) {
            throw error(after.no, "nothing may follow the 'end' line (line " + l.no + "), found " + q(after.text));
        }
        ended = true;
    }

    // ---- lines --------------------------------------------------------------------------------

    /** The next line that is neither blank nor a comment, split into words; {@code null} at the end. */
    private Line nextLine() {
        for (;;) {
            String raw;
            try {
                raw = lines.next();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
            }
            if (raw == null) {
                return null;
            }
            int indent = 0;
            while (indent < raw.length() && raw.charAt(indent) == ' ') {
                indent++;
            }
            if (indent == raw.length() || raw.charAt(indent) == '#') {
                continue;
            }
            String text = indent == 0 ? raw : raw.substring(indent);
            return new Line(lines.lineNo(), words(text, indent), text);
        }
    }

    /** Splits at single spaces; tabs, control characters, double and trailing spaces are errors. */
    private String[] words(String text, int indent) {
        List<String> words = new ArrayList<>(10);
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                if (i == n - 1) {
                    throw error(lines.lineNo(), "a trailing space at column " + (indent + i + 1)
                            + " (words are separated by single spaces, and nothing follows the last word)");
                }
                if (i == start) {
                    throw error(lines.lineNo(), "two spaces at column " + (indent + i)
                            + " (words are separated by single spaces)");
                }
                words.add(text.substring(start, i));
                start = i + 1;
            } else if (c < 0x20 || c == 0x7f) {
                throw error(lines.lineNo(), (c == '\t' ? "a tab" : String.format("a control character (U+%04X)", (int) c))
                        + " at column " + (indent + i + 1) + " (words are separated by single spaces)");
            }
        }
        words.add(text.substring(start));
        return words.toArray(new String[0]);
    }

    // ---- header -------------------------------------------------------------------------------

    private TraceHeader header(Line l) {
        if (!l.is(TraceFormat.MAGIC)) {
            throw error(l.no, "expected the header '" + TraceFormat.MAGIC + " " + TraceFormat.VERSION
                    + " space=...' as the first line, found " + q(l.text));
        }
        if (!DECIMAL.matcher(l.word(1)).matches() || l.word(1).length() > 9) {
            throw error(l.no, "expected the format version after '" + TraceFormat.MAGIC + "', found " + q(l.word(1)));
        }
        int version = Integer.parseInt(l.word(1));
        if (version != TraceFormat.VERSION) {
            throw error(l.no, "format version " + version + " is not supported; this vmapkit reads version "
                    + TraceFormat.VERSION);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 2; i < l.words.length; i++) {
            String w = l.words[i];
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw error(l.no, "expected key=value in the header, found " + q(w));
            }
            String key = w.substring(0, eq);
            if (!KNOWN_HEADER_KEYS.contains(key)) {
                throw error(l.no, "unknown header key " + q(key) + " (known: " + String.join(", ", KNOWN_HEADER_KEYS) + ")");
            }
            if (kv.put(key, w.substring(eq + 1)) != null) {
                throw error(l.no, "header key " + q(key) + " appears twice");
            }
        }
        for (String key : HEADER_KEYS) {
            if (!kv.containsKey(key)) {
                throw error(l.no, "the header lacks '" + key + "=' (it needs " + String.join(", ", HEADER_KEYS) + ")");
            }
        }
        if (!kv.get("lazy-purge").equals("sync")) {
            throw error(l.no, "lazy-purge=" + excerpt(kv.get("lazy-purge")) + " cannot be replayed: a trace needs lazy-purge=sync "
                    + "(background drains run at moments a trace does not record)");
        }
        long start = hexValue(l, "start", kv.get("start"));
        long size = hexValue(l, "size", kv.get("size"));
        int pageSize = (int) decimal(l, "page-size", kv.get("page-size"), 1, Integer.MAX_VALUE);
        AddressSpace space;
        try {
            space = AddressSpace.of(unword(l, "space", kv.get("space")), start, size, pageSize);
        } catch (IllegalArgumentException e) {
            throw error(l.no, "the header's address space is invalid: " + e.getMessage());
        }
        int ncpus = (int) decimal(l, "ncpus", kv.get("ncpus"), 1, Integer.MAX_VALUE);
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : kv.entrySet()) {
            if (TraceHeader.FIXED_KEYS.contains(e.getKey())) {
                continue;
            }
            String full = TraceHeader.SETTING_PREFIX + e.getKey();
            Setting<?> setting = ALLOCATOR_SETTINGS.get(full);
            String written = unword(l, e.getKey(), e.getValue());
            String value;
            try {
                value = canonical(setting, written);
            } catch (IllegalArgumentException ex) {
                value = null;
            }
            if (!written.equals(value)) {
                throw error(l.no, settingError(e.getKey(), setting, written, value));
            }
            // an optional key at its default reads like an absent one (format version 1)
            if (TraceHeader.REQUIRED_SETTINGS.contains(e.getKey()) || !value.equals(setting.defaultText())) {
                settings.put(full, value);
            }
        }
        String allocator = unword(l, "allocator", kv.get("allocator"));
        if (allocator.isEmpty()) {
            throw error(l.no, "the header names no allocator");
        }
        return new TraceHeader(space, allocator, ncpus, settings, unword(l, "policy", kv.get("policy")));
    }

    /**
     * Why {@code written} is not a header value of {@code setting}: a trace holds every value exactly
     * as the setting writes it ({@code canonical}: {@code null} if it does not parse at all).
     */
    private static String settingError(String key, Setting<?> setting, String written, String canonical) {
        boolean numeric = setting.type() == Integer.class || setting.type() == Long.class;
        if (numeric && written.matches("-?[0-9]+") && canonical == null) {
            return key + " " + written + " is out of range";
        }
        if (!numeric && !setting.validValues().isEmpty()) {
            return "expected " + key + "=" + String.join("|", setting.validValues()) + ", found '" + written + "'";
        }
        return "expected " + key + " as written by vmapkit (" + setting.key() + ", default " + setting.defaultText()
                + "), found '" + written + "'";
    }

    /** {@code text} as {@code setting} writes it back ({@code TRUE} as {@code true}). */
    private static <T> String canonical(Setting<T> setting, String text) {
        return setting.format(setting.parse(text, "trace header"));
    }

    /**
     * The allocator settings a header may carry, by full key: those every allocator provider found
     * from this class's loader declares (a key is known if some provider declares it; replay checks
     * it against the trace's own allocator).
     */
    private static Map<String, Setting<?>> allocatorSettings() {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        Iterator<AllocatorProvider> it = ServiceLoader.load(AllocatorProvider.class, TraceReader.class.getClassLoader()).iterator();
        for (int errors = 0; errors < 100; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                it.next().settings().stream().filter(x -> x.key().startsWith(TraceHeader.SETTING_PREFIX))
                        .forEach(x -> m.putIfAbsent(x.key(), x));
            } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                errors++; // a broken entry: replay reports the allocator it needs
            }
        }
        return m;
    }

    private static List<String> knownKeys() {
        List<String> keys = new ArrayList<>(TraceHeader.REQUIRED_KEYS);
        ALLOCATOR_SETTINGS.keySet().forEach(k -> {
            String key = k.substring(TraceHeader.SETTING_PREFIX.length());
            if (!keys.contains(key)) {
                keys.add(key);
            }
        });
        return List.copyOf(keys);
    }

    // ---- operations ---------------------------------------------------------------------------

    private TraceOp.Alloc alloc(Line l) {
        if (l.words.length != 9) {
            throw error(l.no, "an alloc line has 9 words, " + ALLOC_SHAPE + "; found " + l.words.length);
        }
        long id = id(l, l.word(1));
        long size = hexValue(l, "size", field(l, 2, "size"));
        long align = hexValue(l, "align", field(l, 3, "align"));
        String window = field(l, 4, "window");
        String flags = field(l, 5, "flags");
        String owner = unword(l, "owner", field(l, 6, "owner"));
        if (!l.word(7).equals(TraceFormat.ARROW)) {
            throw error(l.no, "expected '->' as word 8 of the alloc line, found " + q(l.word(7)));
        }
        VmapRequest.Builder b = VmapRequest.builder(size).align(align).owner(owner);
        if (!window.equals(TraceFormat.NONE)) {
            int dash = window.indexOf('-');
            if (dash < 0) {
                throw error(l.no, "expected window=- or window=0x<start>-0x<end>, found " + q("window=" + window));
            }
            b.window(hexValue(l, "window start", window.substring(0, dash)), hexValue(l, "window end", window.substring(dash + 1)));
        }
        if (!flags.equals(TraceFormat.NONE)) {
            Set<AllocFlag> seen = EnumSet.noneOf(AllocFlag.class);
            for (String f : flags.split(",", -1)) {
                AllocFlag flag;
                try {
                    flag = AllocFlag.valueOf(f);
                } catch (IllegalArgumentException e) {
                    throw error(l.no, "unknown flag " + q(f) + " in " + q("flags=" + flags) + " (known: "
                            + Arrays.toString(AllocFlag.values()) + "; write flags=- for none)");
                }
                if (!seen.add(flag)) {
                    throw error(l.no, "flag " + f + " appears twice in " + q("flags=" + flags));
                }
                b.flags(flag);
            }
        }
        VmapRequest request;
        try {
            request = b.build();
        } catch (IllegalArgumentException e) {
            throw error(l.no, "the request cannot be built: " + e.getMessage());
        }
        String result = l.word(8);
        long address = 0;
        Errno failure = null;
        switch (result) {
            case "EBUSY": failure = Errno.EBUSY; break;
            case "ENOMEM": failure = Errno.ENOMEM; break;
            case "EINVAL": failure = Errno.EINVAL; break;
            default:
                try {
                    address = TraceFormat.parseHex(result);
                } catch (NumberFormatException e) {
                    throw error(l.no, "expected the result 0x<address>, EBUSY, ENOMEM or EINVAL after '->', found " + q(result));
                }
                canonicalHex(l, "the result", result, address);
        }
        return new TraceOp.Alloc(l.no, id, request, address, failure, List.of());
    }

    private TraceOp.Free free(Line l) {
        if (l.words.length != 2) {
            throw error(l.no, "expected 'free <id>', found " + q(l.text));
        }
        return new TraceOp.Free(l.no, id(l, l.word(1)));
    }

    private TraceOp.Purge purge(Line l) {
        if (l.words.length != 3 || !l.word(1).equals(TraceFormat.ARROW)
                || !(l.word(2).equals("true") || l.word(2).equals("false"))) {
            throw error(l.no, "expected 'purge -> true' or 'purge -> false', found " + q(l.text));
        }
        return new TraceOp.Purge(l.no, Boolean.parseBoolean(l.word(2)));
    }

    private Map<String, Long> counters(Line l) {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (!l.word(1).startsWith("ops=")) {
            throw error(l.no, "expected 'counters ops=<n> <name>=<n> ...', found " + q(l.text));
        }
        for (int i = 1; i < l.words.length; i++) {
            String w = l.words[i];
            int eq = w.indexOf('=');
            String key = eq > 0 ? w.substring(0, eq) : "";
            if (!COUNTER_KEY.matcher(key).matches()) {
                throw error(l.no, "expected <name>=<n> in the counters line, found " + q(w));
            }
            long v = decimal(l, key, w.substring(eq + 1), Long.MIN_VALUE, Long.MAX_VALUE);
            if (counters.put(key, v) != null) {
                throw error(l.no, "counter " + q(key) + " appears twice");
            }
        }
        return counters;
    }

    // ---- values -------------------------------------------------------------------------------

    private String field(Line l, int index, String key) {
        String w = l.word(index);
        if (!w.startsWith(key + "=")) {
            throw error(l.no, "expected " + key + "=... as word " + (index + 1) + " of the alloc line, found " + q(w));
        }
        return w.substring(key.length() + 1);
    }

    private long id(Line l, String text) {
        return decimal(l, "id", text, 1, Long.MAX_VALUE);
    }

    /** {@code 0x} and lower-case hex without leading zeros, exactly as the writer writes it. */
    private long hexValue(Line l, String what, String text) {
        long v;
        try {
            v = TraceFormat.parseHex(text);
        } catch (NumberFormatException e) {
            throw error(l.no, "expected " + what + " as 0x<hex>, found " + q(text));
        }
        canonicalHex(l, what, text, v);
        return v;
    }

    private void canonicalHex(Line l, String what, String text, long v) {
        if (!TraceFormat.hex(v).equals(text)) {
            throw error(l.no, "expected " + what + " as 0x<hex> without leading zeros (" + TraceFormat.hex(v) + "), found " + q(text));
        }
    }

    /** Digits without {@code +}, leading zeros or {@code -0}; a negative value is then out of a non-negative range. */
    private long decimal(Line l, String what, String text, long min, long max) {
        long v;
        try {
            if (!SIGNED_DECIMAL.matcher(text).matches()) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(l.no, "expected " + what + " as a decimal number, found " + q(text)
                    + (text.matches("[-+]?[0-9]+") ? " (written without '+', leading zeros or '-0')" : ""));
        }
        if (v < min || v > max) {
            throw error(l.no, what + " " + v + " is out of range (" + min + " to " + max + ")");
        }
        return v;
    }


    /**
     * A name as the writer encodes it ({@link TraceFormat#word}): not empty ({@code -} is "none"),
     * valid %-escapes, and exactly the writer's encoding of what it decodes to.
     */
    private String unword(Line l, String key, String text) {
        if (text.isEmpty()) {
            throw error(l.no, key + "= has no value (write " + key + "=- for none)");
        }
        String decoded;
        try {
            decoded = TraceFormat.unword(text);
        } catch (IllegalArgumentException e) {
            throw error(l.no, "bad %-escape in " + q(text));
        }
        String canonical = TraceFormat.word(decoded);
        if (!canonical.equals(text)) {
            throw error(l.no, key + "=" + excerpt(text) + " is not encoded as the writer encodes it (" + excerpt(canonical)
                    + "): letters, digits and . - * _ as they are, a space as +, anything else as %XX");
        }
        return decoded;
    }

    /** {@code text}, or its first {@value #EXCERPT} characters and its length if it is longer. */
    static String excerpt(String text) {
        if (text.length() <= EXCERPT + 20) {
            return text;
        }
        return text.substring(0, EXCERPT) + "... (" + text.length() + " characters)";
    }

    /** {@code 'text'}, bounded. */
    private static String q(String text) {
        return "'" + excerpt(text) + "'";
    }

    private TraceFormatException error(int line, String problem) {
        return new TraceFormatException(source, line, problem);
    }
}
