package io.vmapkit.cli;

import io.vmapkit.cli.bench.BenchCommand;
import io.vmapkit.cli.plugins.PluginsCommand;
import io.vmapkit.cli.simulate.ScenariosCommand;
import io.vmapkit.cli.simulate.SimulateCommand;
import io.vmapkit.cli.sweep.SweepCommand;
import io.vmapkit.cli.trace.ReplayCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code vmapkit} command itself: a group of subcommands. */
@Command(name = "vmapkit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "A model of the Linux kernel's vmap (vmalloc) address space, lazy purge and the vmap purge notifier.",
            ""},
        subcommands = {SimulateCommand.class, ScenariosCommand.class, SweepCommand.class, BenchCommand.class, ReplayCommand.class,
            PluginsCommand.class},
        footer = {"", "Exit codes: 0 success, 2 usage error, 1 failure.",
            "Run 'vmapkit <command> --help' for a command's options."})
final class VmapkitCommand implements Callable<Integer> {

    /** Shown with stack traces; read by {@link Cli} from the parse result, on any subcommand. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and vmapkit's log messages at every level.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
