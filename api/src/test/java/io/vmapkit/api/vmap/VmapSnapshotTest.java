package io.vmapkit.api.vmap;

import static io.vmapkit.api.vmap.VmapSnapshot.Kind.BUSY;
import static io.vmapkit.api.vmap.VmapSnapshot.Kind.FREE;
import static io.vmapkit.api.vmap.VmapSnapshot.Kind.LAZY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.vmap.VmapSnapshot.Range;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmapSnapshotTest {

    private static final AddressSpace SPACE = AddressSpace.of(0x10000, 0x10000);

    private static Range r(long start, long end, VmapSnapshot.Kind kind) {
        return new Range(start, end, kind, "");
    }

    @Test
    void aTilingSnapshotIsConsistentAndSumsUp() {
        VmapSnapshot s = new VmapSnapshot(SPACE, List.of(
                r(0x10000, 0x12000, BUSY), new Range(0x12000, 0x14000, LAZY, "msm"), r(0x14000, 0x18000, FREE),
                r(0x18000, 0x19000, BUSY), r(0x19000, 0x20000, FREE)));
        assertThat(s.violation()).isEmpty();
        assertThat(s.bytes(BUSY)).isEqualTo(0x3000);
        assertThat(s.bytes(LAZY)).isEqualTo(0x2000);
        assertThat(s.bytes(FREE)).isEqualTo(0xB000);
        assertThat(s.count(FREE)).isEqualTo(2);
        assertThat(s.largestFree()).isEqualTo(0x7000);
        assertThat(s.ranges().get(1).ownerName()).contains("msm");
        assertThat(s.ranges().get(0).ownerName()).isEmpty();
        assertThat(s.ranges().get(1)).hasToString("LAZY[0x12000, 0x14000) msm");
    }

    @Test
    void violationFindsGapOverlapUnmergedFreeOutsideAndShortTiling() {
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x10000, 0x11000, BUSY), r(0x12000, 0x20000, FREE))).violation())
                .hasValueSatisfying(v -> assertThat(v).startsWith("gap at 0x11000"));
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x10000, 0x12000, BUSY), r(0x11000, 0x20000, FREE))).violation())
                .hasValueSatisfying(v -> assertThat(v).startsWith("overlap at 0x12000"));
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x10000, 0x12000, FREE), r(0x12000, 0x20000, FREE))).violation())
                .hasValueSatisfying(v -> assertThat(v).startsWith("adjacent free blocks"));
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x10000, 0x30000, FREE))).violation())
                .hasValueSatisfying(v -> assertThat(v).contains("lies outside"));
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x10000, 0x18000, FREE))).violation())
                .hasValue("ranges end at 0x18000, not at the space end 0x20000");
        assertThat(new VmapSnapshot(SPACE, List.of(r(0x8000, 0x20000, FREE))).violation())
                .hasValueSatisfying(v -> assertThat(v).startsWith("overlap at 0x10000"));
    }

    @Test
    void rangesAreCopiedAndImmutable() {
        List<Range> list = new ArrayList<>(List.of(r(0x10000, 0x20000, FREE)));
        VmapSnapshot s = new VmapSnapshot(SPACE, list);
        list.clear();
        assertThat(s.ranges()).hasSize(1);
        assertThatThrownBy(() -> s.ranges().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rangeMustNotBeEmptyOrInverted() {
        assertThatThrownBy(() -> r(0x2000, 0x2000, FREE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range [0x2000, 0x2000) is empty or inverted");
        assertThatThrownBy(() -> r(0xffffc90000000000L, 0x1000, FREE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r(0x1000, 0xffffc90000000000L, FREE).size()).isEqualTo(0xffffc90000000000L - 0x1000);
    }

    @Test
    void largestFreeIsUnsigned() {
        AddressSpace huge = AddressSpace.of("h", 0x1000, -0x2000L, 4096);
        VmapSnapshot s = new VmapSnapshot(huge, List.of(r(0x1000, 0x2000, BUSY), r(0x2000, -0x1000L, FREE)));
        assertThat(s.violation()).isEmpty();
        assertThat(s.largestFree()).isEqualTo(-0x3000L);
    }

    @Test
    void statsTileWhenLiveLazyAndFreeAddUp() {
        VmapStats ok = VmapStats.builder().spaceBytes(100).liveBytes(30).lazyBytes(20).freeBytes(50).liveAreas(1)
                .lazyAreas(1).freeBlocks(1).largestFreeBlock(50).peakLiveBytes(30).peakLazyBytes(20).allocations(1)
                .frees(1).searches(1).lazyPages(5).lazyMaxPages(8192).build();
        VmapStats bad = ok.toBuilder().freeBytes(40).largestFreeBlock(40).build();
        assertThat(ok.tiles()).isTrue();
        assertThat(bad.tiles()).isFalse();
    }
}
