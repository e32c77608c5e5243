package io.vmapkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void anAllocatorProviderIsFoundByNameThroughServiceLoader() {
        AllocatorProvider provider = Providers.allocatorProvider(FakeAllocatorProvider.NAME);
        assertThat(provider).isInstanceOf(FakeAllocatorProvider.class);
    }

    @Test
    void newAllocatorPassesTheBenchConfigurationToTheProvider() {
        VmapAllocator allocator = Workloads.newAllocator(FakeAllocatorProvider.NAME, "x86_32");
        assertThat(allocator.name()).isEqualTo(FakeAllocatorProvider.NAME);
        assertThat(allocator.space()).isEqualTo(AddressSpace.x86_32());
    }

    @Test
    void anUnknownNameFailsNamingItAndListingWhatWasFound() {
        assertThatThrownBy(() -> Providers.allocatorProvider("no-such-allocator"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AllocatorProvider named 'no-such-allocator'")
                .hasMessageContaining(FakeAllocatorProvider.NAME);
        assertThatThrownBy(() -> Providers.notifierProvider("no-such-notifier"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NotifierProvider named 'no-such-notifier'");
    }

    @Test
    void twoProvidersWithOneNameAreRefusedNamingBothClasses() {
        assertThatThrownBy(() -> Providers.allocatorProvider(DuplicateNameProviders.NAME))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + DuplicateNameProviders.NAME + "'")
                .hasMessageContaining(DuplicateNameProviders.First.class.getName())
                .hasMessageContaining(DuplicateNameProviders.Second.class.getName());
    }

    @Test
    void anUnknownAddressSpacePresetIsRefusedNamingIt() {
        assertThatThrownBy(() -> Workloads.newAllocator(FakeAllocatorProvider.NAME, "sparc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sparc");
    }
}
