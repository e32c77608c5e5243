package io.vmapkit.bench.overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class CachedMappingBlockTest {

    @Mock
    VmapAllocator allocator;

    @Mock
    VmapArea area;

    CachedMappingBlock block;

    @BeforeEach
    void setUp() {
        block = new CachedMappingBlock(allocator);
    }

    private static VmapPurgeEvent event() {
        return new VmapPurgeEvent(VmapRequest.of(16 * 4096).withWindow(0xf7ffe000L, 0xff7fe000L), 17 * 4096, 1);
    }

    @Test
    void aCallFreesTheCachedAreaLazilyAndAddsItsPagesGuardIncluded() {
        when(allocator.space()).thenReturn(AddressSpace.x86_32());
        when(area.reservedSize()).thenReturn(17L * 4096);
        block.cache(area);
        VmapPurgeEvent event = event();

        int result = block.notifierCall(VmapPurgeEvent.ACTION, event);

        assertThat(result).isEqualTo(Notify.DONE);
        verify(allocator).free(area);
        assertThat(event.freed()).isEqualTo(17);
        assertThat(block.cached()).isNull();
        assertThat(block.calls()).isEqualTo(1);
        assertThat(block.releases()).isEqualTo(1);
    }

    @Test
    void withNothingCachedACallAddsNothingSoTheAllocatorCanFail() {
        VmapPurgeEvent event = event();

        assertThat(block.notifierCall(VmapPurgeEvent.ACTION, event)).isEqualTo(Notify.DONE);

        verify(allocator, never()).free(area);
        assertThat(event.freed()).isZero();
        assertThat(block.calls()).isEqualTo(1);
        assertThat(block.releases()).isZero();
    }

    @Test
    void aCachedAreaIsReleasedOnlyOnce() {
        when(allocator.space()).thenReturn(AddressSpace.x86_32());
        when(area.reservedSize()).thenReturn(2L * 4096);
        block.cache(area);
        block.notifierCall(VmapPurgeEvent.ACTION, event());
        VmapPurgeEvent second = event();

        block.notifierCall(VmapPurgeEvent.ACTION, second);

        verify(allocator).free(area);
        assertThat(second.freed()).isZero();
        assertThat(block.releases()).isEqualTo(1);
    }

    @Test
    void cachingASecondAreaBeforeTheFirstIsReleasedIsRefused() {
        block.cache(area);
        assertThatThrownBy(() -> block.cache(area)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already caching");
        assertThat(block.cached()).isSameAs(area);
    }
}
