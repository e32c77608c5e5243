package io.vmapkit.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class PluginSettingsTest {

    private static PluginSettings settings(String... kv) {
        return PluginSettings.of(new MockContext("demo", kv).context, "capacity", "share", "wait-ms");
    }

    @Test
    void absentSettingsTakeTheirDefaults() {
        PluginSettings s = settings();
        assertThat(s.intValue("capacity", 256, 1, 1000)).isEqualTo(256);
        assertThat(s.fraction("share", 0.25, 0, 0.9)).isEqualTo(0.25);
        assertThat(s.millisAsNanos("wait-ms", 1500)).isEqualTo(1_500_000_000L);
    }

    @Test
    void valuesAreParsedWithSurroundingSpaceAndFractionsAsPercentages() {
        PluginSettings s = settings("capacity= 12 ", "share=40%", "wait-ms=0");
        assertThat(s.intValue("capacity", 256, 1, 1000)).isEqualTo(12);
        assertThat(s.fraction("share", 0.25, 0, 0.9)).isEqualTo(0.4);
        assertThat(s.millisAsNanos("wait-ms", 1500)).isZero();
    }

    @Test
    void badValuesAreRefusedNamingTheFullKeyTheValueAndTheRule() {
        assertThatThrownBy(() -> settings("capacity=0").intValue("capacity", 256, 1, 1000))
                .hasMessage("vmapkit.plugin.demo.capacity = 0: must be at least 1");
        assertThatThrownBy(() -> settings("capacity=1001").intValue("capacity", 256, 1, 1000))
                .hasMessage("vmapkit.plugin.demo.capacity = 1001: must be at most 1000");
        assertThatThrownBy(() -> settings("capacity=99999999999").intValue("capacity", 256, 1, Integer.MAX_VALUE))
                .hasMessage("vmapkit.plugin.demo.capacity = 99999999999: must be at most 2147483647");
        assertThatThrownBy(() -> settings("capacity=ten").intValue("capacity", 256, 1, 1000))
                .hasMessage("vmapkit.plugin.demo.capacity = ten: is not an integer");
        assertThatThrownBy(() -> settings("share=NaN").fraction("share", 0.25, 0, 0.9))
                .hasMessage("vmapkit.plugin.demo.share = NaN: must be at least 0.0");
        assertThatThrownBy(() -> settings("share=95%").fraction("share", 0.25, 0, 0.9))
                .hasMessage("vmapkit.plugin.demo.share = 95%: must be at most 0.9");
        assertThatThrownBy(() -> settings("wait-ms=-1").millisAsNanos("wait-ms", 1500))
                .hasMessage("vmapkit.plugin.demo.wait-ms = -1: must not be negative");
        assertThatThrownBy(() -> settings("wait-ms=" + Long.MAX_VALUE).millisAsNanos("wait-ms", 1500))
                .hasMessageContaining("is too large");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheClosestKnownKeyWhenItLooksLikeATypo() {
        assertThatThrownBy(() -> settings("capacty=3"))
                .hasMessage("unknown setting 'vmapkit.plugin.demo.capacty' (did you mean 'vmapkit.plugin.demo.capacity'?); "
                        + "plugin 'demo' knows [capacity, share, wait-ms]");
        assertThatThrownBy(() -> settings("colour=blue"))
                .hasMessage("unknown setting 'vmapkit.plugin.demo.colour'; plugin 'demo' knows [capacity, share, wait-ms]");
    }
}
