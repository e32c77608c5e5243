package io.vmapkit.trace;

import io.vmapkit.api.Errno;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a trace (format version {@value TraceFormat#VERSION}, see {@code docs/trace-format.md}) and
 * checks it before anything runs: every line's shape, round numbering and nesting, and the ids —
 * each alloc id is unique, and a free names an area that is live at that point (in execution order,
 * where a round's operations happen before the allocation that ran it returns).
 *
 * <p>Every problem is a {@link TraceFormatException} naming the line and what was expected. Not
 * thread-safe; one parser reads one trace.
 */
public final class TraceParser {

    private static final Pattern COUNTER_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String ALLOC_SHAPE = "alloc <id> size=0x<hex> align=0x<hex> window=-|0x<start>-0x<end> "
            + "flags=-|<FLAG>,... owner=-|<name> -> 0x<address>|EBUSY|ENOMEM|EINVAL";
    private static final List<String> HEADER_KEYS = TraceHeader.REQUIRED_KEYS;
    private static final List<String> KNOWN_HEADER_KEYS = concat(TraceHeader.REQUIRED_KEYS, TraceHeader.OPTIONAL_KEYS);

    /** One non-blank, non-comment line. */
    private record Line(int no, String[] words, String text) {
        String word(int i) {
            return i < words.length ? words[i] : "";
        }

        boolean is(String keyword) {
            return words[0].equals(keyword);
        }
    }

    private final String source;
    private final List<Line> lines = new ArrayList<>();
    private final int lastLineNo;
    private int pos;

    private TraceParser(String source, List<String> raw) {
        this.source = source;
        for (int i = 0; i < raw.size(); i++) {
            String t = raw.get(i).strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(new Line(i + 1, t.split("\\s+"), t));
            }
        }
        this.lastLineNo = raw.size();
    }

    /**
     * Reads and checks the trace in {@code file} (UTF-8).
     *
     * @throws IOException if it cannot be read
     * @throws TraceFormatException naming the first bad line
     */
    public static Trace parse(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r);
        }
    }

    /**
     * Reads and checks a trace.
     *
     * @param source a name for messages (e.g. the file)
     * @throws IOException if reading fails
     * @throws TraceFormatException naming the first bad line
     */
    public static Trace parse(String source, Reader reader) throws IOException {
        List<String> raw = new ArrayList<>();
        BufferedReader br = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        for (String l = br.readLine(); l != null; l = br.readLine()) {
            raw.add(l);
        }
        return new TraceParser(source, raw).trace();
    }

    private Trace trace() {
        Line first = next();
        if (first == null) {
            throw error(Math.max(1, lastLineNo), "the trace is empty: expected the header line '" + TraceFormat.MAGIC
                    + " " + TraceFormat.VERSION + " space=... start=0x... size=0x... ...'");
        }
        TraceHeader header = header(first);
        List<TraceOp> ops = ops(null);
        Map<String, Long> counters = Map.of();
        Line l = peek();
        if (l != null && l.is(TraceFormat.COUNTERS)) {
            pos++;
            counters = counters(l);
            l = peek();
        }
        if (l == null) {
            throw error(lastLineNo + 1, "the trace ends without its 'end' line (truncated?)");
        }
        if (!l.is(TraceFormat.END) || l.words.length != 1) {
            throw error(l.no, "expected 'end' after the counters line, found '" + l.text + "'");
        }
        pos++;
        Line after = next();
        if (after != null) {
            throw error(after.no, "nothing may follow the 'end' line (line " + l.no + "), found '" + after.text + "'");
        }
        check(ops);
        return new Trace(source, header, ops, counters, lastLineNo);
    }

    // ---- header -------------------------------------------------------------------------------

    private TraceHeader header(Line l) {
        if (!l.is(TraceFormat.MAGIC)) {
            throw error(l.no, "expected the header '" + TraceFormat.MAGIC + " " + TraceFormat.VERSION
                    + " space=...' as the first line, found '" + l.text + "'");
        }
        int version;
        try {
            version = Integer.parseInt(l.word(1));
        } catch (NumberFormatException e) {
            throw error(l.no, "expected the format version after '" + TraceFormat.MAGIC + "', found '" + l.word(1) + "'");
        }
        if (version != TraceFormat.VERSION) {
            throw error(l.no, "format version " + version + " is not supported; this vmapkit reads version "
                    + TraceFormat.VERSION);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 2; i < l.words.length; i++) {
            String w = l.words[i];
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw error(l.no, "expected key=value in the header, found '" + w + "'");
            }
            String key = w.substring(0, eq);
            if (!KNOWN_HEADER_KEYS.contains(key)) {
                throw error(l.no, "unknown header key '" + key + "' (known: " + String.join(", ", KNOWN_HEADER_KEYS) + ")");
            }
            if (kv.put(key, w.substring(eq + 1)) != null) {
                throw error(l.no, "header key '" + key + "' appears twice");
            }
        }
        for (String key : HEADER_KEYS) {
            if (!kv.containsKey(key)) {
                throw error(l.no, "the header lacks '" + key + "=' (it needs " + String.join(", ", HEADER_KEYS) + ")");
            }
        }
        if (!kv.get("lazy-purge").equals("sync")) {
            throw error(l.no, "lazy-purge=" + kv.get("lazy-purge") + " cannot be replayed: a trace needs lazy-purge=sync "
                    + "(background drains run at moments a trace does not record)");
        }
        long start = hexValue(l, "start", kv.get("start"));
        long size = hexValue(l, "size", kv.get("size"));
        int pageSize = (int) decimal(l, "page-size", kv.get("page-size"), 1, Integer.MAX_VALUE);
        AddressSpace space;
        try {
            space = AddressSpace.of(unword(l, kv.get("space")), start, size, pageSize);
        } catch (IllegalArgumentException e) {
            throw error(l.no, "the header's address space is invalid: " + e.getMessage());
        }
        int ncpus = (int) decimal(l, "ncpus", kv.get("ncpus"), 1, Integer.MAX_VALUE);
        long lazyMax = decimal(l, "lazy-max-pages", kv.get("lazy-max-pages"), 1, Long.MAX_VALUE);
        String roundsText = kv.get("max-notifier-rounds");
        int rounds = roundsText.equals("unlimited") ? AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS
                : (int) decimal(l, "max-notifier-rounds", roundsText, 1, Integer.MAX_VALUE);
        boolean skips = bool(l, "non-blocking-skips-notifier", kv.get("non-blocking-skips-notifier"));
        boolean rejectImpossible = kv.containsKey("reject-impossible")
                ? bool(l, "reject-impossible", kv.get("reject-impossible")) : TraceHeader.DEFAULT_REJECT_IMPOSSIBLE;
        boolean trylock = kv.containsKey("non-blocking-purge-trylock")
                ? bool(l, "non-blocking-purge-trylock", kv.get("non-blocking-purge-trylock"))
                : TraceHeader.DEFAULT_NON_BLOCKING_PURGE_TRYLOCK;
        FreeTreeSearch search = kv.containsKey("free-tree-search") ? freeTreeSearch(l, kv.get("free-tree-search"))
                : TraceHeader.DEFAULT_FREE_TREE_SEARCH;
        String allocator = unword(l, kv.get("allocator"));
        if (allocator.isEmpty()) {
            throw error(l.no, "the header names no allocator");
        }
        return new TraceHeader(space, allocator, ncpus, lazyMax, rounds, skips, rejectImpossible, trylock, search,
                unword(l, kv.get("policy")));
    }

    // ---- operations ---------------------------------------------------------------------------

    /**
     * Operations until the end of the enclosing round (the {@code round N end} line is left for the
     * caller), or at top level until {@code counters}/{@code end}.
     *
     * @param round the enclosing round's begin line and number, {@code null} at top level
     */
    private List<TraceOp> ops(int[] round) {
        List<TraceOp> ops = new ArrayList<>();
        for (;;) {
            Line l = peek();
            if (l == null) {
                if (round != null) {
                    throw error(lastLineNo + 1, "the trace ends inside round " + round[1] + " begun at line " + round[0]
                            + " (truncated?)");
                }
                return ops;
            }
            switch (l.words[0]) {
                case TraceFormat.ALLOC:
                    pos++;
                    ops.add(alloc(l));
                    break;
                case TraceFormat.FREE:
                    pos++;
                    ops.add(free(l));
                    break;
                case TraceFormat.PURGE:
                    pos++;
                    ops.add(purge(l));
                    break;
                case TraceFormat.ROUND:
                    if (round != null && l.word(2).equals("end")) {
                        return ops;
                    }
                    throw error(l.no, "'" + l.text + "' does not follow an alloc line: the rounds of an allocation's "
                            + "overflow path come right after its alloc line"
                            + (round == null ? "" : ", and round " + round[1] + " begun at line " + round[0] + " has not ended"));
                case TraceFormat.COUNTERS:
                case TraceFormat.END:
                    if (round != null) {
                        throw error(l.no, "expected 'round " + round[1] + " end freed=<n>' to close the round begun at line "
                                + round[0] + ", found '" + l.text + "'");
                    }
                    return ops;
                default:
                    throw error(l.no, "expected alloc, free, purge, round, counters or end; found '" + l.words[0] + "'");
            }
        }
    }

    private TraceOp.Alloc alloc(Line l) {
        if (l.words.length != 9) {
            throw error(l.no, "an alloc line has 9 words, " + ALLOC_SHAPE + "; found " + l.words.length);
        }
        long id = id(l, l.word(1));
        long size = hexValue(l, "size", field(l, 2, "size"));
        long align = hexValue(l, "align", field(l, 3, "align"));
        String window = field(l, 4, "window");
        String flags = field(l, 5, "flags");
        String owner = unword(l, field(l, 6, "owner"));
        if (!l.word(7).equals(TraceFormat.ARROW)) {
            throw error(l.no, "expected '->' as word 8 of the alloc line, found '" + l.word(7) + "'");
        }
        VmapRequest.Builder b = VmapRequest.builder(size).align(align).owner(owner);
        if (!window.equals(TraceFormat.NONE)) {
            int dash = window.indexOf('-');
            if (dash < 0) {
                throw error(l.no, "expected window=- or window=0x<start>-0x<end>, found 'window=" + window + "'");
            }
            b.window(hexValue(l, "window start", window.substring(0, dash)), hexValue(l, "window end", window.substring(dash + 1)));
        }
        if (!flags.equals(TraceFormat.NONE)) {
            for (String f : flags.split(",")) {
                try {
                    b.flags(AllocFlag.valueOf(f));
                } catch (IllegalArgumentException e) {
                    throw error(l.no, "unknown flag '" + f + "' (known: " + Arrays.toString(AllocFlag.values()) + ")");
                }
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
                    throw error(l.no, "expected the result 0x<address>, EBUSY, ENOMEM or EINVAL after '->', found '" + result + "'");
                }
        }
        List<TraceOp.Round> rounds = new ArrayList<>();
        for (Line r = peek(); r != null && r.is(TraceFormat.ROUND) && r.word(2).equals("begin"); r = peek()) {
            int expected = rounds.size() + 1;
            if (r.words.length != 3) {
                throw error(r.no, "expected 'round <n> begin', found '" + r.text + "'");
            }
            int n = (int) decimal(r, "round number", r.word(1), 1, Integer.MAX_VALUE);
            if (n != expected) {
                throw error(r.no, "expected round " + expected + " of the allocation at line " + l.no + ", found round " + n);
            }
            pos++;
            List<TraceOp> inner = ops(new int[] {r.no, n});
            Line end = peek(); // ops() returned at a 'round ... end' line
            if (end.words.length != 4 || !end.word(1).equals(Integer.toString(n)) || !end.word(3).startsWith("freed=")) {
                throw error(end.no, "expected 'round " + n + " end freed=<n>' to close the round begun at line " + r.no
                        + ", found '" + end.text + "'");
            }
            pos++;
            long freed = decimal(end, "freed", end.word(3).substring("freed=".length()), 0, Long.MAX_VALUE);
            rounds.add(new TraceOp.Round(r.no, end.no, n, inner, freed));
        }
        if (failure != null && failure != Errno.EBUSY && !rounds.isEmpty()) {
            throw error(rounds.get(0).line(), "an allocation that failed with " + failure + " runs no notifier rounds");
        }
        return new TraceOp.Alloc(l.no, id, request, address, failure, rounds);
    }

    private TraceOp.Free free(Line l) {
        if (l.words.length != 2) {
            throw error(l.no, "expected 'free <id>', found '" + l.text + "'");
        }
        return new TraceOp.Free(l.no, id(l, l.word(1)));
    }

    private TraceOp.Purge purge(Line l) {
        if (l.words.length != 3 || !l.word(1).equals(TraceFormat.ARROW)
                || !(l.word(2).equals("true") || l.word(2).equals("false"))) {
            throw error(l.no, "expected 'purge -> true' or 'purge -> false', found '" + l.text + "'");
        }
        return new TraceOp.Purge(l.no, Boolean.parseBoolean(l.word(2)));
    }

    private Map<String, Long> counters(Line l) {
        Map<String, Long> counters = new LinkedHashMap<>();
        if (!l.word(1).startsWith("ops=")) {
            throw error(l.no, "expected 'counters ops=<n> <name>=<n> ...', found '" + l.text + "'");
        }
        for (int i = 1; i < l.words.length; i++) {
            String w = l.words[i];
            int eq = w.indexOf('=');
            String key = eq > 0 ? w.substring(0, eq) : "";
            if (!COUNTER_KEY.matcher(key).matches()) {
                throw error(l.no, "expected <name>=<n> in the counters line, found '" + w + "'");
            }
            long v = decimal(l, key, w.substring(eq + 1), Long.MIN_VALUE, Long.MAX_VALUE);
            if (counters.put(key, v) != null) {
                throw error(l.no, "counter '" + key + "' appears twice");
            }
        }
        return counters;
    }

    // ---- ids, in execution order ----------------------------------------------------------------

    private void check(List<TraceOp> ops) {
        new IdCheck().walk(ops);
    }

    /** Walks operations in execution order: a round's operations before its allocation completes. */
    private final class IdCheck {
        private final Map<Long, Integer> allocLine = new HashMap<>();
        private final Map<Long, Integer> live = new HashMap<>();
        private final Map<Long, String> gone = new HashMap<>();

        void walk(List<TraceOp> ops) {
            for (TraceOp op : ops) {
                if (op instanceof TraceOp.Alloc a) {
                    Integer before = allocLine.putIfAbsent(a.id(), a.line());
                    if (before != null) {
                        throw error(a.line(), "alloc id " + a.id() + " is already used by the alloc at line " + before);
                    }
                    for (TraceOp.Round r : a.rounds()) {
                        walk(r.ops());
                    }
                    if (a.succeeded()) {
                        live.put(a.id(), a.line());
                    } else {
                        gone.put(a.id(), "its allocation at line " + a.line() + " failed with " + a.failure());
                    }
                } else if (op instanceof TraceOp.Free f) {
                    if (live.remove(f.id()) == null) {
                        String why;
                        if (gone.containsKey(f.id())) {
                            why = gone.get(f.id());
                        } else if (allocLine.containsKey(f.id())) {
                            why = "its allocation at line " + allocLine.get(f.id()) + " has not returned yet";
                        } else {
                            why = "no alloc line has that id";
                        }
                        throw error(f.line(), "free " + f.id() + ": there is no live area with id " + f.id() + " (" + why + ")");
                    }
                    gone.put(f.id(), "it was freed at line " + f.line());
                }
            }
        }
    }

    // ---- values -------------------------------------------------------------------------------

    private String field(Line l, int index, String key) {
        String w = l.word(index);
        if (!w.startsWith(key + "=")) {
            throw error(l.no, "expected " + key + "=... as word " + (index + 1) + " of the alloc line, found '" + w + "'");
        }
        return w.substring(key.length() + 1);
    }

    private long id(Line l, String text) {
        return decimal(l, "id", text, 1, Long.MAX_VALUE);
    }

    private long hexValue(Line l, String what, String text) {
        try {
            return TraceFormat.parseHex(text);
        } catch (NumberFormatException e) {
            throw error(l.no, "expected " + what + " as 0x<hex>, found '" + text + "'");
        }
    }

    private long decimal(Line l, String what, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error(l.no, "expected " + what + " as a decimal number, found '" + text + "'");
        }
        if (v < min || v > max) {
            throw error(l.no, what + " " + v + " is out of range (" + min + " to " + max + ")");
        }
        return v;
    }

    /** {@code true} or {@code false}, exactly. */
    private boolean bool(Line l, String key, String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw error(l.no, "expected " + key + "=true|false, found '" + text + "'");
        }
        return text.equals("true");
    }

    /** A free-tree search length spelled exactly as {@link FreeTreeSearch#value()}. */
    private FreeTreeSearch freeTreeSearch(Line l, String text) {
        for (FreeTreeSearch s : FreeTreeSearch.values()) {
            if (s.value().equals(text)) {
                return s;
            }
        }
        throw error(l.no, "expected free-tree-search=" + String.join("|", Arrays.stream(FreeTreeSearch.values())
                .map(FreeTreeSearch::value).toList()) + ", found '" + text + "'");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private String unword(Line l, String text) {
        try {
            return TraceFormat.unword(text);
        } catch (IllegalArgumentException e) {
            throw error(l.no, "bad %-escape in '" + text + "'");
        }
    }

    private Line peek() {
        return pos < lines.size() ? lines.get(pos) : null;
    }

    private Line next() {
        Line l = peek();
        if (l != null) {
            pos++;
        }
        return l;
    }

    private TraceFormatException error(int line, String problem) {
        return new TraceFormatException(source, line, problem);
    }
}
