package io.vmapkit.cli.simulate;

import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.Scenarios;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmapkit scenarios [NAME]}: the built-in scenarios, or one of them as a file to copy. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, versionProvider = io.vmapkit.cli.VersionProvider.class,
        description = {
            "List the built-in scenarios simulate runs, or print one.",
            "Without NAME: each scenario's name and description. With NAME: the scenario file exactly as shipped, "
                    + "to start your own from a copy (the format is in docs/scenarios.md), for example:"},
        footer = {"", "  vmapkit scenarios generic-churn > mine.yaml", "  vmapkit simulate --scenario mine.yaml"})
public final class ScenariosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "A built-in scenario to print.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            int width = Scenarios.names().stream().mapToInt(String::length).max().orElse(0);
            for (Scenario s : Scenarios.all()) {
                out.println(String.format("%-" + width + "s  %s", s.name(), s.description()));
            }
            out.println();
            out.println("Print one with 'vmapkit scenarios NAME > mine.yaml'; run a copy with "
                    + "'vmapkit simulate --scenario mine.yaml'.");
        } else {
            if (Scenarios.find(name).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "unknown scenario '" + name + "'"
                        + PluginSettings.closest(name, Scenarios.names()).map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + "; built-in: " + String.join(", ", Scenarios.names()));
            }
            out.print(Scenarios.text(name));
        }
        out.flush();
        return 0;
    }
}
