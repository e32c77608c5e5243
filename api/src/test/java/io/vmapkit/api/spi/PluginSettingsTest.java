package io.vmapkit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed, checked reading of {@code vmapkit.plugin.<name>.<key>} settings and the "did you mean" rule. */
class PluginSettingsTest {

    private static PluginSettings settings(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (String s : kv) {
            int eq = s.indexOf('=');
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return PluginSettings.of("demo", m, "capacity", "share", "wait-ms", "enabled", "bytes", "era");
    }

    @Test
    void absentSettingsTakeTheirDefaults() {
        PluginSettings s = settings();
        assertThat(s.plugin()).isEqualTo("demo");
        assertThat(s.intValue("capacity", 256, 1, 1000)).isEqualTo(256);
        assertThat(s.longValue("bytes", 1L << 40, 0, Long.MAX_VALUE)).isEqualTo(1L << 40);
        assertThat(s.fraction("share", 0.25, 0, 0.9)).isEqualTo(0.25);
        assertThat(s.millisAsNanos("wait-ms", 1500)).isEqualTo(1_500_000_000L);
        assertThat(s.booleanValue("enabled", true)).isTrue();
        assertThat(s.value("era", "4.7", String::toUpperCase)).isEqualTo("4.7");
    }

    @Test
    void valuesAreParsedWithSurroundingSpaceAndFractionsAsPercentages() {
        PluginSettings s = settings("capacity= 12 ", "share=40%", "wait-ms=0", "enabled= FALSE", "bytes=4096",
                "era= x ");
        assertThat(s.intValue("capacity", 256, 1, 1000)).isEqualTo(12);
        assertThat(s.fraction("share", 0.25, 0, 0.9)).isEqualTo(0.4);
        assertThat(s.millisAsNanos("wait-ms", 1500)).isZero();
        assertThat(s.booleanValue("enabled", true)).isFalse();
        assertThat(s.longValue("bytes", 0, 0, Long.MAX_VALUE)).isEqualTo(4096);
        assertThat(s.value("era", "4.7", String::toUpperCase)).isEqualTo("X");
    }

    @Test
    void theContextsSettingsAreReadUnderThePluginsName() {
        PluginContext ctx = mock(PluginContext.class);
        when(ctx.pluginName()).thenReturn("msm");
        when(ctx.settings()).thenReturn(Map.of("log-burst", "0"));
        assertThatThrownBy(() -> PluginSettings.of(ctx, "log-burst").intValue("log-burst", 10, 1, Integer.MAX_VALUE))
                .hasMessage("vmapkit.plugin.msm.log-burst = 0: must be at least 1");
    }

    @Test
    void badValuesAreRefusedNamingTheFullKeyTheValueAndTheRule() {
        assertThatThrownBy(() -> settings("capacity=0").intValue("capacity", 256, 1, 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vmapkit.plugin.demo.capacity = 0: must be between 1 and 1000");
        assertThatThrownBy(() -> settings("capacity=1001").intValue("capacity", 256, 1, 1000))
                .hasMessage("vmapkit.plugin.demo.capacity = 1001: must be between 1 and 1000");
        assertThatThrownBy(() -> settings("capacity=0").intValue("capacity", 256, 1, Integer.MAX_VALUE))
                .hasMessage("vmapkit.plugin.demo.capacity = 0: must be at least 1");
        assertThatThrownBy(() -> settings("capacity=99999999999").intValue("capacity", 256, 1, Integer.MAX_VALUE))
                .hasMessage("vmapkit.plugin.demo.capacity = 99999999999: must be at most 2147483647");
        assertThatThrownBy(() -> settings("capacity=ten").intValue("capacity", 256, 1, 1000))
                .hasMessage("vmapkit.plugin.demo.capacity = ten: is not an integer");
        assertThatThrownBy(() -> settings("bytes=-1").longValue("bytes", 0, 0, Long.MAX_VALUE))
                .hasMessage("vmapkit.plugin.demo.bytes = -1: must be at least 0");
        assertThatThrownBy(() -> settings("bytes=1e3").longValue("bytes", 0, 0, Long.MAX_VALUE))
                .hasMessage("vmapkit.plugin.demo.bytes = 1e3: is not an integer");
        assertThatThrownBy(() -> settings("share=NaN").fraction("share", 0.25, 0, 0.9))
                .hasMessage("vmapkit.plugin.demo.share = NaN: must be between 0.0 and 0.9");
        assertThatThrownBy(() -> settings("share=95%").fraction("share", 0.25, 0, 0.9))
                .hasMessage("vmapkit.plugin.demo.share = 95%: must be between 0.0 and 0.9");
        assertThatThrownBy(() -> settings("share=half").fraction("share", 0.25, 0, 0.9))
                .hasMessage("vmapkit.plugin.demo.share = half: is not a number (write 0.25 or 25%)");
        assertThatThrownBy(() -> settings("wait-ms=-1").millisAsNanos("wait-ms", 1500))
                .hasMessage("vmapkit.plugin.demo.wait-ms = -1: must not be negative");
        assertThatThrownBy(() -> settings("wait-ms=" + Long.MAX_VALUE).millisAsNanos("wait-ms", 1500))
                .hasMessage("vmapkit.plugin.demo.wait-ms = " + Long.MAX_VALUE + ": is too large");
        assertThatThrownBy(() -> settings("enabled=yes").booleanValue("enabled", true))
                .hasMessage("vmapkit.plugin.demo.enabled = yes: must be true or false");
    }

    @Test
    void aParsersRefusalIsRethrownNamingKeyAndValueWithItsReason() {
        IllegalArgumentException reason = new IllegalArgumentException("unknown era '4.8'; known: 4.7, 4.9");
        assertThatThrownBy(() -> settings("era=4.8").value("era", "4.7", v -> {
            throw reason;
        })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vmapkit.plugin.demo.era = 4.8: unknown era '4.8'; known: 4.7, 4.9")
                .hasCause(reason);
    }

    @Test
    void aRangeThatIsEmptyIsAProgrammingErrorNamingIt() {
        assertThatThrownBy(() -> settings().intValue("capacity", 1, 10, 1))
                .hasMessage("range [10, 1] of setting capacity is empty");
        assertThatThrownBy(() -> settings().fraction("share", 0.5, 1, 0))
                .hasMessage("range [1.0, 0.0] of setting share is empty");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestKnownKeyWhenItLooksLikeATypo() {
        assertThatThrownBy(() -> settings("capacty=3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting 'vmapkit.plugin.demo.capacty' (did you mean 'vmapkit.plugin.demo.capacity'?); "
                        + "plugin 'demo' knows [bytes, capacity, enabled, era, share, wait-ms]");
        assertThatThrownBy(() -> settings("colour=blue"))
                .hasMessage("unknown setting 'vmapkit.plugin.demo.colour'; "
                        + "plugin 'demo' knows [bytes, capacity, enabled, era, share, wait-ms]");
    }

    @Test
    void theFirstUnknownKeyInSortedOrderIsTheOneReported() {
        assertThatThrownBy(() -> settings("zeta=1", "alpha=2", "capacity=3"))
                .hasMessageStartingWith("unknown setting 'vmapkit.plugin.demo.alpha'");
    }

    @Test
    void aWildcardKeyAdmitsEveryLongerKeyWithItsPrefix() {
        PluginSettings s = PluginSettings.of("i915", Map.of("era", "4.9", "workload.clients", "3",
                "workload.operations", "10"), "era", "workload.*");
        assertThat(s.startingWith("workload.")).containsExactly(Map.entry("clients", "3"), Map.entry("operations", "10"));
        assertThat(s.startingWith("nothing.")).isEmpty();
        assertThatThrownBy(() -> PluginSettings.of("i915", Map.of("workload.", "3"), "era", "workload.*"))
                .hasMessage("unknown setting 'vmapkit.plugin.i915.workload.'; plugin 'i915' knows [era, workload.*]");
        assertThatThrownBy(() -> PluginSettings.of("i915", Map.of("workloads.clients", "3"), "era", "workload.*"))
                .hasMessageStartingWith("unknown setting 'vmapkit.plugin.i915.workloads.clients'");
    }

    @Test
    void theFullKeyIsThePrefixThePluginAndTheKey() {
        assertThat(PluginSettings.fullKey("balloon", "share")).isEqualTo("vmapkit.plugin.balloon.share");
        assertThat(PluginSettings.KEY_PREFIX).isEqualTo("vmapkit.plugin.");
    }

    @Test
    void aSuggestionIsWithinTwoEditsOrAQuarterOfTheShorterNameAndNeverARewriteOfAll() {
        List<String> keys = List.of("hz", "capacity", "abcdefghijklmnop", "vmapkit.allocator.max-notifier-rounds");
        assertThat(PluginSettings.closest("capacty", keys)).as("1 edit").contains("capacity");
        assertThat(PluginSettings.closest("capcty", keys)).as("2 edits").contains("capacity");
        assertThat(PluginSettings.closest("cpct", keys)).as("4 edits").isEmpty();
        assertThat(PluginSettings.closest("ABCDefghijklmnop", keys)).as("4 edits, a quarter of 16")
                .contains("abcdefghijklmnop");
        assertThat(PluginSettings.closest("ABCDEfghijklmnop", keys)).as("5 edits").isEmpty();
        assertThat(PluginSettings.closest("h", keys)).contains("hz");
        assertThat(PluginSettings.closest("x", keys)).as("2 edits, but every character of hz").isEmpty();
        assertThat(PluginSettings.closest("vmapkit.allocator.max-notifer-rounds", keys))
                .contains("vmapkit.allocator.max-notifier-rounds");
        assertThat(PluginSettings.closest("colour", keys)).isEmpty();
        assertThat(PluginSettings.closest("anything", List.of())).isEmpty();
    }

    @Test
    void ofEquallyNearCandidatesTheFirstWins() {
        assertThat(PluginSettings.closest("ab", List.of("ax", "xb"))).contains("ax");
        assertThat(PluginSettings.closest("ab", List.of("xb", "ax"))).contains("xb");
    }
}
