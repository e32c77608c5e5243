package io.vmapkit.plugins.generic.vmallocinfo;

import io.vmapkit.api.spi.PluginSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code /proc/vmallocinfo} as the kernel prints it ({@code vmalloc_info_show} in
 * {@code mm/vmalloc.c}), strictly. Each line is one of
 * <pre>
 * 0xSTART-0xEND    SIZE [CALLER [\[module\]]] [pages=N] [phys=0xADDR] [ioremap] [sparse] [vmalloc] [vmap] [user] [dma-coherent] [vpages] [N0=n N1=n ...]
 * 0xSTART-0xEND    SIZE vm_map_ram
 * 0xSTART-0xEND    SIZE unpurged vm_area
 * </pre>
 * where the addresses have 8 or 16 lower-case hex digits (both the same width), SIZE is a decimal
 * byte count greater than 0 (right-aligned in 7 columns by the kernel: one or more spaces precede
 * it), CALLER is {@code symbol+0xOFF/0xLEN} or a bare {@code 0xHEX}, optionally followed by the
 * module in brackets, {@code pages} and the NUMA counts are positive decimals, and every part after
 * SIZE is separated by exactly one space, in the order shown, each at most once. Lines that begin
 * with {@code #} are comments (a vmapkit addition for hand-written files; the kernel never prints
 * them).
 *
 * <p>Refused, with a {@link VmallocInfoException} naming {@code source:line}, the column and the bad
 * token: empty lines, tabs, carriage returns, other bytes outside printable ASCII, trailing or
 * doubled spaces, unknown tokens (with the nearest known one when it looks like a typo), parts out of
 * order or repeated, malformed numbers, and a source with no area at all.
 *
 * <p>Stateless and thread-safe; a parse reads its input once, line by line.
 */
public final class VmallocInfoParser {

    /** The type flags, in the order the kernel prints them. */
    public static final List<String> FLAGS = List.of("ioremap", "sparse", "vmalloc", "vmap", "user", "dma-coherent", "vpages");

    private static final Pattern RANGE = Pattern.compile("0x([0-9a-f]{8}|[0-9a-f]{16})-0x([0-9a-f]{8}|[0-9a-f]{16})");
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern CALLER = Pattern.compile("[A-Za-z_.$][A-Za-z0-9_.$]*\\+0x[0-9a-f]+/0x[0-9a-f]+|0x[0-9a-f]+");
    private static final Pattern MODULE = Pattern.compile("\\[[A-Za-z0-9_]+\\]");
    private static final Pattern PAGES = Pattern.compile("pages=([1-9][0-9]{0,18})");
    private static final Pattern PHYS = Pattern.compile("phys=0x([0-9a-f]{8}|[0-9a-f]{16})");
    private static final Pattern NUMA = Pattern.compile("N([0-9]{1,9})=([1-9][0-9]{0,18})");

    /** The parts of an area line after the size, in order; a part may not follow a later one. */
    private static final int CALLER_PART = 0;
    private static final int MODULE_PART = 1;
    private static final int PAGES_PART = 2;
    private static final int PHYS_PART = 3;
    private static final int FIRST_FLAG_PART = 4;
    private static final int NUMA_PART = FIRST_FLAG_PART + FLAGS.size();

    private static final String ORDER = "the kernel prints CALLER [module], pages=, phys=, then "
            + String.join(" ", FLAGS) + ", then N<node>=, in that order, each at most once";

    private VmallocInfoParser() {}

    /**
     * Parses {@code in} (ASCII text, read to its end; not closed).
     *
     * @param source what to call the input in messages: a path or {@code classpath:NAME}
     * @throws VmallocInfoException for the first bad line, or an input with no area line
     */
    public static VmallocInfo parse(String source, InputStream in) {
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
        List<VmallocEntry> entries = new ArrayList<>();
        int n = 0;
        try {
            StringBuilder line = new StringBuilder();
            boolean pending = false;
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                if (c == '\n') {
                    VmallocEntry e = parseLine(source, ++n, line.toString());
                    if (e != null) {
                        entries.add(e);
                    }
                    line.setLength(0);
                    pending = false;
                } else {
                    line.append((char) c);
                    pending = true;
                }
            }
            if (pending) { // a last line without its line feed
                VmallocEntry e = parseLine(source, ++n, line.toString());
                if (e != null) {
                    entries.add(e);
                }
            }
        } catch (IOException e) {
            throw new VmallocInfoException(source, n + 1, "cannot read: " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new VmallocInfoException(source, 0, "no area: expected lines such as "
                    + "'0xffffc90000000000-0xffffc90000005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4'");
        }
        return new VmallocInfo(source, entries, addressKind(entries));
    }

