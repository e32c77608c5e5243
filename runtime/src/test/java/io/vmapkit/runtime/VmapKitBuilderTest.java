package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.runtime.testplugins.GoodPlugin;
import io.vmapkit.runtime.testplugins.HighPlugin;
import io.vmapkit.runtime.testplugins.LowPlugin;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmapKitBuilderTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultProviderIsTheHighestPriorityThenName() {
        VmapBlueprint bp = VmapKit.builder().ignoreSystemProperties().resolve();
        for (Kind kind : List.of(Kind.ALLOCATOR, Kind.NOTIFIER, Kind.PAGE_POOL)) {
            List<ReportEntry> entries = new ArrayList<>(bp.report().entries(kind));
            entries.sort(Comparator.comparingInt(ReportEntry::priority).reversed().thenComparing(ReportEntry::name));
            assertThat(entries.get(0).status()).as(kind.label()).isEqualTo(Status.INSTALLED);
            assertThat(entries.subList(1, entries.size())).allSatisfy(e -> assertThat(e.status()).isEqualTo(Status.AVAILABLE));
        }
    }

    @Test
    void aProviderIsChosenByNameInConfigurationOrByOverride() {
        assertThat(Fixtures.kit().resolve().allocatorProvider().name()).isEqualTo("free-tree");
        Properties p = new Properties();
        p.setProperty("vmapkit.allocator", "busy-list");
        p.setProperty("vmapkit.ncpus", "8");
        VmapBlueprint bp = VmapKit.builder().overrides(p).resolve();
        assertThat(bp.allocatorProvider().name()).isEqualTo("busy-list");
        assertThat(bp.config().ncpus()).isEqualTo(8);
        assertThatThrownBy(() -> VmapKit.builder().allocator("no-such").ignoreSystemProperties().resolve())
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("vmapkit.allocator = no-such: no such allocator provider")
                .hasMessageContaining("free-tree (priority 10)");
    }

    @Test
    void overridesBeatBuilderCallsAndIgnoringThemRestoresTheCode() {
        Properties p = new Properties();
        p.setProperty("vmapkit.plugins.exclude", "good");
        assertThat(Fixtures.kit().ncpus(2).overrides(p).resolve().config().excludePlugins()).containsExactly("good");
        assertThat(Fixtures.kit().ncpus(2).overrides(p).ignoreSystemProperties().resolve().config().excludePlugins())
                .isEmpty();
    }

    @Test
    void includeAndExcludeListsFilterDiscoveredPlugins() throws Exception {
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("p.jar"), VmapPlugin.class,
                TestLoaders.names(GoodPlugin.class, HighPlugin.class, LowPlugin.class))) {
            assertThat(Fixtures.kit().classLoader(loader).discoverPlugins().resolve().plugins())
                    .extracting(VmapPlugin::name).containsExactly("high", "good", "low");

            VmapBlueprint excluded = Fixtures.kit().classLoader(loader)
                    .configure(c -> c.discoverPlugins(true).excludePlugins(List.of("high"))).resolve();
            assertThat(excluded.plugins()).extracting(VmapPlugin::name).containsExactly("good", "low");
            assertThat(excluded.report().find(Kind.PLUGIN, "high").orElseThrow().reason())
                    .isEqualTo("excluded by vmapkit.plugins.exclude");

            VmapBlueprint included = Fixtures.kit().classLoader(loader)
                    .configure(c -> c.includePlugins(List.of("low", "missing"))).resolve();
            assertThat(included.plugins()).extracting(VmapPlugin::name).containsExactly("low");
            assertThat(included.report().find(Kind.PLUGIN, "good").orElseThrow().reason()).isEqualTo("not named in vmapkit.plugins");
            assertThat(included.report().find(Kind.PLUGIN, "missing").orElseThrow().reason())
                    .isEqualTo("named in vmapkit.plugins but not discovered");
            assertThatThrownBy(() -> Fixtures.kit().classLoader(loader).strictDiscovery()
                    .configure(c -> c.includePlugins(List.of("low", "missing"))).resolve())
                    .isInstanceOf(DiscoveryException.class).hasMessageContaining("missing");

            assertThat(Fixtures.kit().classLoader(loader).resolve().plugins()).as("discovery is off by default").isEmpty();
        }
    }

    @Test
    void anExplicitPluginNamedLikeADiscoveredOneFails() throws Exception {
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("p.jar"), VmapPlugin.class, GoodPlugin.class.getName())) {
            VmapPlugin clash = ScriptedPlugin.quiet("good", 0, new ArrayList<>());
            assertThatThrownBy(() -> Fixtures.kit().classLoader(loader).discoverPlugins().plugin(clash).resolve())
                    .isInstanceOf(DiscoveryException.class)
                    .hasMessageContaining("named 'good'")
                    .hasMessageContaining(GoodPlugin.class.getName())
                    .hasMessageContaining(ScriptedPlugin.class.getName())
                    .hasMessageContaining("given explicitly");
        }
    }

    @Test
    void anUnusableExplicitPluginIsAnError() {
        VmapPlugin blank = ScriptedPlugin.quiet(" ", 0, new ArrayList<>());
        assertThatThrownBy(() -> Fixtures.kit().plugin(blank).resolve()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be used").hasMessageContaining("name() returned ' '");
    }

    @Test
    void eachSystemFromABlueprintHasItsOwnParts() {
        VmapBlueprint bp = Fixtures.kit().resolve();
        VmapSystem one = bp.newSystem();
        VmapSystem two = bp.newSystem();
        assertThat(one.allocator()).isNotSameAs(two.allocator());
        one.allocator().allocate(4096);
        assertThat(two.allocator().stats().liveAreas()).isZero();
        assertThat(one.purgeChain().name()).isEqualTo(VmapSystem.PURGE_CHAIN);
        assertThat(one.oomChain().name()).isEqualTo(VmapSystem.OOM_CHAIN);
        assertThat(one.space()).isEqualTo(bp.config().space());
    }
}
