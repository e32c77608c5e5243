package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every services entry the cli's class path offers loads and implements its interface (a stale
 * AutoService entry would break discovery in the shaded jar too). The shaded
 * jar itself is checked by {@code ShadedJarIT} after {@code package}.
 */
class ServicesFilesTest {

    @Test
    void everyServicesEntryLoadsAndImplementsItsInterface() throws IOException, ClassNotFoundException {
        ClassLoader loader = getClass().getClassLoader();
        int total = 0;
        for (String service : ServicesFiles.INTERFACES) {
            Class<?> type = Class.forName(service, false, loader);
            for (String entry : ServicesFiles.mainEntries(loader, service)) {
                Class<?> impl = Class.forName(entry, false, loader);
                assertThat(type.isAssignableFrom(impl)).as(entry + " implements " + service).isTrue();
                total++;
            }
        }
        assertThat(total).as("at least the two allocators, the notifier and the page pool").isGreaterThanOrEqualTo(4);
        Set<String> allocators = ServicesFiles.mainEntries(loader, "io.vmapkit.api.spi.AllocatorProvider");
        assertThat(allocators).contains("io.vmapkit.allocator.FreeTreeAllocatorProvider",
                "io.vmapkit.allocator.BusyListAllocatorProvider");
    }
}
