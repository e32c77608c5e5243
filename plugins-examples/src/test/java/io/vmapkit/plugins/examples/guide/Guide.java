package io.vmapkit.plugins.examples.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of {@code docs/writing-a-plugin.md}: every fenced block whose info string carries
 * {@code file=<path>} (as in {@code ```java file=src/main/java/...}), by path, in order.
 */
final class Guide {

    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\w+)?\\s+file=(\\S+)\\s*$");

    final Path markdown;
    final String text;
    final Map<String, String> files;

    private Guide(Path markdown, String text, Map<String, String> files) {
        this.markdown = markdown;
        this.text = text;
        this.files = files;
    }

    /** The guide named by the system property {@code vmapkit.guide}, else found from the module directory. */
    static Guide load() throws IOException {
        String configured = System.getProperty("vmapkit.guide");
        Path path = configured != null ? Path.of(configured) : Path.of("..", "docs", "writing-a-plugin.md");
        return parse(path.toAbsolutePath().normalize(), Files.readString(path));
    }

    static Guide parse(Path markdown, String text) {
        Map<String, String> files = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).startsWith("```")) {
                body.append(lines.get(j)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalStateException(markdown + ":" + (i + 1) + ": block for " + m.group(2) + " is not closed");
            }
            if (files.put(m.group(2), body.toString()) != null) {
                throw new IllegalStateException(markdown + ":" + (i + 1) + ": " + m.group(2) + " appears twice");
            }
            i = j;
        }
        return new Guide(markdown, text, Map.copyOf(files));
    }

    /** The content of the block for {@code path}. */
    String file(String path) {
        String content = files.get(path);
        if (content == null) {
            throw new AssertionError(markdown + " has no block marked file=" + path + "; it has " + files.keySet());
        }
        return content;
    }

    /** Writes every block under {@code root}, at its path. */
    void writeTo(Path root) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path target = root.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue());
        }
    }
}
