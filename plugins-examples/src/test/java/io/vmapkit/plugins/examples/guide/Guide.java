package io.vmapkit.plugins.examples.guide;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project of {@code docs/writing-a-plugin.md}: the plugin archetype's templates as its integration
 * test generates them (the guide shows them, and {@code DocSnippetsTest} holds the two together), plus
 * every fenced block of the guide whose info string carries {@code file=<path>} (as in
 * {@code ```properties file=vmapkit.properties}), by path.
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

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z]+)}");

    /**
     * The guide named by the system property {@code vmapkit.guide} (else found from the module
     * directory) with the project generated from the archetype templates under
     * {@code vmapkit.archetype} with the properties file {@code vmapkit.archetype.properties} and
     * {@code vmapkitVersion} = {@code vmapkitVersion}.
     */
    static Guide load(String vmapkitVersion) throws IOException {
        String configured = System.getProperty("vmapkit.guide");
        Path path = configured != null ? Path.of(configured) : Path.of("..", "docs", "writing-a-plugin.md");
        Guide guide = parse(path.toAbsolutePath().normalize(), Files.readString(path));
        Path templates = Path.of(System.getProperty("vmapkit.archetype",
                "../archetype/src/main/resources/archetype-resources"));
        Properties properties = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(System.getProperty("vmapkit.archetype.properties",
                "../archetype/src/test/resources/projects/basic/archetype.properties")))) {
            properties.load(r);
        }
        properties.setProperty("vmapkitVersion", vmapkitVersion);
        String packagePath = properties.getProperty("package").replace('.', '/');
        Map<String, String> files = new LinkedHashMap<>(guide.files);
        try (Stream<Path> all = Files.walk(templates)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                String rel = templates.relativize(f).toString().replace('\\', '/');
                for (String root : List.of("src/main/java/", "src/test/java/")) {
                    if (rel.startsWith(root)) {
                        rel = root + packagePath + "/" + rel.substring(root.length());
                    }
                }
                if (files.put(rel, fillIn(Files.readString(f), properties)) != null) {
                    throw new IllegalStateException(path + ": " + rel + " is both a block of the guide and a file of the archetype");
                }
            }
        }
        return new Guide(guide.markdown, guide.text, Map.copyOf(files));
    }

    /** {@code ${name}} replaced as the archetype's Velocity does for a defined property. */
    private static String fillIn(String template, Properties properties) {
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = properties.getProperty(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The files under {@code dir} (a directory of the project, e.g. {@code src/main/java}) ending in {@code suffix}. */
    List<String> filesUnder(String dir, String suffix) {
        return files.keySet().stream().filter(f -> f.startsWith(dir) && f.endsWith(suffix)).sorted().toList();
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
