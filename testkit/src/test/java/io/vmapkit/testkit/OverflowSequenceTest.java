package io.vmapkit.testkit;

import static io.vmapkit.testkit.Events.allocFailed;
import static io.vmapkit.testkit.Events.notifierCall;
import static io.vmapkit.testkit.Events.notifierRound;
import static io.vmapkit.testkit.Events.notifierRoundFreedAtLeast;
import static io.vmapkit.testkit.Events.overflowPurge;
import static io.vmapkit.testkit.Events.search;
import static io.vmapkit.testkit.VmapAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import org.junit.jupiter.api.Test;

/**
 * The overflow path as a plugin author sees it through the testkit (kernel model §5), on whichever
 * allocator is installed: the highest-priority one found.
 */
@VmapKitTest(plugins = CachePlugin.class, settings = "cache.areas=4")
class OverflowSequenceTest {

    private static final long SIZE = 8 * 4096L;

    @Test
    void overflowPathPurgesOnceBeforeCallingTheNotifier(Pressure pressure, Cache cache, RecordingListener recorder) {
        cache.dropAreas();
        pressure.fillUntilFull(SIZE);
        recorder.clear();
        VmapAllocationException e = pressure.expectAllocationFailure(SIZE);
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(recorder).events()
                .containsSubsequence(search(false), overflowPurge(), search(false), notifierCall("cache"),
                        notifierRound(), allocFailed())
                .hasCount(overflowPurge(), 1)
                .hasCount(notifierRound(), 1);
    }

    @Test
    void aProductiveNotifierRoundIsFollowedByASecondPurgeThatReleasesTheLazyAreas(Pressure pressure,
            VmapAllocator allocator, Cache cache, RecordingListener recorder) {
        pressure.fillUntilFull(SIZE);
        assertThat(pressure.nextAllocationWouldFail(SIZE)).isTrue();
        recorder.clear();
        VmapArea area = allocator.allocate(SIZE);
        assertThat(area.size()).isEqualTo(SIZE);
        assertThat(cache.cachedAreas()).isZero();
        assertThat(recorder).events().containsSubsequence(search(false), overflowPurge(), search(false),
                notifierRoundFreedAtLeast(4), search(false), Events.overflowPurge(true), search(true),
                Events.allocated());
    }
}
