package io.vmapkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/fidelity.md} honest: every test it cites exists under that name in that
 * module's test sources, every rule row has a status and evidence, and its counts add up
 * ({@link FidelityDoc}). The other tests here show that the check fails when it should, on a
 * miniature repository in a temporary directory.
 */
class FidelityDocTest {

    // ---- the real document -----------------------------------------------------------------------

    @Test
    void everyTestCitedByTheFidelityDocumentExistsAndEveryRuleHasEvidence() {
        Path root = FidelityDoc.repositoryRoot(Path.of(""));
        Path doc = root.resolve(FidelityDoc.PATH);
        assertThat(doc).as("the fidelity document").isRegularFile();

        List<String> problems = FidelityDoc.problems(root, FidelityDoc.read(doc));

        assertThat(problems).as("problems in " + FidelityDoc.PATH + " (rename the reference with the test, or fix the row)")
                .isEmpty();
        assertThat(FidelityDoc.references(FidelityDoc.read(doc))).hasSizeGreaterThan(100);
    }

    @Test
    void theRepositoryRootIsFoundByWalkingUpToTheParentPom() {
        Path root = FidelityDoc.repositoryRoot(Path.of(""));
        assertThat(root.resolve("api")).isDirectory();
        assertThat(FidelityDoc.repositoryRoot(root.resolve("architecture-tests/src/test/java"))).isEqualTo(root);
        assertThat(FidelityDoc.modules(root)).contains("api", "allocator", "notifier", "architecture-tests");
    }

    // ---- the check can fail ------------------------------------------------------------------------

    @TempDir
    Path repo;

    private static final String GOOD_DOC = String.join("\n",
            "# fidelity",
            "",
            "**Counts:** 3 rules · 1 tested · 1 not modelled · 1 deviates by design · 0 contradicts spec"
                    + " · 0 tests added by the fidelity review",
            "",
            "| id | rule | § | status | evidence |",
            "|---|---|---|---|---|",
            "| 5.1-a | purge once (`BOUND \\| UNBOUND`) | 5.1 | tested | `lib: io/x/OverflowTest#purgesOnce` |",
            "| 5.1-b | 6.9 message | 5.1 | not modelled | one message only, the 4.x one |",
            "| 5.3-a | no cap | 5.3 | deviates by design | D1; `lib: io/x/OverflowTest#capIsHonoured` |",
            "",
            "### D1 — the round cap",
            "");

    private static final String GOOD_TEST = String.join("\n",
            "package io.x;",
            "",
            "import org.junit.jupiter.api.Test;",
            "import org.junit.jupiter.params.ParameterizedTest;",
            "",
            "class OverflowTest {",
            "",
            "    private int field;",
            "",
            "    @Test",
            "    void purgesOnce() {",
            "    }",
            "",
            "    /** Javadoc. */",
            "    @ParameterizedTest",
            "    @CsvSource({",
            "        \"1, 2\",",
            "    })",
            "    void capIsHonoured(int a, int b) {",
            "    }",
            "",
            "    void helper() {",
            "    }",
            "}",
            "");

    @BeforeEach
    void miniatureRepository() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project><modules><module>api</module><module>lib</module></modules></project>");
        write("lib/src/test/java/io/x/OverflowTest.java", GOOD_TEST);
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void aConsistentDocumentHasNoProblems() {
        assertThat(FidelityDoc.problems(repo, GOOD_DOC)).isEmpty();
        assertThat(FidelityDoc.repositoryRoot(repo.resolve("lib/src"))).isEqualTo(repo.toAbsolutePath().normalize());
    }

    @Test
    void aRenamedTestMethodIsReported() throws IOException {
        write("lib/src/test/java/io/x/OverflowTest.java", GOOD_TEST.replace("void purgesOnce()", "void purgesExactlyOnce()"));

        assertThat(FidelityDoc.problems(repo, GOOD_DOC)).singleElement().asString()
                .contains(":7:").contains("lib: io/x/OverflowTest#purgesOnce").contains("no method 'purgesOnce'");
    }

    @Test
    void aRemovedTestClassIsReported() throws IOException {
        Files.delete(repo.resolve("lib/src/test/java/io/x/OverflowTest.java"));

        assertThat(FidelityDoc.problems(repo, GOOD_DOC)).hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("no test source lib/src/test/java/io/x/OverflowTest.java"));
    }

    @Test
    void aMethodThatIsNoLongerATestIsReported() throws IOException {
        write("lib/src/test/java/io/x/OverflowTest.java", GOOD_TEST.replace("    @Test\n", ""));

        assertThat(FidelityDoc.problems(repo, GOOD_DOC)).singleElement().asString()
                .contains("'purgesOnce' is declared but not annotated as a JUnit test");
        assertThat(FidelityDoc.testMethodProblem(GOOD_TEST, "helper")).contains("not annotated");
    }

    @Test
    void anUnknownModuleIsReported() {
        String doc = GOOD_DOC.replace("`lib: io/x/OverflowTest#purgesOnce`", "`library: io/x/OverflowTest#purgesOnce`");

        assertThat(FidelityDoc.problems(repo, doc)).singleElement().asString()
                .contains("module 'library' is not a module of the parent pom");
    }

    @Test
    void rowsWithoutEvidenceOrWithABadStatusAreReported() {
        String doc = GOOD_DOC
                .replace("| tested | `lib: io/x/OverflowTest#purgesOnce` |", "| tested | see the allocator tests |")
                .replace("| not modelled | one message only, the 4.x one |", "| not modelled |  |")
                .replace("| deviates by design | D1;", "| deviates by design | D2;");

        assertThat(FidelityDoc.problems(repo, doc)).anySatisfy(p -> assertThat(p).contains("rule 5.1-a").contains("no test is cited"))
                .anySatisfy(p -> assertThat(p).contains("rule 5.1-b").contains("without a reason"))
                .anySatisfy(p -> assertThat(p).contains("rule 5.3-a").contains("D2, which has no heading"));
        assertThat(FidelityDoc.problems(repo, GOOD_DOC.replace("| deviates by design | D1; ", "| deviates by design | ")))
                .singleElement().asString().contains("rule 5.3-a").contains("deviates by design but names no D<n> entry");
        assertThat(FidelityDoc.problems(repo, GOOD_DOC.replace("| tested |", "| mostly tested |")))
                .anySatisfy(p -> assertThat(p).contains("status 'mostly tested' is not one of"));
    }

    @Test
    void duplicateIdsAndWrongCountsAreReported() {
        String doc = GOOD_DOC.replace("| 5.1-b |", "| 5.1-a |").replace("1 not modelled", "2 not modelled");

        assertThat(FidelityDoc.problems(repo, doc))
                .anySatisfy(p -> assertThat(p).contains("rule 5.1-a").contains("id already used on line 7"))
                .anySatisfy(p -> assertThat(p).contains("says 2 not modelled but the tables give 1"));
        assertThat(FidelityDoc.problems(repo, GOOD_DOC.replace("**Counts:**", "Totals:")))
                .anySatisfy(p -> assertThat(p).contains("no counts line"));
    }

    @Test
    void withoutAParentPomTheRootIsNotFound() throws IOException {
        Path elsewhere = Files.createTempDirectory("no-repo");
        try {
            assertThatThrownBy(() -> FidelityDoc.repositoryRoot(elsewhere))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("<module>api</module>");
        } finally {
            Files.delete(elsewhere);
        }
    }
}
