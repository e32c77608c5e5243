package io.vmapkit.api.vmap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link VmapStats} as a growable value: builder defaults, copies, equality and its printed form. */
class VmapStatsTest {

    @Test
    void unsetValuesAreZero() {
        VmapStats s = VmapStats.builder().spaceBytes(8192).freeBytes(8192).build();
        assertThat(s.spaceBytes()).isEqualTo(8192);
        assertThat(s.freeBytes()).isEqualTo(8192);
        assertThat(s.liveBytes()).isZero();
        assertThat(s.allocations()).isZero();
        assertThat(s.lazyMaxPages()).isZero();
        // 0 live + 0 lazy + 8192 free == 8192
        assertThat(s.tiles()).isTrue();
    }

    @Test
    void everyBuilderMethodSetsItsOwnAccessor() {
        // Each value distinct (1..20 in declaration order), so a setter wired to the wrong field shows.
        VmapStats s = VmapStats.builder().spaceBytes(1).liveBytes(2).lazyBytes(3).freeBytes(4).liveAreas(5)
                .lazyAreas(6).freeBlocks(7).largestFreeBlock(8).peakLiveBytes(9).peakLazyBytes(10).allocations(11)
                .allocationFailures(12).frees(13).searches(14).purges(15).purgedAreas(16).tlbFlushes(17)
                .notifierRounds(18).lazyPages(19).lazyMaxPages(20).build();
        assertThat(new long[] {s.spaceBytes(), s.liveBytes(), s.lazyBytes(), s.freeBytes(), s.liveAreas(),
                s.lazyAreas(), s.freeBlocks(), s.largestFreeBlock(), s.peakLiveBytes(), s.peakLazyBytes(),
                s.allocations(), s.allocationFailures(), s.frees(), s.searches(), s.purges(), s.purgedAreas(),
                s.tlbFlushes(), s.notifierRounds(), s.lazyPages(), s.lazyMaxPages()})
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        // 2 live + 3 lazy + 4 free = 9, not the space of 1
        assertThat(s.tiles()).isFalse();
    }

    @Test
    void equalWhenEveryValueIsEqualAndACopyIsIndependent() {
        VmapStats a = VmapStats.builder().spaceBytes(4096).liveBytes(4096).allocations(1).build();
        VmapStats same = VmapStats.builder().spaceBytes(4096).liveBytes(4096).allocations(1).build();
        VmapStats otherCounter = a.toBuilder().tlbFlushes(1).build();

        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(otherCounter);
        assertThat(a.tlbFlushes()).as("toBuilder copies; the original is unchanged").isZero();
        assertThat(otherCounter.liveBytes()).isEqualTo(4096);
        assertThat(a).isNotEqualTo(null).isNotEqualTo("VmapStats");
    }

    @Test
    void aBuilderCanBeReusedWithoutChangingWhatItBuilt() {
        VmapStats.Builder b = VmapStats.builder().frees(1);
        VmapStats first = b.build();
        b.frees(2);
        assertThat(first.frees()).isEqualTo(1);
        assertThat(b.build().frees()).isEqualTo(2);
    }

    @Test
    void printsEveryValueByName() {
        VmapStats s = VmapStats.builder().spaceBytes(100).liveBytes(30).lazyMaxPages(8192).build();
        assertThat(s.toString())
                .startsWith("VmapStats[spaceBytes=100, liveBytes=30, lazyBytes=0, ")
                .endsWith(", lazyPages=0, lazyMaxPages=8192]")
                .doesNotContain("fit");
    }
}
