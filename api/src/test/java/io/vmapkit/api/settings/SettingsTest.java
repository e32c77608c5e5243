package io.vmapkit.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static final Setting<Integer> ROUNDS = Setting.roundCap("ns.max-rounds", 8, "rounds");
    private static final Setting<Boolean> CHECKS = Setting.bool("ns.debug-checks", false, "checks");
    private static final Setting<Long> PAGES = Setting.longInteger("ns.pages", 100, "pages").atLeast(1);

    @Test
    void anUnsetKeyGivesTheDefaultAndASetOneItsParsedValueAndSource() {
        Settings s = Settings.builder().set("ns.max-rounds", " unlimited ", Settings.file("a.properties", 3)).build();
        assertThat(s.get(ROUNDS)).isEqualTo(-1);
        assertThat(s.source("ns.max-rounds")).isEqualTo("file a.properties line 3");
        assertThat(s.get(CHECKS)).isFalse();
        assertThat(s.source("ns.debug-checks")).isEqualTo("default");
        assertThat(s.describe(CHECKS)).isEqualTo("ns.debug-checks=false (default)");
        assertThat(s.describe(ROUNDS)).isEqualTo("ns.max-rounds= unlimited  (file a.properties line 3)");
    }

    @Test
    void aBadValueNamesKeyValueAndSourceWhenRead() {
        Settings s = Settings.of(Map.of("ns.pages", "0"), Settings.SYSTEM_PROPERTY);
        assertThatThrownBy(() -> s.get(PAGES)).isInstanceOf(SettingException.class)
                .hasMessage("ns.pages = 0: must be at least 1 (system property)")
                .satisfies(e -> {
                    SettingException se = (SettingException) e;
                    assertThat(se.key()).isEqualTo("ns.pages");
                    assertThat(se.value()).isEqualTo("0");
                    assertThat(se.source()).contains("system property");
                });
    }

    @Test
    void theUpperLayerWinsKeyByKeyAndKeepsItsSource() {
        Settings preset = Settings.of(Map.of("ns.max-rounds", "unlimited", "ns.debug-checks", "true"), Settings.preset("4.7"));
        Settings explicit = Settings.of(Map.of("ns.max-rounds", "3"), Settings.BUILDER);
        Settings merged = preset.overriddenBy(explicit);
        assertThat(merged.get(ROUNDS)).isEqualTo(3);
        assertThat(merged.source("ns.max-rounds")).isEqualTo("builder");
        assertThat(merged.get(CHECKS)).isTrue();
        assertThat(merged.source("ns.debug-checks")).isEqualTo("preset 4.7");
        assertThat(merged.get(PAGES)).isEqualTo(100);
        assertThat(merged.keys()).containsExactly("ns.debug-checks", "ns.max-rounds");
        assertThat(Settings.empty().overriddenBy(explicit)).isEqualTo(explicit);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ns.max-round|did you mean 'ns.max-rounds'",           // one deletion
        "ns.debug-chekcs|did you mean 'ns.debug-checks'",      // two substitutions (a swap)
        "ns.pagse|did you mean 'ns.pages'",
    })
    void anUnknownKeyInTheNamespaceIsRefusedWithTheClosestDeclaredKey(String key, String hint) {
        Settings s = Settings.of(Map.of(key, "1", "other.key", "x"), "-D");
        assertThatThrownBy(() -> s.check("ns.", "test 'x'", List.of(ROUNDS, CHECKS, PAGES)))
                .isInstanceOf(SettingException.class)
                .hasMessage("unknown setting '" + key + "' (" + hint + "?); test 'x' knows [ns.debug-checks, "
                        + "ns.max-rounds, ns.pages] (-D)");
    }

    @Test
    void checkParsesEveryDeclaredValueAndIgnoresOtherNamespaces() {
        Settings ok = Settings.of(Map.of("ns.pages", "0x10", "other.pages", "nonsense"), "builder");
        ok.check("ns.", "test", List.of(PAGES));
        assertThat(ok.get(PAGES)).isEqualTo(16);
        Settings bad = Settings.of(Map.of("ns.debug-checks", "yes"), "builder");
        assertThatThrownBy(() -> bad.check("ns.", "test", List.of(CHECKS)))
                .hasMessage("ns.debug-checks = yes: must be true or false (builder)");
    }

    @Test
    void theBuilderWritesTypedValuesAsTheSettingReadsThemAndRefusesBadOnes() {
        Settings.Builder b = Settings.builder().set(ROUNDS, -1);
        assertThat(b.build().raw("ns.max-rounds")).contains("unlimited");
        assertThatThrownBy(() -> b.set(ROUNDS, 0)).hasMessage("ns.max-rounds = 0: must be at least 1, or unlimited (builder)");
        assertThat(b.build().get(ROUNDS)).as("the builder is unchanged").isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "capacty|capacity",          // 1 edit
        "capcty|capacity",           // 2 edits
        "cpct|",                     // 4 edits > max(2, 4/4)
        "ABCDefghijklmnop|abcdefghijklmnop",   // 4 edits, a quarter of 16
        "ABCDEfghijklmnop|",         // 5 edits
        "h|hz",                      // 1 edit
        "x|",                        // 2 edits, but every character of hz
        "colour|",
        "vmapkit.plugin-msm.log-burst|vmapkit.plugin.<name>.<key>",   // the form's literal 'vmapkit.plugin.' is 1 edit away
        "vmapkit.plugins.exclud|vmapkit.plugins.exclude",             // a plain key as near wins over the form
    })
    void didYouMean(String typo, String expected) {
        List<String> known = List.of("capacity", "abcdefghijklmnop", "hz", "vmapkit.plugins.exclude",
                "vmapkit.plugin.<name>.<key>");
        assertThat(Spelling.closest(typo, known).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
        "''|''|0", "same|same|0", "abc|''|3", "''|abc|3", "kitten|sitting|3", "flaw|lawn|2", "ab|ba|2",
        "owner-traking|owner-tracking|1"})
    void editDistance(String a, String b, int distance) {
        assertThat(Spelling.editDistance(a, b)).isEqualTo(distance);
        assertThat(Spelling.editDistance(b, a)).isEqualTo(distance);
    }
}
