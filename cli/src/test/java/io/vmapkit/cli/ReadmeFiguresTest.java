package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison behind {@code DefaultScenarioTest#theReadmeFiguresTableIsWhatSimulatePrints}:
 * that it notices an edited number, a missing row and a missing table, and ignores layout.
 */
class ReadmeFiguresTest {

    private static final String OUTPUT = String.join("\n",
            "Scenario x",
            "",
            "figure                          pre-4.7      cache",
            "operations                       100000     100000",
            "vmaps                             99585       3077",
            "peak live                       6.0 MiB  119.1 MiB",
            "");

    private static String readme(String... rows) {
        return "# title\n\n" + ReadmeFigures.INTRO + ", with every default:\n\n```\n" + String.join("\n", rows) + "\n```\n\nmore\n";
    }

    @Test
    void aTableThatMatchesRowForRowPassesWhateverItsSpacing() {
        List<String> table = ReadmeFigures.table(readme(
                "figure     pre-4.7    cache",
                "vmaps        99585     3077",
                "peak live  6.0 MiB  119.1 MiB"));
        assertThat(table).hasSize(3);
        assertThat(ReadmeFigures.mismatches(table, OUTPUT)).isEmpty();
    }

    @Test
    void anEditedNumberIsNamedWithBothValues() {
        List<String> table = ReadmeFigures.table(readme(
                "figure     pre-4.7    cache",
                "vmaps        99585     3078"));
        assertThat(ReadmeFigures.mismatches(table, OUTPUT))
                .containsExactly("README row 'vmaps' says [99585 3078], simulate prints [99585 3077]");
    }

    @Test
    void anEditedUnitIsNamed() {
        List<String> table = ReadmeFigures.table(readme("peak live  6.0 KiB  119.1 MiB"));
        assertThat(ReadmeFigures.mismatches(table, OUTPUT)).singleElement().asString().contains("peak live");
    }

    @Test
    void aRowTheProgramDoesNotPrintIsNamed() {
        List<String> table = ReadmeFigures.table(readme("purges  41  66"));
        assertThat(ReadmeFigures.mismatches(table, OUTPUT)).containsExactly("README row 'purges' is not printed by simulate");
    }

    @Test
    void aReadmeWithoutTheTableIsRefused() {
        assertThatThrownBy(() -> ReadmeFigures.table("# title\nno figures here\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ReadmeFigures.INTRO);
    }
}
