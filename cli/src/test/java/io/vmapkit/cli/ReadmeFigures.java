package io.vmapkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures table the README shows for {@code vmapkit simulate} with every default, compared
 * with what the program prints. The README's table is the first fenced block after the line that
 * starts with {@value #INTRO}; its rows are a subset of the program's rows, each compared as the
 * row label followed by its cells (runs of spaces are layout, not content).
 */
final class ReadmeFigures {

    static final String INTRO = "What `./vmapkit simulate` answers";

    private ReadmeFigures() {}

    /** The README's figures table, header row first. */
    static List<String> table(String readme) {
        int intro = readme.indexOf(INTRO);
        if (intro < 0) {
            throw new IllegalArgumentException("README has no paragraph starting with '" + INTRO + "'");
        }
        int open = readme.indexOf("```", intro);
        int from = readme.indexOf('\n', open) + 1;
        int close = readme.indexOf("```", from);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException("README has no fenced figures table after '" + INTRO + "'");
        }
        return readme.substring(from, close).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Each README row that the program's output does not print exactly (label and every cell). */
    static List<String> mismatches(List<String> readmeTable, String output) {
        Map<String, String> printed = new LinkedHashMap<>();
        for (String line : output.lines().toList()) {
            String[] labelAndCells = split(line);
            printed.putIfAbsent(labelAndCells[0], labelAndCells[1]);
        }
        List<String> wrong = new ArrayList<>();
        for (String row : readmeTable) {
            String[] labelAndCells = split(row);
            String actual = printed.get(labelAndCells[0]);
            if (actual == null) {
                wrong.add("README row '" + labelAndCells[0] + "' is not printed by simulate");
            } else if (!actual.equals(labelAndCells[1])) {
                wrong.add("README row '" + labelAndCells[0] + "' says [" + labelAndCells[1] + "], simulate prints [" + actual + "]");
            }
        }
        return wrong;
    }

    /**
     * Splits a table row into its label (everything before the first run of two spaces) and its
     * cells, each run of spaces in the cells folded to one.
     */
    private static String[] split(String row) {
        String line = row.strip();
        int gap = line.indexOf("  ");
        if (gap < 0) {
            return new String[] {line, ""};
        }
        return new String[] {line.substring(0, gap), line.substring(gap).strip().replaceAll(" +", " ")};
    }
}
