package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;
import org.junit.jupiter.api.Test;

/** A request checked against the space and its window resolved; the guard page (moved here from the api's AddressSpaceTest). */
class RequestWindowTest {

    private static final long MIB = 1L << 20;

    @Test
    void guardPageIsOnePageUnlessNoGuard() {
        AddressSpace s = AddressSpace.of("s", 0x100000, 1L << 20, 8192);
        assertThat(RequestWindow.guardSize(s, VmapRequest.of(8192))).isEqualTo(8192);
        assertThat(RequestWindow.guardSize(s, VmapRequest.builder(8192).flags(AllocFlag.NO_GUARD).build())).isZero();
    }

    @Test
    void resolveFillsTheWholeSpaceAsWindow() {
        AddressSpace s = AddressSpace.x86_64();
        VmapRequest r = RequestWindow.resolve(s, VmapRequest.of(4096));
        assertThat(r.hasWindow()).isTrue();
        assertThat(r.vstart()).isEqualTo(s.start());
        assertThat(r.vend()).isEqualTo(s.end());
        VmapRequest windowed = VmapRequest.builder(4096).window(s.start(), s.start() + 8192).build();
        assertThat(RequestWindow.resolve(s, windowed)).isSameAs(windowed);
    }

    @Test
    void resolveRejectsSizeNotAPageMultiple() {
        assertThatThrownBy(() -> RequestWindow.resolve(AddressSpace.x86_32(), VmapRequest.of(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size 100 bytes is not a multiple of the page size 4096");
    }

    @Test
    void resolveRejectsWindowOutsideTheSpace() {
        AddressSpace s = AddressSpace.x86_32();
        assertThatThrownBy(() -> RequestWindow.resolve(s, VmapRequest.builder(4096).window(0x1000, 0x3000).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window [0x1000, 0x3000) lies outside the x86_32 address space [0xf7ffe000, 0xff7fe000)");
        assertThatThrownBy(() -> RequestWindow.resolve(s, VmapRequest.builder(4096).window(s.start(), s.end() + 4096).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies outside");
    }

    @Test
    void resolveRejectsRequestsThatCanNeverFitTheirWindow() {
        AddressSpace s = AddressSpace.x86_32();
        assertThatThrownBy(() -> RequestWindow.resolve(s, VmapRequest.of(120 * MIB)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size 125829120 bytes (120.0 MiB) + 4096 guard can never fit the window "
                        + "[0xf7ffe000, 0xff7fe000) of 125829120 bytes (120.0 MiB)");
        assertThat(RequestWindow.resolve(s, VmapRequest.builder(120 * MIB).flags(AllocFlag.NO_GUARD).build()).size()).isEqualTo(120 * MIB);
        assertThatThrownBy(() -> RequestWindow.resolve(s, VmapRequest.of(-4096L)))
                .as("a 'negative' size is a huge unsigned one")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 18446744073709547520 bytes + 4096 guard can never fit");
    }

    /** D3 switched off: resolveWindow keeps every check but "can never fit". */
    @Test
    void resolveWindowLeavesARequestLargerThanItsWindowToTheSearch() {
        AddressSpace s = AddressSpace.x86_32();
        VmapRequest whole = RequestWindow.resolveWindow(s, VmapRequest.of(120 * MIB));
        assertThat(whole.hasWindow()).isTrue();
        assertThat(whole.vstart()).isEqualTo(s.start());
        assertThat(whole.vend()).isEqualTo(s.end());
        VmapRequest narrow = VmapRequest.builder(2 * 4096).window(s.start(), s.start() + 4096).build();
        assertThat(RequestWindow.resolveWindow(s, narrow)).isEqualTo(narrow);
        assertThat(RequestWindow.resolveWindow(s, VmapRequest.of(-2 * 4096L)).size()).isEqualTo(-2 * 4096L);

        assertThatThrownBy(() -> RequestWindow.resolveWindow(s, VmapRequest.of(4097)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiple of the page size");
        assertThatThrownBy(() -> RequestWindow.resolveWindow(s, VmapRequest.builder(4096).window(0x1000, 0x3000).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies outside");
        assertThatThrownBy(() -> RequestWindow.resolveWindow(s, VmapRequest.of(-4096L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size 18446744073709547520 bytes + 4096 guard reaches 2^64: no area of that length exists");
        assertThat(RequestWindow.resolveWindow(s, VmapRequest.builder(-4096L).flags(AllocFlag.NO_GUARD).build()).size()).isEqualTo(-4096L);
    }
}
