package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.VmapApi;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.PagePoolContext;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The providers are found by ServiceLoader under their names, and every services entry loads. */
class ProvidersTest {

    @Test
    void allocatorProvidersAreDiscoverableByNameAndPriority() {
        List<AllocatorProvider> providers = ServiceLoader.load(AllocatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertThat(providers).extracting(AllocatorProvider::name)
                .containsExactlyInAnyOrder("free-tree", "busy-list", "busy-list-kernel", "vmap-nodes");
        for (AllocatorProvider p : providers) {
            assertThat(p.apiVersion()).isEqualTo(VmapApi.MAJOR_VERSION);
            assertThat(p.description()).isNotBlank();
            VmapAllocator a = p.create(AddressSpace.x86_32(), Settings.of(Map.of("vmapkit.ncpus", "1"), "test"),
                    AllocatorContext.defaults());
            assertThat(a.name()).isEqualTo(p.name());
            assertThat(a.space()).isEqualTo(AddressSpace.x86_32());
        }
        assertThat(providers.stream().max((x, y) -> Integer.compare(x.priority(), y.priority())).orElseThrow().name())
                .as("free-tree is the default").isEqualTo("free-tree");
        assertThat(providers).filteredOn(p -> p.name().equals("busy-list")).first()
                .extracting(AllocatorProvider::priority).isEqualTo(0);
    }

    @Test
    void pagePoolProviderIsDiscoverableAsDefault() {
        List<PagePoolProvider> providers = ServiceLoader.load(PagePoolProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertThat(providers).extracting(PagePoolProvider::name).containsExactly("default");
        assertThat(providers.get(0).create(Settings.of(Map.of("vmapkit.page-pool.pages", "16"), "test"),
                PagePoolContext.defaults()).totalPages()).isEqualTo(16);
    }

    /** A stale AutoService entry would only show at run time; load every line. */
    @Test
    void everyServicesEntryLoadsAndImplementsItsInterface() throws Exception {
        for (Class<?> service : List.of(AllocatorProvider.class, PagePoolProvider.class)) {
            Enumeration<URL> files = getClass().getClassLoader().getResources("META-INF/services/" + service.getName());
            int entries = 0;
            while (files.hasMoreElements()) {
                URL url = files.nextElement();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String line : r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .collect(Collectors.toList())) {
                        Class<?> impl = Class.forName(line);
                        assertThat(service.isAssignableFrom(impl)).as(line).isTrue();
                        entries++;
                    }
                }
            }
            assertThat(entries).as(service.getName()).isPositive();
        }
    }
}
