package io.vmapkit.workloads.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.workloads.figures.PluginAccount;
import io.vmapkit.workloads.figures.RunFigures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with a fake cell runner whose figures are a known function of the cell. */
class SweepTest {

    @TempDir
    Path dir;

    private final SweepPlan plan = new SweepPlan(List.of(Axis.parse("size=1,2,3", "--axis"), Axis.parse("policy=a,b", "--axis")),
            List.of(1L, 2L));
    private final SweepHeader header = new SweepHeader("fake", "sha256:00", "test", plan);

    /** vmaps = size × 100 + seed; allocFailures = 1 for policy b, else 0. */
    private static final class Fake implements CellRunner {
        final Set<Integer> ran = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;

        @Override
        public RunFigures run(Cell c) {
            int now = running.incrementAndGet();
            synchronized (this) {
                maxRunning = Math.max(maxRunning, now);
            }
            try {
                Thread.sleep(5); // lets cells overlap on the pool
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            if (!ran.add(c.index())) {
                throw new AssertionError("cell " + c.index() + " ran twice");
            }
            long size = Long.parseLong(c.coordinates().get("size"));
            long fail = c.coordinates().get("policy").equals("b") ? 1 : 0;
            return new RunFigures(c.coordinates().get("policy"), 10, 0, 0, size * 100 + c.seed(), 0, fail, 0, 0, 0, 0, 0,
                    4096, 0, 8192, 1, Map.of("ops", 10L),
                    // a notifier block 'blk' called twice per unit of size, freeing 3 per call; callback time varies
                    List.of(new PluginAccount("blk", 2 * size, 6 * size, 0, 0, 0, 0, System.nanoTime(), 0, 0, 0, 0)));
        }
    }

    private List<String> sortedLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Collections.sort(lines);
        return lines;
    }

    private Sweep.Outcome sweep(Path out, Shard shard, CellRunner runner, int jobs) throws IOException {
        ResultsFile.Contents c = ResultsFile.read(out);
        Set<Integer> done = new HashSet<>();
        c.lines().forEach(l -> done.add(l.cell().index()));
        try (ResultsFile f = ResultsFile.openForAppend(out, c.goodLength())) {
            return Sweep.run(header, shard, done, runner, f, jobs, (cell, fig) -> {});
        }
    }

    @Test
    void everyCellRunsOnceInParallelAndItsLineHoldsItsFigures() throws IOException {
        Fake fake = new Fake();
        Path out = dir.resolve("all.jsonl");
        Sweep.Outcome o = sweep(out, Shard.ALL, fake, 3);
        assertThat(o.ran()).isEqualTo(12);
        assertThat(fake.ran).hasSize(12);
        assertThat(fake.maxRunning).as("cells overlapped").isGreaterThan(1);
        List<ResultLine> lines = ResultsFile.read(out).lines();
        assertThat(lines).hasSize(12);
        ResultLine cell7 = lines.stream().filter(l -> l.cell().index() == 7).findFirst().orElseThrow();
        // cell 7 = size index 1 (2), policy index 1 (b), seed index 1 (2): vmaps = 2·100 + 2, one failure
        assertThat(cell7.cell().coordinates()).containsExactly(Map.entry("size", "2"), Map.entry("policy", "b"));
        assertThat(cell7.figure("vmaps")).isEqualTo(202.0);
        assertThat(cell7.figure("allocFailures")).isEqualTo(1.0);
        assertThat(cell7.text()).startsWith("{\"cell\":7,\"coordinates\":{\"size\":\"2\",\"policy\":\"b\"},\"seed\":2,"
                + "\"figures\":{\"ops\":10,");
        assertThat(cell7.text()).doesNotContain("wall").doesNotContain("opsPerSecond").doesNotContain("callbackNanos")
                .contains("\"plugins\":{\"blk\":{\"notifierCalls\":4,\"notifierFreed\":12,"); // size 2: 2·2 calls, 6·2 freed
        // summary of (size 2, policy b) across seeds 1 and 2: vmaps 201 and 202 → mean 201.5
        Summary.Group g = Summary.of(lines).groups().get(3);
        assertThat(g.coordinates()).containsExactly(Map.entry("size", "2"), Map.entry("policy", "b"));
        assertThat(g.stats("vmaps").mean()).isEqualTo(201.5);
    }