    /** Parses text given as a string (tests, hand-written layouts). */
    public static VmallocInfo parse(String source, String text) {
        return parse(source, new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static AddressKind addressKind(List<VmallocEntry> entries) {
        if (entries.stream().allMatch(e -> e.start() == 0 && e.end() == 0)) {
            return AddressKind.ZEROED;
        }
        return entries.stream().allMatch(e -> e.start() != 0 && e.end() - e.start() == e.size())
                ? AddressKind.REAL : AddressKind.HASHED;
    }

    /** One line, or {@code null} for a comment. */
    static VmallocEntry parseLine(String source, int n, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                throw bad(source, n, i, "a tab: parts are separated by spaces");
            }
            if (c == '\r') {
                throw bad(source, n, i, "a carriage return: lines end with a line feed only");
            }
            if (c < 0x20 || c > 0x7e) {
                throw bad(source, n, i, String.format("byte 0x%02x, which is not printable ASCII", (int) c));
            }
        }
        if (text.isEmpty()) {
            throw new VmallocInfoException(source, n, "empty line");
        }
        if (text.startsWith("#")) {
            return null;
        }
        if (text.endsWith(" ")) {
            throw bad(source, n, text.length() - 1, "a trailing space");
        }
        int sp = text.indexOf(' ');
        String range = sp < 0 ? text : text.substring(0, sp);
        Matcher r = RANGE.matcher(range);
        if (!r.matches()) {
            throw bad(source, n, 0, "address range " + VmallocInfoException.quote(range)
                    + ": expected 0xSTART-0xEND with 8 or 16 lower-case hex digits each");
        }
        if (r.group(1).length() != r.group(2).length()) {
            throw bad(source, n, 0, "address range " + VmallocInfoException.quote(range)
                    + ": start and end have different widths");
        }
        long start = Long.parseUnsignedLong(r.group(1), 16);
        long end = Long.parseUnsignedLong(r.group(2), 16);
        if (sp < 0) {
            throw bad(source, n, text.length(), "the line ends after the address range: the size is missing");
        }
        int sizeAt = sp;
        while (sizeAt < text.length() && text.charAt(sizeAt) == ' ') {
            sizeAt++;
        }
        int sizeEnd = text.indexOf(' ', sizeAt);
        String sizeText = text.substring(sizeAt, sizeEnd < 0 ? text.length() : sizeEnd);
        if (!SIZE.matcher(sizeText).matches()) {
            throw bad(source, n, sizeAt, "size " + VmallocInfoException.quote(sizeText)
                    + ": expected a decimal byte count greater than 0 (no sign, no leading zero)");
        }
        long size = parseCount(source, n, sizeAt, sizeText, sizeText);
        if (sizeEnd < 0) {
            throw bad(source, n, text.length(), "the line ends after the size: expected a caller, "
                    + "'vm_map_ram' or 'unpurged vm_area'");
        }
        List<int[]> at = new ArrayList<>();
        List<String> tokens = split(source, n, text, sizeEnd + 1, at);
        if (tokens.get(0).equals("unpurged") || tokens.get(0).equals("vm_area")) {
            if (!tokens.equals(List.of("unpurged", "vm_area"))) {
                throw bad(source, n, at.get(0)[0], VmallocInfoException.quote(text.substring(sizeEnd + 1))
                        + ": a lazily freed area is printed as exactly 'unpurged vm_area'");
            }
            return new VmallocEntry(n, start, end, size, EntryKind.UNPURGED, "", "", OptionalLong.empty(),
                    OptionalLong.empty(), List.of(), Map.of());
        }
        if (tokens.get(0).equals("vm_map_ram")) {
            if (tokens.size() != 1) {
                throw bad(source, n, at.get(1)[0], VmallocInfoException.quote(tokens.get(1))
                        + ": nothing follows 'vm_map_ram' on its line");
            }
            return new VmallocEntry(n, start, end, size, EntryKind.VM_MAP_RAM, "", "", OptionalLong.empty(),
                    OptionalLong.empty(), List.of(), Map.of());
        }
        return area(source, n, start, end, size, tokens, at);
    }

