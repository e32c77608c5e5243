package io.vmapkit.workloads.figures;

import io.vmapkit.api.vmap.VmapSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * Everything the report shows of one run.
 *
 * @param figures the run's figures
 * @param allocator the allocator's name
 * @param timeline occupancy over operations, with purges and notifier rounds
 * @param endMap every range of the address space when the workload stopped
 * @param kernelLog the warnings the run logged, in order (the model's dmesg, already rate-limited)
 * @param layoutMap every range of the address space once the scenario's initial layout was placed,
 *     before the first operation; {@code null} for a run without a layout
 */
public record RunRecord(RunFigures figures, String allocator, Timeline timeline, VmapSnapshot endMap,
        List<String> kernelLog, VmapSnapshot layoutMap) {

    /** A run without an initial layout. */
    public RunRecord(RunFigures figures, String allocator, Timeline timeline, VmapSnapshot endMap, List<String> kernelLog) {
        this(figures, allocator, timeline, endMap, kernelLog, null);
    }

    /** Checks for {@code null}s. */
    public RunRecord {
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(endMap, "endMap");
        kernelLog = List.copyOf(kernelLog);
    }
}
