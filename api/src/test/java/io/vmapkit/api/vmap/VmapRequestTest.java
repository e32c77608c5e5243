package io.vmapkit.api.vmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VmapRequestTest {

    @Test
    void defaultsAreAlignOneWholeSpaceNoFlagsNoOwner() {
        VmapRequest r = VmapRequest.of(4096);
        assertThat(r.size()).isEqualTo(4096);
        assertThat(r.align()).isEqualTo(1);
        assertThat(r.hasWindow()).isFalse();
        assertThat(r.vstart()).isZero();
        assertThat(r.vend()).isZero();
        assertThat(r.flags()).isEmpty();
        assertThat(r.owner()).isEmpty();
        assertThat(r).hasToString("VmapRequest[size=0x1000, align=0x1]");
    }

    @Test
    void sizeZeroIsRefused() {
        assertThatThrownBy(() -> VmapRequest.of(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("size must not be 0");
        assertThatThrownBy(() -> VmapRequest.builder(0).build()).hasMessage("size must not be 0");
    }

    @ParameterizedTest(name = "align {0} is refused")
    @ValueSource(longs = {0, 3, 4095, 12288, -1, 0x8000000000000001L})
    void alignmentNotAPowerOfTwoIsRefused(long align) {
        assertThatThrownBy(() -> VmapRequest.builder(4096).align(align).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alignment 0x" + Long.toHexString(align) + " is not a power of two");
    }

    @Test
    void alignmentOfTwoTo63IsLegal() {
        assertThat(VmapRequest.builder(4096).align(1L << 63).build().align()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void emptyWindowIsRefused() {
        assertThatThrownBy(() -> VmapRequest.builder(4096).window(0x5000, 0x5000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window [0x5000, 0x5000) is empty: vstart must be below vend");
    }

    @Test
    void invertedWindowIsRefusedUnsigned() {
        assertThatThrownBy(() -> VmapRequest.builder(4096).window(0xffffc90000000000L, 0x1000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window [0xffffc90000000000, 0x1000) is inverted: vstart must be below vend");
        VmapRequest acrossSign = VmapRequest.builder(4096).window(0x1000, 0xffffc90000000000L).build();
        assertThat(acrossSign.vend()).isEqualTo(0xffffc90000000000L);
    }

    @Test
    void flagsOwnerAndWindowAreKept() {
        VmapRequest r = VmapRequest.builder(8192).align(16384).window(0x10000, 0x20000)
                .flags(AllocFlag.NO_GUARD, AllocFlag.NON_BLOCKING).owner("i915").build();
        assertThat(r.has(AllocFlag.NO_GUARD)).isTrue();
        assertThat(r.has(AllocFlag.NO_WARN)).isFalse();
        assertThat(r.flags()).isEqualTo(EnumSet.of(AllocFlag.NO_GUARD, AllocFlag.NON_BLOCKING));
        assertThat(r.owner()).contains("i915");
        assertThat(r).hasToString("VmapRequest[size=0x2000, align=0x4000, window=[0x10000, 0x20000), flags=[NO_GUARD, NON_BLOCKING], owner=i915]");
    }

    @Test
    void withersAndToBuilderCopyEverything() {
        VmapRequest r = VmapRequest.builder(8192).align(4096).flags(AllocFlag.NO_WARN).owner("a").build();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        VmapRequest w = r.withWindow(0x1000, 0x9000);
        assertThat(w.vstart()).isEqualTo(0x1000);
        assertThat(w.has(AllocFlag.NO_WARN)).isTrue();
        assertThat(w.owner()).contains("a");
        assertThat(w.toBuilder().build()).isEqualTo(w);
        VmapRequest o = w.withOwner("b");
        assertThat(o.owner()).contains("b");
        assertThat(o.vend()).isEqualTo(0x9000);
        assertThat(o.withOwner("").owner()).isEmpty();
        assertThat(o).isNotEqualTo(w);
        assertThatThrownBy(() -> r.withWindow(0x9000, 0x1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flagsSetIsACopy() {
        VmapRequest r = VmapRequest.builder(4096).flags(AllocFlag.NO_WARN).build();
        r.flags().add(AllocFlag.NO_GUARD);
        assertThat(r.has(AllocFlag.NO_GUARD)).isFalse();
    }

    @Test
    void areaReservedSizeIsEndMinusStart() {
        VmapArea area = new VmapArea() {
            @Override public long start() { return 0xffffc90000000000L; }
            @Override public long end() { return 0xffffc90000002000L; }
            @Override public long size() { return 4096; }
            @Override public long guardSize() { return 4096; }
            @Override public AreaState state() { return AreaState.LIVE; }
            @Override public java.util.Optional<String> owner() { return java.util.Optional.empty(); }
        };
        assertThat(area.reservedSize()).isEqualTo(8192);
    }
}
