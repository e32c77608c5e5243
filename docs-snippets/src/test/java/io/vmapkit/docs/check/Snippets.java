package io.vmapkit.docs.check;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ```java} blocks of a Markdown file, each with the source region its snippet marker
 * names, and the comparison of the two. Stateless; every failure is a message naming the Markdown
 * file and line.
 */
final class Snippets {

    /** Where the archetype's templates live, relative to the repository root. */
    static final String ARCHETYPE_TEMPLATES = "archetype/src/main/resources/archetype-resources/";
    /** The properties the archetype integration test generates its project with. */
    static final String ARCHETYPE_IT_PROPERTIES = "archetype/src/test/resources/projects/basic/archetype.properties";

    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([^#\\s]+)(?:#(\\S+))?\\s*-->\\s*$");
    private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```\\s*java\\b.*$");
    private static final Pattern FENCE_OTHER = Pattern.compile("^(\\s*)```\\s*[A-Za-z].*$");
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z]+)}");

    private Snippets() {}

    /**
     * One {@code ```java} block.
     *
     * @param doc the Markdown file, for messages
     * @param line the block's opening fence, 1-based
     * @param path the source file the marker names, or {@code null} if the block has no marker
     * @param tag the region's name, or {@code null} for the whole file
     * @param body the block's lines, with the fence's indentation removed
     */
    record Block(String doc, int line, String path, String tag, String body) {
        String where() {
            return doc + ":" + line;
        }
    }

    /**
     * Every {@code ```java} block of {@code markdown} ({@code doc} names it in messages), and every
     * block of another language that has a snippet marker on the line before it (a scenario file's
     * {@code ```yaml}, say); blocks of other languages without a marker are skipped whole.
     */
    static List<Block> blocks(String doc, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE_OPEN.matcher(lines.get(i));
            Matcher other = FENCE_OTHER.matcher(lines.get(i));
            Matcher marker = marker(lines, i);
            if (!open.matches() && !(other.matches() && marker != null)) {
                if (lines.get(i).strip().startsWith("```")) {
                    i = closing(lines, i, doc); // skip unmarked blocks of other languages whole
                }
                continue;
            }
            String indent = open.matches() ? open.group(1) : other.group(1);
            int end = closing(lines, i, doc);
            StringBuilder body = new StringBuilder();
            for (int j = i + 1; j < end; j++) {
                String l = lines.get(j);
                body.append(l.startsWith(indent) ? l.substring(indent.length()) : l.strip()).append('\n');
            }
            out.add(new Block(doc, i + 1, marker == null ? null : marker.group(1), marker == null ? null : marker.group(2),
                    body.toString()));
            i = end;
        }
        return out;
    }

    /** The snippet marker on the last non-blank line before line {@code i}, or {@code null}. */
    private static Matcher marker(List<String> lines, int i) {
        int prev = i - 1;
        while (prev >= 0 && lines.get(prev).isBlank()) {
            prev--;
        }
        if (prev < 0) {
            return null;
        }
        Matcher m = MARKER.matcher(lines.get(prev));
        return m.matches() ? m : null;
    }

    private static int closing(List<String> lines, int open, String doc) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).strip().equals("```")) {
                return j;
            }
        }
        throw new IllegalArgumentException(doc + ":" + (open + 1) + ": code block is never closed");
    }

    /**
     * The text a block must equal: the file {@code path} (under {@code root}) or its region
     * {@code tag}.
     *
     * @throws IllegalArgumentException naming the block if the file or the region does not exist
     */
    static String expected(Path root, Block block) {
        Path file = root.resolve(block.path()).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(block.where() + ": snippet file " + block.path() + " does not exist");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(block.where() + ": cannot read " + block.path(), e);
        }
        if (block.path().startsWith(ARCHETYPE_TEMPLATES)) {
            text = fillIn(text, archetypeProperties(root));
        }
        return block.tag() == null ? withFinalNewline(text) : region(text, block.tag(), block.where() + ": " + block.path());
    }

    /** The region {@code tag} of {@code source}: see the package documentation. */
    static String region(String source, String tag, String where) {
        String start = "// tag::" + tag + "[]";
        String end = "// end::" + tag + "[]";
        List<String> lines = source.lines().toList();
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.equals(start)) {
                if (from >= 0) {
                    throw new IllegalArgumentException(where + ": region '" + tag + "' starts twice");
                }
                from = i;
            } else if (l.equals(end) && from >= 0 && to < 0) {
                to = i;
            }
        }
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(where + ": no region '" + tag + "' (" + start + " … " + end + ")");
        }
        List<String> body = new ArrayList<>();
        for (String l : lines.subList(from + 1, to)) {
            String s = l.strip();
            if (!(s.startsWith("// tag::") || s.startsWith("// end::"))) {
                body.add(l);
            }
        }
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : body) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }

    /**
     * The first difference between {@code block}'s text and {@code expected}, or {@code null} if
     * they are equal.
     */
    static String difference(Block block, String expected) {
        if (block.body().equals(expected)) {
            return null;
        }
        List<String> got = block.body().lines().toList();
        List<String> want = expected.lines().toList();
        int n = 0;
        while (n < got.size() && n < want.size() && got.get(n).equals(want.get(n))) {
            n++;
        }
        String source = block.path() + (block.tag() == null ? "" : "#" + block.tag());
        return block.where() + ": the block differs from " + source + " at its line " + (n + 1) + ":\n  doc:    "
                + (n < got.size() ? got.get(n) : "(end of block)") + "\n  source: "
                + (n < want.size() ? want.get(n) : "(end of region)")
                + "\n  Copy the region into the doc again (or change the source and the doc together).";
    }

    /** {@code ${name}} replaced by the property {@code name}; unknown names are left as written. */
    static String fillIn(String template, Map<String, String> properties) {
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> archetypeProperties(Path root) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(root.resolve(ARCHETYPE_IT_PROPERTIES))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ARCHETYPE_IT_PROPERTIES, e);
        }
        Map<String, String> out = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static String withFinalNewline(String text) {
        return text.endsWith("\n") ? text : text + "\n";
    }
}
