package io.vmapkit.docs.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.runtime.SystemState;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/embedding.md, "Plain Java": the builder, run as the page shows it. */
class BuilderTest {

    private final List<VmapSystem> used = new ArrayList<>();
    private final List<VmapArea> mappings = new ArrayList<>();

    @Test
    void aHostBuildsStartsUsesAndClosesASystem() {
        // tag::builder[]
        try (VmapSystem system = VmapKit.builder()
                .addressSpace(AddressSpace.x86_32())   // or x86_64(), of(start, size)
                .allocator("free-tree")                // or "busy-list", "busy-list-kernel"
                .ncpus(4)                              // lazy_max_pages = fls(4) * 32 MiB
                .discoverPlugins()                     // every VmapPlugin on the class path
                .plugin(new HostCachePlugin())         // plus plugins given in code
                .start()) {                            // build() without start() installs nothing yet
            VmapArea area = system.allocator().allocate(16 * 4096L);
            useTheMapping(system, area);               // the host's work
            system.allocator().free(area);             // a lazy free, as vunmap
        }
        // end::builder[]
        assertThat(used).hasSize(1);
        assertThat(used.get(0).state()).isEqualTo(SystemState.CLOSED);
        assertThat(used.get(0).installedPlugins()).isEmpty();
        assertThat(mappings.get(0).state()).isNotEqualTo(AreaState.LIVE);
    }

    /** What the host does with the started system: here, check what the page says it has. */
    private void useTheMapping(VmapSystem system, VmapArea area) {
        assertThat(system.state()).isEqualTo(SystemState.STARTED);
        assertThat(system.installedPlugins()).contains("i915", "host-cache"); // i915: discovered from the class path
        assertThat(system.installed(HostCachePlugin.Installed.class)).isPresent();
        assertThat(area.size()).isEqualTo(65536); // 16 pages of 4096
        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        used.add(system);
        mappings.add(area);
    }
}
