package io.vmapkit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code docs/fidelity.md} and lists everything in it that is not true of the repository, so
 * the document cannot drift from the tests it cites. Plain file reading: no class loading, no
 * reflection, so it also sees test classes of modules this module does not depend on.
 *
 * <p>What is checked:
 * <ul>
 *   <li>every reference {@code `module: path/ClassName#method`} (path relative to the module's
 *       {@code src/test/java}, without {@code .java}) names a module listed in the parent pom, a
 *       file that exists, and a method of that name declared in it with a JUnit test annotation
 *       ({@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest}, {@code @TestFactory},
 *       {@code @TestTemplate});</li>
 *   <li>every rule row ({@code | 5.1-b | rule | § | status | evidence |}) has a unique id and one
 *       of the statuses; a {@code tested}, {@code deviates by design} or {@code contradicts spec}
 *       row cites at least one test; a {@code not modelled} row gives a reason; a deviation or
 *       contradiction row names a {@code D<n>} / {@code C<n>} entry that exists;</li>
 *   <li>the counts line ({@code Counts: N rules · …}) matches the tables.</li>
 * </ul>
 * Not thread-safe; stateless apart from a cache of read files per call.
 */
final class FidelityDoc {

    /** Where the document lives, relative to the repository root. */
    static final String PATH = "docs/fidelity.md";

    static final String TESTED = "tested";
    static final String NOT_MODELLED = "not modelled";
    static final String DEVIATES = "deviates by design";
    static final String CONTRADICTS = "contradicts spec";
    static final List<String> STATUSES = List.of(TESTED, NOT_MODELLED, DEVIATES, CONTRADICTS);

    /** {@code `allocator: io/vmapkit/allocator/OverflowPathTest#overflowPathPurgesOnceBeforeCallingTheNotifier`}. */
    static final Pattern REFERENCE = Pattern.compile(
            "`([a-z0-9][a-z0-9-]*): ((?:[A-Za-z_$][A-Za-z0-9_$]*/)*[A-Za-z_$][A-Za-z0-9_$]*)#([A-Za-z_$][A-Za-z0-9_$]*)`");