    @Test
    void threeShardsMergedEqualTheUnshardedRunByteForByteAfterSorting() throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        sweep(whole, Shard.ALL, new Fake(), 2);
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path s = dir.resolve("shard" + i + ".jsonl");
            Sweep.Outcome o = sweep(s, new Shard(i, 3), new Fake(), 2);
            assertThat(o.owned()).as("12 cells over 3 shards").isEqualTo(4);
            shards.add(s);
        }
        List<String> merged = new ArrayList<>(Merge.merge(shards).stream().map(ResultLine::text).toList());
        Collections.sort(merged);
        assertThat(merged).containsExactlyElementsOf(sortedLines(whole));
    }

    @Test
    void resumeRedoesOnlyMissingCellsAndATornLastLine() throws IOException {
        Path out = dir.resolve("r.jsonl");
        sweep(out, Shard.ALL, new Fake(), 2);
        List<String> complete = sortedLines(out);
        // keep the first 5 lines and half of the 6th, as a sweep killed in mid-write leaves it
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String kept = String.join("\n", lines.subList(0, 5)) + "\n" + lines.get(5).substring(0, 40);
        Files.writeString(out, kept, StandardCharsets.UTF_8);
        ResultsFile.Contents c = ResultsFile.read(out);
        assertThat(c.lines()).hasSize(5);
        assertThat(c.torn()).isEqualTo(lines.get(5).substring(0, 40));

        Fake second = new Fake();
        Sweep.Outcome o = sweep(out, Shard.ALL, second, 2);
        assertThat(o.skipped()).isEqualTo(5);
        assertThat(o.ran()).isEqualTo(7);
        Set<Integer> firstFive = new HashSet<>();
        c.lines().forEach(l -> firstFive.add(l.cell().index()));
        assertThat(second.ran).doesNotContainAnyElementsOf(firstFive);
        assertThat(sortedLines(out)).containsExactlyElementsOf(complete);
    }

    @Test
    void aBadLineBeforeTheLastIsAnErrorNamingFileAndLine() throws IOException {
        Path out = dir.resolve("bad.jsonl");
        sweep(out, Shard.ALL, new Fake(), 1);
        List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        lines.set(2, "{\"cell\":oops}");
        Files.write(out, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultsFile.read(out))
                .hasMessage(out + ":3: not a results line of vmapkit sweep: expected a string, a number or an object at character 9");
    }

    @Test
    void mergeRejectsOverlapMissingCellsAndAnotherScenario() throws IOException {
        Path s0 = dir.resolve("s0.jsonl");
        Path s1 = dir.resolve("s1.jsonl");
        sweep(s0, new Shard(0, 2), new Fake(), 2);
        sweep(s1, new Shard(1, 2), new Fake(), 2);
        assertThatThrownBy(() -> Merge.merge(List.of(s0, s1, s0)))
                .hasMessageStartingWith("cell #")
                .hasMessageContaining(" is in " + s0 + ":1 and again in " + s0 + ":1: overlapping shards");
        // shard 1 holds the odd cells: the first missing ones are #1 (size=1, policy=a, seed 2) and #3
        assertThatThrownBy(() -> Merge.merge(List.of(s0)))
                .hasMessageStartingWith("6 of 12 cells are in none of the files, e.g. #1 (size=1, policy=a, seed 2), "
                        + "#3 (size=1, policy=b, seed 2),");
        Path other = dir.resolve("other.jsonl");
        ResultLine l = ResultLine.of(new SweepHeader("fake", "sha256:ff", "test", plan), plan.cell(1),
                new Fake().run(plan.cell(1)));
        Files.writeString(other, l.text() + "\n");
        assertThatThrownBy(() -> Merge.merge(List.of(s0, other)))
                .hasMessage(other + ":1: cell #1 (size=1, policy=a, seed 2) is of scenario fake with digest sha256:ff, but "
                        + s0 + ":1 is of scenario fake with digest sha256:00: these are results of different sweeps");
    }

    @Test
    void aFailingCellStopsTheSweepNamingTheCellAndKeepsFinishedLines() throws IOException {
        Path out = dir.resolve("fail.jsonl");
        CellRunner failing = c -> {
            if (c.index() == 4) {
                throw new IllegalStateException("boom");
            }
            return new Fake().run(c);
        };
        assertThatThrownBy(() -> sweep(out, Shard.ALL, failing, 1))
                .isInstanceOf(SweepException.class)
                .hasMessage("cell #4 (size=2, policy=a, seed 1) failed: boom");
        // one job: cells 0..3 finished, in order, before cell 4 failed
        assertThat(ResultsFile.read(out).lines()).extracting(x -> x.cell().index()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aCheckFailureRunsNothing() throws IOException {
        Path out = dir.resolve("check.jsonl");
        Fake fake = new Fake();
        CellRunner checked = new CellRunner() {
            @Override
            public void check(Cell c) {
                if (c.coordinates().get("size").equals("3")) {
                    throw new IllegalArgumentException("size 3 is too large");
                }
            }

            @Override
            public RunFigures run(Cell c) {
                return fake.run(c);
            }
        };
        assertThatThrownBy(() -> sweep(out, Shard.ALL, checked, 2))
                .hasMessage("cell #8 (size=3, policy=a, seed 1): size 3 is too large");
        assertThat(fake.ran).isEmpty();
        assertThat(Files.size(out)).isZero();
    }

    @Test
    void csvHasAHeaderAndOneRowPerCellInCellOrder() throws IOException {
        Path out = dir.resolve("c.jsonl");
        sweep(out, Shard.ALL, new Fake(), 2);
        String csv = Csv.render(ResultsFile.read(out).lines());
        String[] rows = csv.split("\r\n");
        assertThat(rows).hasSize(13);
        assertThat(rows[0]).isEqualTo("cell,size,policy,seed,ops,pinMapCalls,cacheHits,cacheHitRate,vmaps,vunmaps,"
                + "allocFailures,purges,tlbFlushes,notifierRounds,freedByNotifier,freedByShrinker,peakLiveBytes,"
                + "peakLazyBytes,largestFreeBlockBytes,counter:ops,plugin:blk:notifierCalls,plugin:blk:notifierFreed,"
                + "plugin:blk:shrinkPasses,plugin:blk:shrinkCounted,plugin:blk:shrinkScanned,plugin:blk:shrinkFreed,"
                + "plugin:blk:quarantines,plugin:blk:errors,plugin:blk:unborneClaims,plugin:blk:unborneFreed");
        // cell 11 = size 3, policy b, seed 2: vmaps 302, 1 failure, peak live 4096, largest free 8192;
        // block blk: 2 × 3 = 6 calls, 6 × 3 = 18 freed
        assertThat(rows[12]).isEqualTo("11,3,b,2,10,0,0,0.000000,302,0,1,0,0,0,0,0,4096,0,8192,10,6,18,0,0,0,0,0,0,0,0");
    }
}
