package io.vmapkit.workloads.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private final SweepPlan plan = new SweepPlan(List.of(Axis.parse("a=1,2", "--axis"), Axis.parse("b=x,y,z", "--axis")),
            List.of(7L, 8L));

    @Test
    void cellsAreNumberedFirstAxisSlowestSeedsFastest() {
        // 2 values × 3 values × 2 seeds = 12 cells. Index = ((a·3) + b)·2 + seed position:
        // cell 5 = a index 0, b index 2 (z), seed index 1 (8); cell 6 = a index 1 (2), b x, seed 7.
        assertThat(plan.size()).isEqualTo(12);
        assertThat(plan.cell(0)).isEqualTo(new Cell(0, Map.of("a", "1", "b", "x"), 7));
        assertThat(plan.cell(1)).isEqualTo(new Cell(1, Map.of("a", "1", "b", "x"), 8));
        assertThat(plan.cell(2)).isEqualTo(new Cell(2, Map.of("a", "1", "b", "y"), 7));
        assertThat(plan.cell(5)).isEqualTo(new Cell(5, Map.of("a", "1", "b", "z"), 8));
        assertThat(plan.cell(6)).isEqualTo(new Cell(6, Map.of("a", "2", "b", "x"), 7));
        assertThat(plan.cell(11)).isEqualTo(new Cell(11, Map.of("a", "2", "b", "z"), 8));
        assertThat(plan.cells()).extracting(Cell::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(List.copyOf(plan.cell(6).coordinates().keySet())).containsExactly("a", "b");
    }

    @Test
    void thePlanRecordReadsBackAsTheSamePlan() {
        assertThat(SweepPlan.fromRecord(plan.record())).isEqualTo(plan);
    }

    @Test
    void seedsAreRangesListsOrBoth() {
        assertThat(SweepPlan.parseSeeds("1..5", "--seeds")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(SweepPlan.parseSeeds("3,1,10..11", "--seeds")).containsExactly(3L, 1L, 10L, 11L);
        assertThatThrownBy(() -> SweepPlan.parseSeeds("1..x", "--seeds"))
                .hasMessage("--seeds '1..x': '1..x' is not a seed or a range FROM..TO of seeds");
        assertThatThrownBy(() -> SweepPlan.parseSeeds("5..1", "--seeds")).hasMessage("--seeds '5..1': range 5..1 runs backwards");
        assertThatThrownBy(() -> SweepPlan.parseSeeds("1..3,2", "--seeds")).hasMessage("--seeds '1..3,2' names seed 2 twice");
    }

    @Test
    void badAxesAreRefusedNamingTheText() {
        assertThatThrownBy(() -> Axis.parse("ncpus", "--axis")).hasMessage("--axis 'ncpus': expected KEY=V1,V2,...");
        assertThatThrownBy(() -> Axis.parse("ncpus=1,,2", "--axis")).hasMessage("--axis 'ncpus=1,,2': axis ncpus has an empty value");
        assertThatThrownBy(() -> Axis.parse("ncpus=1,2,1", "--axis"))
                .hasMessage("--axis 'ncpus=1,2,1': axis ncpus names the value '1' twice");
        assertThatThrownBy(() -> new SweepPlan(List.of(Axis.parse("a=1", "x"), Axis.parse("a=2", "x")), List.of(1L)))
                .hasMessage("axis a is given twice");
    }

    @Test
    void shardsSplitTheCellsByIndexModuloCount() {
        Shard s = Shard.parse("1/4", Map.of());
        // cells 1, 5, 9 of 12: index ≡ 1 (mod 4)
        assertThat(plan.cells().stream().filter(s::owns).map(Cell::index)).containsExactly(1, 5, 9);
        assertThat(Shard.parse("auto/4", Map.of(Shard.KUBERNETES_INDEX, "3"))).isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("auto/4", Map.of(Shard.SLURM_INDEX, "2"))).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.parse("auto/4", Map.of(Shard.SLURM_INDEX, "4")))
                .hasMessage("SLURM_ARRAY_TASK_ID (for --shard auto/4) is 4; a shard index must be from 0 to 3 "
                        + "(a Slurm array for 4 shards is --array=0-3)");
        assertThatThrownBy(() -> Shard.parse("auto/4", Map.of()))
                .hasMessage("--shard auto/4: neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set; give the index as I/N");
        assertThatThrownBy(() -> Shard.parse("1/x", Map.of())).hasMessage("--shard '1/x': N is 'x', not an integer");
        assertThatThrownBy(() -> Shard.parse("2", Map.of())).hasMessage("--shard '2': expected I/N (e.g. 0/4) or auto/N");
    }
}
