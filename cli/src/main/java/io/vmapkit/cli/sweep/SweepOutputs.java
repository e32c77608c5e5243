package io.vmapkit.cli.sweep;

import io.vmapkit.cli.common.OutputFiles;
import io.vmapkit.workloads.sweep.Csv;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.SweepHeader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The files a sweep or a merge writes besides the results: {@code --csv} and {@code --report}. */
final class SweepOutputs {

    private SweepOutputs() {}

    /**
     * Writes the CSV and the report (each atomically) when asked; the report only when {@code complete}.
     *
     * @throws io.vmapkit.cli.common.CommandFailure naming the option and the path if a write fails
     */
    static void write(PrintWriter out, List<ResultLine> lines, SweepHeader header, Path csv, Path report, boolean complete) {
        if (csv != null) {
            OutputFiles.write("--csv", csv, Csv.render(lines));
            out.println("Wrote " + csv);
        }
        if (report != null) {
            if (!complete) {
                out.println("No report: the results hold " + lines.size() + " of " + header.plan().size()
                        + " cells (a shard); merge the shards with 'vmapkit sweep merge ... --report FILE'");
            } else {
                OutputFiles.write("--report", report, tmp -> SweepReport.write(tmp, header, lines));
                out.println("Wrote " + report);
            }
        }
    }
}
