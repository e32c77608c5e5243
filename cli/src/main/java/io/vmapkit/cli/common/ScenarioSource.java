package io.vmapkit.cli.common;

import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.ScenarioParser;
import io.vmapkit.workloads.scenario.Scenarios;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code --scenario} names: a built-in scenario by name, or a scenario file by path. A name
 * that is neither fails naming both possibilities and the nearest built-in name; a file that does
 * not parse fails with its {@code FILE:LINE}. Used by {@code simulate --scenario} and
 * {@code sweep SCENARIO} alike. Stateless.
 */
public final class ScenarioSource {

    /**
     * A scenario as read.
     *
     * @param scenario the scenario (a file's relative layout path resolved beside the file)
     * @param fileText the scenario file's text, or {@code null} for a built-in scenario
     */
    public record Loaded(Scenario scenario, String fileText) {}

    private ScenarioSource() {}

    /**
     * The scenario {@code nameOrFile} names: a built-in one if there is one of that name, else the
     * file at that path.
     *
     * @throws IllegalArgumentException with the message for the user (a
     *     {@link io.vmapkit.workloads.scenario.ScenarioException} for a bad file)
     */
    public static Scenario load(String nameOrFile) {
        return read(nameOrFile).scenario();
    }

    /**
     * As {@link #load}, with the file's text when {@code nameOrFile} is a file.
     *
     * @throws IllegalArgumentException as {@link #load} does
     */
    public static Loaded read(String nameOrFile) {
        Optional<Scenario> builtIn = Scenarios.find(nameOrFile);
        if (builtIn.isPresent()) {
            return new Loaded(builtIn.get(), null);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            String hint = PluginSettings.closest(nameOrFile, Scenarios.names()).map(c -> "; did you mean '" + c + "'?").orElse("");
            throw new IllegalArgumentException("unknown scenario '" + nameOrFile + "': no built-in scenario and no file of "
                    + "that name" + hint + " (built-in: " + String.join(", ", Scenarios.names()) + ")");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(nameOrFile + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new IllegalArgumentException(nameOrFile + ": cannot read the scenario file: " + e.getMessage());
        }
        Scenario s = ScenarioParser.parse(text, nameOrFile);
        if (s.layout() != null && !s.layout().file().startsWith("classpath:")) {
            Path layout = Path.of(s.layout().file());
            if (!layout.isAbsolute()) {
                Path dir = file.toAbsolutePath().getParent();
                s = s.withLayout(new io.vmapkit.workloads.scenario.Layout(dir.resolve(layout).toString(),
                        s.layout().mode(), s.layout().where()));
            }
        }
        return new Loaded(s, text);
    }
}