    private static VmallocEntry area(String source, int n, long start, long end, long size, List<String> tokens,
            List<int[]> at) {
        String caller = "";
        String module = "";
        OptionalLong pages = OptionalLong.empty();
        OptionalLong phys = OptionalLong.empty();
        List<String> flags = new ArrayList<>();
        Map<Integer, Long> numa = new LinkedHashMap<>();
        int last = -1;
        int lastNode = -1;
        String lastToken = null;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            int col = at.get(i)[0];
            int part;
            Matcher m;
            if (FLAGS.contains(t)) {
                part = FIRST_FLAG_PART + FLAGS.indexOf(t);
            } else if ((m = PAGES.matcher(t)).matches()) {
                part = PAGES_PART;
                pages = OptionalLong.of(parseCount(source, n, col, t, m.group(1)));
            } else if ((m = PHYS.matcher(t)).matches()) {
                part = PHYS_PART;
                phys = OptionalLong.of(Long.parseUnsignedLong(m.group(1), 16));
            } else if ((m = NUMA.matcher(t)).matches()) {
                part = NUMA_PART;
                int node = Integer.parseInt(m.group(1));
                if (node <= lastNode) {
                    throw bad(source, n, col, VmallocInfoException.quote(t) + ": NUMA nodes are printed once each, in increasing order");
                }
                lastNode = node;
                numa.put(node, parseCount(source, n, col, t, m.group(2)));
            } else if (MODULE.matcher(t).matches()) {
                part = MODULE_PART;
                if (last != CALLER_PART) {
                    throw bad(source, n, col, VmallocInfoException.quote(t) + ": a [module] follows the caller directly");
                }
                module = t.substring(1, t.length() - 1);
            } else if (CALLER.matcher(t).matches() && i == 0) {
                part = CALLER_PART;
                caller = t;
            } else {
                throw bad(source, n, col, unknown(t, i == 0));
            }
            if (part < last || (part == last && part != NUMA_PART)) {
                throw bad(source, n, col, VmallocInfoException.quote(t)
                        + (part == last ? " is repeated" : " after " + VmallocInfoException.quote(lastToken)) + ": " + ORDER);
            }
            last = part;
            lastToken = t;
        }
        return new VmallocEntry(n, start, end, size, EntryKind.AREA, caller, module, pages, phys, flags(tokens), numa);
    }

    private static List<String> flags(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            if (FLAGS.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String unknown(String t, boolean first) {
        List<String> known = new ArrayList<>(FLAGS);
        known.add("vm_map_ram");
        known.add("unpurged");
        String key = t.contains("=") ? t.substring(0, t.indexOf('=') + 1) : t;
        List<String> keys = List.of("pages=", "phys=");
        String hint = PluginSettings.closest(key, t.contains("=") ? keys : known)
                .map(c -> " (did you mean '" + c + "'?)").orElse("");
        String expected = first
                ? "expected a caller (symbol+0xOFF/0xLEN or 0xHEX), pages=N, phys=0xADDR, a flag ("
                        + String.join(", ", FLAGS) + "), N<node>=N, 'vm_map_ram' or 'unpurged vm_area'"
                : "expected [module], pages=N, phys=0xADDR, a flag (" + String.join(", ", FLAGS) + ") or N<node>=N";
        return "unknown token " + VmallocInfoException.quote(t) + hint + ": " + expected;
    }

    private static long parseCount(String source, int n, int col, String token, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw bad(source, n, col, VmallocInfoException.quote(token) + ": the count is too large");
        }
    }

    /** The single-space-separated tokens from {@code from}; their columns go to {@code at}. */
    private static List<String> split(String source, int n, String text, int from, List<int[]> at) {
        List<String> tokens = new ArrayList<>();
        int i = from;
        while (i <= text.length()) {
            int j = text.indexOf(' ', i);
            if (j < 0) {
                j = text.length();
            }
            if (j == i) {
                throw bad(source, n, i, "two spaces in a row: the parts after the size are separated by one space");
            }
            tokens.add(text.substring(i, j));
            at.add(new int[] {i});
            i = j + 1;
        }
        return tokens;
    }

    private static VmallocInfoException bad(String source, int n, int index, String what) {
        return new VmallocInfoException(source, n, "column " + (index + 1) + ": " + what);
    }
}
