package io.vmapkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.runtime.KernelEra;
import io.vmapkit.runtime.VmapConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in step with the code: every configuration key has a row in
 * the key table, and the "Kernel presets" table says, key by key, what each preset and the default
 * really set.
 */
class ConfigurationDocTest {

    private static final String PATH = "docs/configuration.md";
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(vmapkit\\.[^`]+)`\\s*\\|(.*)\\|\\s*$", Pattern.MULTILINE);
    private static final Pattern FIRST_CODE = Pattern.compile("`([^`]+)`");

    private static String doc() {
        return FidelityDoc.read(FidelityDoc.repositoryRoot(Path.of("")).resolve(PATH));
    }

    /** The text of the section under {@code heading}, up to the next {@code ## } heading. */
    private static String section(String doc, String heading) {
        int start = doc.indexOf("\n## " + heading + "\n");
        assertThat(start).as("section '" + heading + "' in " + PATH).isNotNegative();
        int end = doc.indexOf("\n## ", start + 4);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** Each table row's key and its cells, in order. */
    private static Map<String, List<String>> rows(String text) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            List<String> cells = new ArrayList<>();
            for (String c : m.group(2).split("\\|")) {
                cells.add(c.strip());
            }
            rows.put(m.group(1), cells);
        }
        return rows;
    }

    /** The first {@code `code`} of a cell, or the cell itself. */
    private static String value(String cell) {
        Matcher m = FIRST_CODE.matcher(cell);
        return m.find() ? m.group(1) : cell;
    }

    @Test
    void everyConfigurationKeyHasARowInTheKeyTable() {
        String doc = doc();
        Map<String, List<String>> keyTable = rows(doc.substring(0, doc.indexOf("\n## ")));
        assertThat(keyTable.keySet()).as("keys documented in " + PATH).containsAll(VmapConfig.KEYS);
    }

    @Test
    void theKernelPresetTableListsWhatEachPresetAndTheDefaultSet() {
        Map<String, List<String>> table = rows(section(doc(), "Kernel presets"));
        Map<String, List<String>> presetRows = new LinkedHashMap<>();
        table.forEach((k, v) -> {
            if (KernelEra.KEYS.contains(k)) {
                presetRows.put(k, v);
            }
        });
        assertThat(presetRows.keySet()).as("the era keys, in KernelEra.KEYS order").containsExactlyElementsOf(KernelEra.KEYS);

        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : VmapConfig.defaults().toString().split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (eq > 0 && l.endsWith(" (default)")) {
                defaults.put(l.substring(0, eq), l.substring(eq + 1, l.length() - " (default)".length()));
            }
        }
        KernelEra[] columns = {KernelEra.V4_7, KernelEra.V5_2, KernelEra.V6_X};
        for (Map.Entry<String, List<String>> row : presetRows.entrySet()) {
            String key = row.getKey();
            List<String> cells = row.getValue();
            if (key.equals(VmapConfig.ALLOCATOR)) {
                assertThat(cells.get(0)).as("default of " + key).startsWith("highest priority");
            } else {
                assertThat(value(cells.get(0))).as("default of " + key).isEqualTo(defaults.get(key));
            }
            for (int i = 0; i < columns.length; i++) {
                assertThat(value(cells.get(1 + i))).as(columns[i] + " " + key).isEqualTo(columns[i].settings().get(key));
            }
        }
    }
}
