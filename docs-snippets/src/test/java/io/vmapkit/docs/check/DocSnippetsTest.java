package io.vmapkit.docs.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md: every {@code ```java} block names its source with a snippet marker and is
 * exactly that file or region (see the package documentation).
 */
class DocSnippetsTest {

    private static final Path ROOT = root();

    @Test
    void everyJavaBlockOfTheDocsIsTheSourceRegionItNames() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            String name = ROOT.relativize(doc).toString();
            for (Snippets.Block block : Snippets.blocks(name, Files.readString(doc, StandardCharsets.UTF_8))) {
                if (block.path() == null) {
                    problems.add(block.where() + ": a ```java block without <!-- snippet: PATH#REGION --> on the line before it");
                    continue;
                }
                try {
                    String difference = Snippets.difference(block, Snippets.expected(ROOT, block));
                    if (difference != null) {
                        problems.add(difference);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
                checked++;
            }
        }
        assertThat(problems).as("Java snippets of the docs").isEmpty();
        // docs/embedding.md and docs/writing-a-plugin.md have Java snippets; a checker that finds none is broken
        assertThat(checked).as("snippets checked").isGreaterThanOrEqualTo(8);
    }

    /** README.md and every docs/*.md. */
    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The repository root: the nearest directory above the working directory with README.md and docs/. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no repository root (README.md and docs/) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
