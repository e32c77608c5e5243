package io.vmapkit.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.plugins.examples.audit.PressureAuditPlugin;
import io.vmapkit.plugins.examples.balloon.BalloonPlugin;
import io.vmapkit.plugins.examples.lru.LruMappingCache;
import io.vmapkit.plugins.examples.lru.LruMappingCachePlugin;
import io.vmapkit.plugins.examples.msm.MsmDriver;
import io.vmapkit.plugins.examples.msm.MsmPlugin;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.Findings;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.testkit.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The four example plugins as the runtime finds them: registered by the AutoService processor of
 * this module's build (no hand-written services file), loadable, and all installed together and
 * uninstalled without leaving anything behind.
 */
class ExamplePluginsDiscoveryTest {

    private static final Map<String, Class<?>> EXAMPLES = Map.of(
            MsmPlugin.NAME, MsmPlugin.class,
            LruMappingCachePlugin.NAME, LruMappingCachePlugin.class,
            PressureAuditPlugin.NAME, PressureAuditPlugin.class,
            BalloonPlugin.NAME, BalloonPlugin.class);

    @Test
    void everyExamplePluginIsRegisteredByAutoServiceAndLoadsCleanly() {
        Findings<VmapPlugin> found = ServiceDiscovery.usingRuntimeLoader().find(VmapPlugin.class);
        Map<String, Candidate<VmapPlugin>> byName = found.usable().stream()
                .collect(Collectors.toMap(Candidate::name, c -> c));
        assertThat(byName).containsKeys(EXAMPLES.keySet().toArray(new String[0]));
        EXAMPLES.forEach((name, type) -> {
            Candidate<VmapPlugin> c = byName.get(name);
            assertThat(c.instance()).as(name).isInstanceOf(type);
            assertThat(c.entry().source()).as(name + " comes from this module's classes").contains("plugins-examples");
            assertThat(c.instance().description()).as(name).isNotBlank();
        });
        assertThat(found.refused()).as("no broken or refused services entry").isEmpty();
    }

    @Test
    void allFourInstalledTogetherLeaveNoRegistrationAreaOrPageBehind() {
        VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .addressSpace(AddressSpace.of("examples", 0x1000_0000L, 8L << 20, 4096))
                .ncpus(1)
                .clock(new ManualClock())
                .discoverPlugins()
                .configure(c -> c.set("vmapkit.page-pool.pages", "1024").includePlugins(List.copyOf(EXAMPLES.keySet())))
                .start();
        try {
            assertThat(system.installedPlugins()).containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
            assertThat(system.purgeChain().blocks()).extracting(b -> b.name())
                    .containsExactlyInAnyOrder("msm", "lru-mapping-cache", "balloon", "pressure-audit");
            assertThat(system.purgeChain().blocks().get(3).name()).as("the audit runs last").isEqualTo("pressure-audit");
            assertThat(system.oomChain().blocks()).extracting(b -> b.name()).containsExactly("pressure-audit");
            assertThat(system.shrinkers().shrinkers()).extracting(s -> s.name())
                    .containsExactlyInAnyOrder("msm-gem", "lru-mapping-cache");
            assertThat(plugin(system, MsmPlugin.class)).as("the discovered factory").isNotNull();
            MsmDriver msm = system.installed(MsmDriver.class).orElseThrow();
            var o = msm.newObject(4 * 4096);
            msm.getVaddr(o);
            system.installed(LruMappingCache.class).orElseThrow().map("x", 4096).close();
        } finally {
            system.close();
        }
        assertThat(system.purgeChain().blocks()).isEmpty();
        assertThat(system.oomChain().blocks()).isEmpty();
        assertThat(system.shrinkers().shrinkers()).isEmpty();
        assertThat(system.allocator().snapshot().ranges()).noneMatch(r -> r.kind() == VmapSnapshot.Kind.BUSY);
        assertThat(system.pagePool().freePages()).isEqualTo(1024);
        EXAMPLES.keySet().forEach(name -> {
            var entry = system.report().find(Kind.PLUGIN, name).orElseThrow();
            assertThat(entry.status()).as(name).isEqualTo(Status.UNINSTALLED);
            assertThat(entry.reason()).as(name + " cleaned up after itself").doesNotContain("leftover");
        });
    }

    private static <T> T plugin(VmapSystem system, Class<T> type) {
        return system.plugins().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
