package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compatibility guard: the api's public surface (every public and protected type, constructor,
 * method and field of the compiled main classes, see {@link ApiSurface}) must equal the committed
 * dump {@code api/api-surface.txt}, so every api change is an explicit diff in review. After an
 * intended change, regenerate the dump with {@value #UPDATE_COMMAND} and commit it
 * (docs/api-compatibility.md).
 */
class ApiSurfaceTest {

    static final String UPDATE_PROPERTY = "vmapkit.api.surface.update";
    static final String UPDATE_COMMAND = "mvn -pl api test -Dtest=ApiSurfaceTest -Dvmapkit.api.surface.update=true";

    @Test
    void thePublicSurfaceMatchesTheCommittedDump() throws IOException, URISyntaxException {
        Path classes = Path.of(Addresses.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> actual = ApiSurface.lines(ApiSurface.classesUnder(classes, getClass().getClassLoader()));
        Path dump = dumpFile();
        System.out.println("api surface: " + counts(actual) + " (" + dump + ")");
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.write(dump, actual, StandardCharsets.UTF_8);
            System.out.println("api surface: wrote " + actual.size() + " lines to " + dump);
            return;
        }
        if (!Files.isRegularFile(dump)) {
            fail("the api surface dump " + dump + " does not exist; create it with: " + UPDATE_COMMAND);
        }
        List<String> expected = Files.readAllLines(dump, StandardCharsets.UTF_8);
        String diff = diff(expected, actual);
        if (!diff.isEmpty()) {
            fail("The api's public surface differs from the committed dump " + dump + ".\n" + diff
                    + "If the change is intended, regenerate the dump and commit it with the change:\n  "
                    + UPDATE_COMMAND + "\nElse restore the api. Review: a removed or changed line that is not"
                    + " [experimental] breaks compiled plugins and providers (docs/api-compatibility.md).");
        }
    }

    /** The dump's path: {@code -Dvmapkit.api.surface.file} (set by the api's pom), else ./api-surface.txt. */
    private static Path dumpFile() {
        return Path.of(System.getProperty("vmapkit.api.surface.file", "api-surface.txt")).toAbsolutePath().normalize();
    }

    /** "+ line" for each line only in {@code actual}, "- line" for each only in {@code expected}; empty if equal. */
    static String diff(List<String> expected, List<String> actual) {
        Set<String> was = new LinkedHashSet<>(expected);
        Set<String> is = new LinkedHashSet<>(actual);
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String l : was) {
            if (!is.contains(l)) {
                removed.add(l);
            }
        }
        for (String l : is) {
            if (!was.contains(l)) {
                added.add(l);
            }
        }
        if (removed.isEmpty() && added.isEmpty()) {
            return expected.equals(actual) ? "" : "(same lines, different order or duplicates: regenerate the dump)\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Added (").append(added.size()).append("):\n");
        added.forEach(l -> sb.append("+ ").append(l).append('\n'));
        sb.append("Removed (").append(removed.size()).append("):\n");
        removed.forEach(l -> sb.append("- ").append(l).append('\n'));
        return sb.toString();
    }

    /** "T public types, M public methods, C public constants" of surface lines. */
    static String counts(List<String> lines) {
        long types = lines.stream().filter(l -> l.contains(": type public ")).count();
        long methods = lines.stream().filter(l -> l.contains(": method public ")).count();
        long constants = lines.stream().filter(l -> l.contains(": field public static final ")).count();
        return types + " public types, " + methods + " public methods, " + constants + " public constants";
    }

    // ---- the format, on fixtures ----

    @Test
    void linesShowFullSignaturesConstantsAndExperimentalMarksSorted() {
        List<String> lines = ApiSurface.lines(List.of(SurfaceFixture.class, SurfaceFixture.Hook.class,
                SurfaceFixture.PackagePrivate.class));
        String fx = "io.vmapkit.api.SurfaceFixture";
        // Expected lines written by hand from SurfaceFixture's source; sorted by String order: the nested
        // type's prefix "...Fixture$Hook:" sorts before "...Fixture:" ('$' < ':'), and within a type
        // "constructor" < "field" < "method" < "type".
        assertThat(lines).containsExactly(
                fx + "$Hook: method public abstract void run() [experimental]",
                fx + "$Hook: method public default int times() [experimental]",
                fx + "$Hook: type protected static interface Hook [experimental]",
                fx + ": constructor public SurfaceFixture(long) throws java.io.IOException",
                fx + ": field protected long counter",
                fx + ": field public static final int LIMIT = 4096",
                fx + ": field public static final java.lang.String NAME = \"fx\"",
                fx + ": method public <R> java.util.Optional<R> map(T, java.lang.String...) [experimental]",
                fx + ": method public int compareTo(" + fx + "<T>)",
                fx + ": type public class SurfaceFixture<T extends java.lang.Comparable<T>> extends java.lang.Object"
                        + " implements java.lang.Comparable<" + fx + "<T>>");
    }

    @Test
    void theDiffListsAddedAndRemovedLines() {
        String diff = diff(List.of("a: type public class A", "a: method public void old()"),
                List.of("a: type public class A", "a: method public void added()"));
        assertThat(diff).isEqualTo("Added (1):\n+ a: method public void added()\nRemoved (1):\n- a: method public void old()\n");
        assertThat(diff(List.of("x"), List.of("x"))).isEmpty();
    }

    @Test
    void countsAreOfPublicTypesMethodsAndStaticFinalFields() {
        List<String> lines = List.of("p.A: type public final class A extends java.lang.Object",
                "p.A$B: type protected static class B extends java.lang.Object",
                "p.A: method public static int f()", "p.A: method protected void g()",
                "p.A: field public static final int K = 1", "p.A: field public int notConstant");
        // one public type (B is protected), one public method (g is protected), one constant
        assertThat(counts(lines)).isEqualTo("1 public types, 1 public methods, 1 public constants");
    }
}