    /** A rule row: the first cell is an id such as {@code 5.1-b} or {@code 17-6}. */
    static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+(?:\\.\\d+)*-[a-z0-9]+)\\s*\\|(.*)\\|\\s*$");

    /** The counts line. */
    static final Pattern COUNTS = Pattern.compile(
            "Counts:\\*{0,2}\\s*(\\d+) rules · (\\d+) tested · (\\d+) not modelled · (\\d+) deviates by design · "
                    + "(\\d+) contradicts spec · (\\d+) tests added by the fidelity review");

    private static final Pattern DEVIATION_HEADING = Pattern.compile("^#{2,4}\\s+(D\\d+)\\b", Pattern.MULTILINE);
    private static final Pattern CONTRADICTION_HEADING = Pattern.compile("^#{2,4}\\s+(C\\d+)\\b", Pattern.MULTILINE);
    private static final Pattern ENTRY_MENTION = Pattern.compile("\\b([DC]\\d+)\\b");
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "@(?:org\\.junit\\.jupiter\\.api\\.|org\\.junit\\.jupiter\\.params\\.)?"
                    + "(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");

    /** A cited test. */
    record Reference(String module, String path, String method, int line) {
        @Override
        public String toString() {
            return module + ": " + path + "#" + method;
        }
    }

    private FidelityDoc() {}

    /**
     * The repository root: the nearest directory at or above {@code from} whose {@code pom.xml}
     * lists {@code <module>api</module>} (the parent pom).
     *
     * @throws IllegalStateException if there is none
     */
    static Path repositoryRoot(Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && read(pom).contains("<module>api</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no parent pom with <module>api</module> at or above " + from.toAbsolutePath());
    }

    /** Every reference in {@code doc}, in order. */
    static List<Reference> references(String doc) {
        List<Reference> refs = new ArrayList<>();
        String[] lines = doc.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = REFERENCE.matcher(lines[i]);
            while (m.find()) {
                refs.add(new Reference(m.group(1), m.group(2), m.group(3), i + 1));
            }
        }
        return refs;
    }

    /** The problems of {@code doc} against the repository at {@code root}; empty if the document is honest. */
    static List<String> problems(Path root, String doc) {
        List<String> problems = new ArrayList<>();
        Set<String> modules = modules(root);
        Map<Path, String> files = new HashMap<>();
        List<Reference> refs = references(doc);
        if (refs.isEmpty()) {
            problems.add(PATH + " cites no test at all");
        }
        for (Reference r : refs) {
            String where = PATH + ":" + r.line() + ": `" + r + "`: ";
            if (!modules.contains(r.module())) {
                problems.add(where + "module '" + r.module() + "' is not a module of the parent pom " + modules);
                continue;
            }
            Path file = root.resolve(r.module()).resolve("src/test/java").resolve(r.path() + ".java");
            if (!Files.isRegularFile(file)) {
                problems.add(where + "no test source " + root.relativize(file));
                continue;
            }
            String source = files.computeIfAbsent(file, FidelityDoc::read);
            String declared = testMethodProblem(source, r.method());
            if (declared != null) {
                problems.add(where + declared + " in " + root.relativize(file));
            }
        }
        problems.addAll(tableProblems(doc));
        return problems;
    }

    /** {@code null} if {@code source} declares {@code method} as a JUnit test, else what is wrong. */
    static String testMethodProblem(String source, String method) {
        String[] lines = source.split("\n", -1);
        Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
        boolean declaredAtAll = false;
        for (int i = 0; i < lines.length; i++) {
            if (!declaration.matcher(lines[i]).find()) {
                continue;
            }
            declaredAtAll = true;
            int indent = indent(lines[i]);
            for (int j = i; j >= 0; j--) {
                String line = lines[j];
                String t = line.strip();
                if (j < i && (t.equals("}") || t.endsWith("{") && !t.startsWith("@") && indent(line) < indent
                        || t.endsWith(";") && indent(line) == indent)) {
                    break; // the previous member or the class header: the annotations are below it
                }
                if (TEST_ANNOTATION.matcher(line).find()) {
                    return null;
                }
            }
        }
        return declaredAtAll ? "method '" + method + "' is declared but not annotated as a JUnit test"
                : "no method '" + method + "'";
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** The problems of the rule tables, the entry names and the counts line. */
    static List<String> tableProblems(String doc) {
        List<String> problems = new ArrayList<>();
        Set<String> deviations = headings(DEVIATION_HEADING, doc);
        Set<String> contradictions = headings(CONTRADICTION_HEADING, doc);
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        STATUSES.forEach(s -> byStatus.put(s, 0));
        String[] lines = doc.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher row = ROW.matcher(lines[i]);
            if (!row.matches()) {
                continue;
            }
            String id = row.group(1);
            String where = PATH + ":" + (i + 1) + ": rule " + id + ": ";
            Integer first = ids.putIfAbsent(id, i + 1);
            if (first != null) {
                problems.add(where + "id already used on line " + first);
            }
            String[] cells = row.group(2).split("(?<!\\\\)\\|", -1); // an escaped pipe inside a cell is not a separator
            if (cells.length != 4) {
                problems.add(where + "expected 5 cells (id | rule | § | status | evidence), found " + (cells.length + 1));
                continue;
            }
            String status = cells[2].replace("*", "").strip().toLowerCase(Locale.ROOT);
            String evidence = cells[3];
            if (!byStatus.containsKey(status)) {
                problems.add(where + "status '" + cells[2].strip() + "' is not one of " + STATUSES);
                continue;
            }
            byStatus.merge(status, 1, Integer::sum);
            boolean cites = REFERENCE.matcher(evidence).find();
            if (!status.equals(NOT_MODELLED) && !cites) {
                problems.add(where + "status '" + status + "' but no test is cited");
            }
            if (status.equals(NOT_MODELLED) && evidence.strip().length() < 10) {
                problems.add(where + "not modelled without a reason");
            }
            Set<String> mentioned = new TreeSet<>();
            Matcher m = ENTRY_MENTION.matcher(evidence.replaceAll(REFERENCE.pattern(), ""));
            while (m.find()) {
                mentioned.add(m.group(1));
            }
            for (String e : mentioned) {
                Set<String> known = e.startsWith("D") ? deviations : contradictions;
                if (!known.contains(e)) {
                    problems.add(where + "names " + e + ", which has no heading in the document");
                }
            }
            if (status.equals(DEVIATES) && mentioned.stream().noneMatch(e -> e.startsWith("D"))) {
                problems.add(where + "deviates by design but names no D<n> entry");
            }
            if (status.equals(CONTRADICTS) && mentioned.stream().noneMatch(e -> e.startsWith("C"))) {
                problems.add(where + "contradicts spec but names no C<n> entry");
            }
        }
        if (ids.isEmpty()) {
            problems.add(PATH + " has no rule rows");
        }
        Matcher counts = COUNTS.matcher(doc);
        if (!counts.find()) {
            problems.add(PATH + " has no counts line matching " + COUNTS.pattern());
        } else {
            int rules = ids.size();
            int added = addedTests(doc);
            int[] expected = {rules, byStatus.get(TESTED), byStatus.get(NOT_MODELLED), byStatus.get(DEVIATES),
                byStatus.get(CONTRADICTS), added};
            String[] names = {"rules", "tested", "not modelled", "deviates by design", "contradicts spec", "tests added"};
            for (int k = 0; k < expected.length; k++) {
                int stated = Integer.parseInt(counts.group(k + 1));
                if (stated != expected[k]) {
                    problems.add(PATH + ": the counts line says " + stated + " " + names[k] + " but the tables give "
                            + expected[k]);
                }
            }
        }
        return problems;
    }

    /** Distinct cited methods of classes named {@code *FidelityTest}: the tests the fidelity review added. */
    static int addedTests(String doc) {
        Set<String> added = new HashSet<>();
        for (Reference r : references(doc)) {
            if (r.path().endsWith("FidelityTest")) {
                added.add(r.module() + ":" + r.path() + "#" + r.method());
            }
        }
        return added.size();
    }

    private static Set<String> headings(Pattern heading, String doc) {
        Set<String> names = new HashSet<>();
        Matcher m = heading.matcher(doc);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The {@code <module>} names of the parent pom at {@code root}. */
    static Set<String> modules(Path root) {
        Set<String> modules = new TreeSet<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(read(root.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1).strip());
        }
        return modules;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
