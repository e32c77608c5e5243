package io.vmapkit.cli.trace;

import io.vmapkit.cli.common.CommandFailure;
import io.vmapkit.cli.common.JfrOption;
import io.vmapkit.cli.common.OutputFiles;
import io.vmapkit.cli.common.PluginPathOption;
import io.vmapkit.cli.figures.FiguresJson;
import io.vmapkit.cli.figures.FiguresTable;
import io.vmapkit.trace.Replayer;
import io.vmapkit.trace.TraceHeader;
import io.vmapkit.workloads.figures.RunFigures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmapkit replay FILE}: plays a trace back and checks every outcome. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class,
        description = {
            "Replay a trace and check every address and failure.",
            "Plays a trace written by 'simulate --trace-out' on a fresh allocator of the recorded configuration, "
                    + "checks that every address and failure is the same, and prints the run's summary table.",
            "The trace format: docs/trace-format.md"})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PluginPathOption pluginPath;

    @Mixin
    JfrOption jfr;

    @Parameters(index = "0", paramLabel = "FILE", description = "The trace to replay.")
    Path file;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (as simulate --json).")
    Path json;

    @SuppressWarnings("try") // the JFR recording runs for the command and is written when closed
    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (Files.isDirectory(file)) {
            throw new CommandFailure("cannot replay " + file + ": it is a directory, not a trace file");
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--jfr", jfr.file());
        OutputFiles.check(spec.commandLine(), Map.of("FILE (the trace)", file), outputs);
        try (PluginPathOption.PluginLoader loader = pluginPath.open(); JfrOption.Session recording = jfr.start()) {
            Replayer.Result result = Replayer.replay(file, loader.loader()); // streams: constant memory
            RunFigures figures = RunFigures.replayed(result);
            TraceHeader h = result.header();
            out.println("Replayed " + file + ": " + result.operations() + " allocator operations (allocations, frees, purges, "
                    + "nested ones included) of a run of " + result.ops() + " workload operations, on " + h.allocator() + ", "
                    + h.space() + "; every address and failure matched the trace.");
            out.println();
            out.print(FiguresTable.render(List.of(figures)));
            if (json != null) {
                OutputFiles.write("--json", json, FiguresJson.render(List.of(figures)));
                out.println();
                out.println("Wrote " + json);
            }
            out.flush();
            return 0;
        }
    }
}
