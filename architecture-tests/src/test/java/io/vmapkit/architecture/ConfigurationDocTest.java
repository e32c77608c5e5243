package io.vmapkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Configurable;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.runtime.KernelEra;
import io.vmapkit.runtime.VmapConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in step with the code: every configuration key (the runtime's
 * own and every setting the discovered providers declare) has a row in the key table with its
 * declared default, and the "Kernel presets" table says, key by key, what each preset (the
 * providers' {@code preset(release)} answers) and the default really set. Adding a provider setting
 * therefore needs exactly one docs row, and this test names it if it is missing.
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

    /** Every provider discovered on the class path, of the three kinds. */
    private static List<Configurable> providers() {
        List<Configurable> all = new ArrayList<>();
        for (Class<? extends Configurable> type : List.of(AllocatorProvider.class, NotifierProvider.class, PagePoolProvider.class)) {
            ServiceLoader.load(type).forEach(all::add);
        }
        return all;
    }

    /** Every setting the discovered providers declare, by key. */
    private static Map<String, Setting<?>> declaredSettings() {
        Map<String, Setting<?>> m = new LinkedHashMap<>();
        providers().forEach(p -> p.settings().forEach(s -> m.putIfAbsent(s.key(), s)));
        return m;
    }

    /** The provider of {@code type} named {@code name}. */
    private static <T extends Discoverable> T provider(Class<T> type, String name) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).filter(p -> p.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /**
     * The keys are collected from the code: the runtime's own ({@link VmapConfig#KEYS}) and every
     * setting a provider declares ({@code settings()}), so a new setting without a docs row fails
     * here; each declared setting's documented default is its declared default.
     */
    @Test
    void everyConfigurationKeyHasARowInTheKeyTable() {
        String doc = doc();
        Map<String, List<String>> keyTable = rows(doc.substring(0, doc.indexOf("\n## ")));
        assertThat(keyTable.keySet()).as("keys documented in " + PATH).containsAll(VmapConfig.KEYS);
        Map<String, Setting<?>> declared = declaredSettings();
        assertThat(declared).as("settings declared by the providers").isNotEmpty();
        assertThat(keyTable.keySet()).as("provider settings documented in " + PATH).containsAll(declared.keySet());
        declared.forEach((key, setting) -> assertThat(value(keyTable.get(key).get(1)))
                .as("documented default of " + key).isEqualTo(setting.defaultText()));
    }

    /**
     * The "Kernel presets" table: a row for the runtime's allocator choice and for every key some
     * provider's {@code preset(release)} sets, no other era row; the default column holds each
     * setting's declared default, each release column (one per {@link KernelEra}) the preset's value
     * (for allocator settings, the value the release's own allocator gives; for the others, the
     * default providers'), or a dash where that preset does not set the key.
     */
    @Test
    void theKernelPresetTableListsWhatEachPresetAndTheDefaultSet() {
        Map<String, List<String>> table = rows(section(doc(), "Kernel presets"));
        KernelEra[] columns = KernelEra.values();
        List<Map<String, String>> presets = new ArrayList<>();
        Set<String> presetKeys = new LinkedHashSet<>();
        presetKeys.add(VmapConfig.ALLOCATOR);
        for (KernelEra era : columns) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(VmapConfig.ALLOCATOR, era.allocator());
            m.putAll(provider(AllocatorProvider.class, era.allocator()).preset(era.value()));
            m.putAll(provider(NotifierProvider.class, "default").preset(era.value()));
            m.putAll(provider(PagePoolProvider.class, "default").preset(era.value()));
            presets.add(m);
            presetKeys.addAll(m.keySet());
        }
        Map<String, List<String>> presetRows = new LinkedHashMap<>();
        table.forEach((k, v) -> {
            if (presetKeys.contains(k)) {
                presetRows.put(k, v);
            }
        });
        assertThat(presetRows.keySet()).as("the preset table has a row for every key a preset sets")
                .containsExactlyInAnyOrderElementsOf(presetKeys);

        Map<String, Setting<?>> declared = declaredSettings();
        for (Map.Entry<String, List<String>> row : presetRows.entrySet()) {
            String key = row.getKey();
            List<String> cells = row.getValue();
            if (key.equals(VmapConfig.ALLOCATOR)) {
                assertThat(cells.get(0)).as("default of " + key).startsWith("highest priority");
            } else {
                assertThat(value(cells.get(0))).as("default of " + key).isEqualTo(declared.get(key).defaultText());
            }
            for (int i = 0; i < columns.length; i++) {
                String expected = presets.get(i).get(key);
                if (expected == null) {
                    // the preset leaves the key at its default: the cell says so with a dash
                    assertThat(cells.get(1 + i).strip()).as(columns[i] + " " + key + " (not set by the preset)").isEqualTo("—");
                } else {
                    assertThat(value(cells.get(1 + i))).as(columns[i] + " " + key).isEqualTo(expected);
                }
            }
        }
    }
}
