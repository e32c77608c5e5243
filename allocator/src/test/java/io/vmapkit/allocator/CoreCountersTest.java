package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The core's own counters against hand-computed values. The differential test compares two
 * placements that share {@link VmapAllocatorCore}, so a wrong counter there is wrong in both worlds
 * alike and only an absolute expectation catches it.
 */
class CoreCountersTest {

    static final java.util.List<String> NAMES = Allocators.NAMES;

    @ParameterizedTest
    @FieldSource("NAMES")
    void freesAndPeakLazyBytesFollowEveryFreeAndSurviveAPurge(String name) {
        // 64 pages, threshold far above anything freed here: no purge but the explicit one
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(1_000).build());
        VmapArea x = a.allocate(PAGE);       // 1 page + guard = 2 pages = 8192 bytes
        VmapArea y = a.allocate(2L * PAGE);  // 2 pages + guard = 3 pages = 12288 bytes

        a.free(x);                           // lazy 8192, peak 8192
        VmapStats s = a.stats();
        assertThat(s.frees()).isEqualTo(1);
        assertThat(s.lazyBytes()).isEqualTo(8192);
        assertThat(s.peakLazyBytes()).isEqualTo(8192);

        a.free(y);                           // lazy 8192 + 12288 = 20480, peak 20480
        s = a.stats();
        assertThat(s.frees()).isEqualTo(2);
        assertThat(s.peakLazyBytes()).isEqualTo(20480);

        assertThat(a.purgeLazy()).isTrue();  // lazy 0; the peak stays
        VmapArea z = a.allocate(PAGE);
        a.free(z);                           // lazy 8192 < peak 20480: the peak does not move
        s = a.stats();
        assertThat(s.frees()).isEqualTo(3);
        assertThat(s.lazyBytes()).isEqualTo(8192);
        assertThat(s.peakLazyBytes()).isEqualTo(20480);
        // peak live: x + y live together = 8192 + 12288 = 20480; z alone (8192) never exceeds it
        assertThat(s.peakLiveBytes()).isEqualTo(20480);
        assertThat(s.allocations()).isEqualTo(3);
        assertThat(s.purges()).isEqualTo(1);
        assertThat(s.purgedAreas()).isEqualTo(2);
    }
}
