package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plugin's settings and the era switch. */
class I915SettingsTest {

    @Test
    void defaultsAreTheKernelsOwn() {
        I915Settings s = I915Settings.defaults();
        assertThat(s.era()).isEqualTo(Era.V4_7);
        assertThat(s.vmapNotifier()).isTrue();
        assertThat(s.oomNotifier()).isTrue();
        assertThat(s.shrinker()).isTrue();
        assertThat(s.lockTimeoutMs()).isEqualTo(5000);
        assertThat(s.hz()).isEqualTo(250);
        assertThat(s.jiffyNanos()).isEqualTo(4_000_000);
        assertThat(s.ownerTracking()).isTrue();
        assertThat(s.stopEarly()).isFalse();
        assertThat(s.swap()).isTrue();
        assertThat(s.registersVmapNotifier()).isTrue();
        assertThat(s.workloadDefaults()).isEmpty();
    }

    @Test
    void everyKeyIsParsed() {
        I915Settings s = I915Settings.parse(Map.of("era", "4.9", "vmap-notifier", "false", "oom-notifier", "FALSE",
                "shrinker", "false", "lock-timeout-ms", "0", "hz", "1000", "owner-tracking", "false", "stop-early",
                "true", "swap", "false", "workload.clients", "3"));
        assertThat(s).isEqualTo(new I915Settings(Era.V4_9, false, false, false, 0, 1000, false, true, false,
                Map.of("clients", "3")));
    }

    @Test
    void beforeFourSevenTheVmapNotifierIsNeverRegistered() {
        assertThat(I915Settings.parse(Map.of("era", "pre-4.7", "vmap-notifier", "true")).registersVmapNotifier())
                .isFalse();
    }

    @Test
    void anUnknownKeyIsRejectedNamingItAndTheClosestKnownKey() {
        assertThatThrownBy(() -> I915Settings.parse(Map.of("owner-traking", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'vmapkit.plugin.i915.owner-traking'")
                .hasMessageContaining("did you mean 'vmapkit.plugin.i915.owner-tracking'");
        assertThatThrownBy(() -> I915Settings.parse(Map.of("workload.operatons", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'operatons'").hasMessageContaining("did you mean 'operations'");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"era, 4.8", "era, '', ", "vmap-notifier, yes", "lock-timeout-ms, -1", "lock-timeout-ms, 5s",
            "hz, 0", "swap, 1", "workload.clients, 0", "workload.heavy-request-rate, 2"})
    void aBadValueIsRejectedNamingKeyAndValue(String key, String value) {
        String v = value == null ? "" : value;
        assertThatThrownBy(() -> I915Settings.parse(Map.of(key, v))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.replace("workload.", "")).hasMessageContaining(v.isEmpty() ? "''" : v);
    }

    @Test
    void erasParseByTheirLabels() {
        assertThat(Era.parse("pre-4.7")).isEqualTo(Era.PRE_4_7);
        assertThat(Era.parse(" 4.7 ")).isEqualTo(Era.V4_7);
        assertThat(Era.parse("4.9")).isEqualTo(Era.V4_9);
        assertThat(Era.V4_9.toString()).isEqualTo("4.9");
        assertThat(Era.PRE_4_7.cachesMappings()).isFalse();
        assertThat(Era.V4_7.hasVmaIomaps()).isFalse();
        assertThat(Era.V4_9.notifierUnbindsIomaps()).isTrue();
    }

    @Test
    void shrinkFlagsUseTheFourXValues() {
        assertThat(ShrinkFlags.PURGEABLE).isEqualTo(0x1);
        assertThat(ShrinkFlags.UNBOUND).isEqualTo(0x2);
        assertThat(ShrinkFlags.BOUND).isEqualTo(0x4);
        assertThat(ShrinkFlags.ACTIVE).isEqualTo(0x8);
        assertThat(ShrinkFlags.VMAPS).isEqualTo(0x10);
        assertThat(ShrinkFlags.describe(ShrinkFlags.VMAP_NOTIFIER)).isEqualTo("UNBOUND|BOUND|ACTIVE|VMAPS");
        assertThat(ShrinkFlags.describe(ShrinkFlags.SHRINK_ALL)).isEqualTo("UNBOUND|BOUND|ACTIVE");
    }
}
