package io.vmapkit.cli.sweep;

import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.OutputFiles;
import io.vmapkit.workloads.sweep.Merge;
import io.vmapkit.workloads.sweep.ResultLine;
import io.vmapkit.workloads.sweep.SweepException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmapkit sweep merge}: the shards' results files as one, checked. */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class, sortOptions = false,
        description = {
            "Combine the results files of a sweep's shards (--shard I/N) into the results of the whole sweep, in cell "
                    + "order. Fails, naming the file, line and cell, if a cell is in two files or in none, or if the "
                    + "files are of different sweeps (scenario digest, axes or seeds).", ""})
public final class SweepMergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The shards' results files.")
    List<Path> files;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The merged results file.")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the cells as CSV.")
    Path csv;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the self-contained HTML report.")
    Path report;

    @Override
    public Integer call() throws IOException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            inputs.put("FILE " + (i + 1), files.get(i));
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--csv", csv);
        outputs.put("--report", report);
        OutputFiles.check(spec.commandLine(), inputs, outputs);
        List<ResultLine> lines;
        try {
            lines = Merge.merge(files);
        } catch (SweepException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append('\n'));
        OutputFiles.write("--out", out, sb.toString());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("Merged " + lines.size() + " cells of sweep " + lines.get(0).header().scenario() + " ("
                + SweepCommand.describe(lines.get(0).header().plan()) + ") from " + files.size() + " files into " + out);
        stdout.println();
        stdout.print(SummaryTable.render(lines));
        SweepOutputs.write(stdout, lines, lines.get(0).header(), csv, report, true);
        stdout.flush();
        return 0;
    }
}
