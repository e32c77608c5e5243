package io.vmapkit.workloads.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the results files of a sweep's shards into the results of the whole sweep.
 *
 * <p>Every line of every file must belong to one sweep — the same scenario, scenario digest and
 * plan as the first file's first line — and every cell of the plan must be in exactly one file: a
 * cell in two files (or twice in one), a missing cell, a file with a torn last line or of another
 * sweep fails with a {@link SweepException} naming the file, line and cell. The merged lines are
 * the files' lines as they were written, sorted by cell index. Stateless; it reads the files and
 * writes nothing.
 */
public final class Merge {

    /** How many missing cells a message lists. */
    static final int LISTED = 5;

    private Merge() {}

    /**
     * The lines of the whole sweep, in cell order.
     *
     * @throws SweepException if the files do not make one whole sweep (see the class documentation)
     * @throws IOException if a file cannot be read
     */
    public static List<ResultLine> merge(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new SweepException("nothing to merge: give the shards' results files");
        }
        record Where(Path file, int line) {
            @Override
            public String toString() {
                return file + ":" + line;
            }
        }
        Map<Integer, Where> seen = new LinkedHashMap<>();
        List<ResultLine> all = new ArrayList<>();
        ResultLine first = null;
        Where firstAt = null;
        for (Path file : files) {
            ResultsFile.Contents c;
            try {
                c = ResultsFile.read(file);
            } catch (IllegalArgumentException e) {
                throw new SweepException(e.getMessage(), e);
            }
            if (c.torn() != null) {
                throw new SweepException(file + ":" + (c.lines().size() + 1) + ": a torn last line (the shard was "
                        + "interrupted); finish it with 'vmapkit sweep ... --resume' before merging");
            }
            if (c.lines().isEmpty()) {
                throw new SweepException(file + ": no results lines");
            }
            for (int k = 0; k < c.lines().size(); k++) {
                ResultLine l = c.lines().get(k);
                Where at = new Where(file, c.lineNumbers().get(k));
                if (first == null) {
                    first = l;
                    firstAt = at;
                }
                SweepHeader h = l.header();
                SweepHeader h0 = first.header();
                if (!h.scenarioDigest().equals(h0.scenarioDigest()) || !h.scenario().equals(h0.scenario())) {
                    throw new SweepException(at + ": cell " + l.cell().describe() + " is of scenario " + h.scenario()
                            + " with digest " + h.scenarioDigest() + ", but " + firstAt + " is of scenario "
                            + h0.scenario() + " with digest " + h0.scenarioDigest()
                            + ": these are results of different sweeps");
                }
                if (!h.plan().equals(h0.plan())) {
                    throw new SweepException(at + ": cell " + l.cell().describe() + " belongs to the plan "
                            + h.plan().record() + ", but " + firstAt + " to " + h0.plan().record()
                            + ": these are results of different sweeps");
                }
                Where before = seen.putIfAbsent(l.cell().index(), at);
                if (before != null) {
                    throw new SweepException("cell " + l.cell().describe() + " is in " + before + " and again in " + at
                            + ": overlapping shards (was a shard run twice, or with another --shard?)");
                }
                all.add(l);
            }
        }
        SweepPlan plan = first.header().plan();
        List<Cell> missing = plan.cells().stream().filter(c -> !seen.containsKey(c.index())).toList();
        if (!missing.isEmpty()) {
            StringBuilder sb = new StringBuilder(missing.size() + " of " + plan.size() + " cells are in none of the files, e.g. ");
            missing.stream().limit(LISTED).forEach(c -> sb.append(c.describe()).append(", "));
            sb.setLength(sb.length() - 2);
            int shards = files.size();
            sb.append(": a shard is missing or unfinished (a shard I/N holds the cells whose index ≡ I mod N; ")
                    .append(files.size()).append(shards == 1 ? " file was" : " files were").append(" given)");
            throw new SweepException(sb.toString());
        }
        all.sort(Comparator.comparingInt(l -> l.cell().index()));
        return all;
    }
}
