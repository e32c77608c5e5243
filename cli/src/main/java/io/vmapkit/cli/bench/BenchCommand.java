package io.vmapkit.cli.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmapkit bench}: a group of benchmark commands. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class,
        subcommands = TestVmallocCommand.class,
        description = {"Benchmarks: the kernel's test_vmalloc suite on the model.",
            "The JMH suites are not part of this command: they are the separate benchmarks jar of vmapkit's bench module."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
