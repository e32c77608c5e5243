package io.vmapkit.docs.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself, on small made-up docs and sources: it must catch each kind of drift. */
class SnippetsTest {

    private static final String SOURCE = """
            class A {
                void f() {
                    // tag::call[]
                    int x = 1;
                    // tag::inner[]
                    x++;
                    // end::inner[]

                    g(x);
                    // end::call[]
                }
            }
            """;

    @Test
    void aRegionIsItsLinesWithoutOtherMarkersAndWithoutTheirCommonIndentation() {
        assertThat(Snippets.region(SOURCE, "call", "A.java")).isEqualTo("int x = 1;\nx++;\n\ng(x);\n");
        assertThat(Snippets.region(SOURCE, "inner", "A.java")).isEqualTo("x++;\n");
    }

    @Test
    void aMissingRegionIsNamed() {
        assertThatThrownBy(() -> Snippets.region(SOURCE, "calls", "A.java"))
                .hasMessage("A.java: no region 'calls' (// tag::calls[] … // end::calls[])");
    }

    @Test
    void blocksCarryTheirMarkerLineAndIndentationAndOtherLanguagesAreSkippedUnlessMarked() {
        String md = """
                # Doc

                ```sh
                echo ```java is not a block here
                ```

                <!-- snippet: src/A.java#call -->
                ```java
                int x = 1;
                ```

                - in a list:

                  <!-- snippet: src/B.java -->
                  ```java
                  class B {}
                  ```

                ```java
                unmarked();
                ```

                ```yaml
                unmarked: skipped
                ```

                <!-- snippet: src/c.yaml -->
                ```yaml
                name: c
                ```
                """;
        List<Snippets.Block> blocks = Snippets.blocks("doc.md", md);

        // lines counted by hand: the fences open on lines 8, 15, 19 and 28 (the unmarked yaml one,
        // on line 23, is not a block)
        assertThat(blocks).containsExactly(
                new Snippets.Block("doc.md", 8, "src/A.java", "call", "int x = 1;\n"),
                new Snippets.Block("doc.md", 15, "src/B.java", null, "class B {}\n"),
                new Snippets.Block("doc.md", 19, null, null, "unmarked();\n"),
                new Snippets.Block("doc.md", 28, "src/c.yaml", null, "name: c\n"));
    }

    @Test
    void aBlockThatDriftedFromItsRegionIsReportedAtTheFirstDifferentLine(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/A.java"), SOURCE);
        Snippets.Block same = new Snippets.Block("doc.md", 3, "src/A.java", "call", "int x = 1;\nx++;\n\ng(x);\n");
        Snippets.Block drifted = new Snippets.Block("doc.md", 3, "src/A.java", "call", "int x = 1;\nx--;\n\ng(x);\n");

        assertThat(Snippets.difference(same, Snippets.expected(root, same))).isNull();
        assertThat(Snippets.difference(drifted, Snippets.expected(root, drifted))).startsWith(
                "doc.md:3: the block differs from src/A.java#call at its line 2:\n  doc:    x--;\n  source: x++;");
    }

    @Test
    void aSnippetFileThatDoesNotExistIsNamed(@TempDir Path root) {
        Snippets.Block block = new Snippets.Block("doc.md", 7, "src/Gone.java", null, "");
        assertThatThrownBy(() -> Snippets.expected(root, block))
                .hasMessage("doc.md:7: snippet file src/Gone.java does not exist");
    }

    @Test
    void templateVariablesAreFilledInAndUnknownOnesLeftAsWritten() {
        assertThat(Snippets.fillIn("package ${package}; // ${other} $x", Map.of("package", "com.example")))
                .isEqualTo("package com.example; // ${other} $x");
    }
}
