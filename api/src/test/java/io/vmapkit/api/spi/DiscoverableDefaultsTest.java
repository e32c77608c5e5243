package io.vmapkit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import org.junit.jupiter.api.Test;

class DiscoverableDefaultsTest {

    @Test
    void discoverableDefaults() {
        VmapPlugin plugin = new VmapPlugin() {
            @Override public String name() { return "p"; }
            @Override public InstalledPlugin install(PluginContext context) { return new InstalledPlugin() {}; }
        };
        assertThat(plugin.priority()).isZero();
        assertThat(plugin.version()).isEqualTo("unspecified");
        assertThat(plugin.description()).isEmpty();
        assertThat(plugin.apiVersion()).isEqualTo(1);
        InstalledPlugin installed = plugin.install(mock(PluginContext.class));
        installed.close(); // the default close does nothing and does not throw
        assertThat(plugin.workloads()).isEmpty();
        assertThatThrownBy(() -> installed.newWorkload("i915", 1, java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this plugin offers no workload 'i915'");
    }
}
