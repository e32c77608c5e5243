package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §12.3 formulas, each against hand-computed values. */
class SlabArithmeticTest {

    @ParameterizedTest(name = "delta({0}, prio {1}, seeks {2}) = {3}")
    @CsvSource({
        "1000, 12, 2, 0",        // 1000 >> 12 = 0
        "1000, 0, 2, 2000",      // 1000 * 4 / 2
        "100000, 12, 2, 48",     // 24 * 4 / 2
        "100000, 10, 2, 194",    // 97 * 4 / 2
        "100000, 6, 2, 3124",    // 1562 * 4 / 2
        "5000, 8, 1, 76",        // 19 * 4 / 1
        "1000, 4, 3, 82",        // 62 * 4 / 3 = 248 / 3 = 82 (integer division)
        "4095, 12, 2, 0",        // Chinner: under 4096 objects nothing at priority 12
        "4096, 12, 2, 2",
        "1000, 12, 0, 500",      // zero-seek: freeable / 2 at any priority
        "1001, 0, 0, 500",
    })
    void deltaIsFreeableShiftedByPriorityTimesFourOverSeeksOrHalfForZeroSeek(long freeable, int priority, int seeks, long delta) {
        assertThat(SlabArithmetic.delta(freeable, priority, seeks)).isEqualTo(delta);
    }

    @ParameterizedTest(name = "total_scan(nr {0}, prio {1}, delta {2}, freeable {3}) = {4}")
    @CsvSource({
        "0, 12, 48, 100000, 48",
        "48, 10, 194, 100000, 194",     // 48 >> 10 = 0
        "5000, 10, 194, 100000, 198",   // 5000 >> 10 = 4
        "72, 0, 200, 100, 200",         // 272 capped at 2 * 100
        "0, 0, 2000, 1000, 2000",
        "9223372036854775807, 0, 9223372036854775807, 10, 20", // saturates, then the cap
    })
    void totalScanIsDeferredShiftedPlusDeltaCappedAtTwiceFreeable(long nr, int priority, long delta, long freeable, long total) {
        assertThat(SlabArithmetic.totalScan(nr, priority, delta, freeable)).isEqualTo(total);
    }

    @ParameterizedTest(name = "next_deferred(nr {0}, delta {1}, scanned {2}, freeable {3}) = {4}")
    @CsvSource({
        "0, 2000, 1920, 1000, 80",
        "48, 194, 128, 100000, 114",
        "0, 48, 0, 100000, 48",
        "144, 200, 128, 100, 200",     // 216 capped at 200
        "0, 10, 20, 5, 0",             // negative clamps to 0
        "9223372036854775807, 5, 0, 9223372036854775807, 9223372036854775807",
    })
    void nextDeferredIsOwedMinusScannedNeverNegativeCappedAtTwiceFreeable(long nr, long delta, long scanned, long freeable, long next) {
        assertThat(SlabArithmetic.nextDeferred(nr, delta, scanned, freeable)).isEqualTo(next);
    }

    @Test
    void batchZeroMeansShrinkBatch128() {
        assertThat(SlabArithmetic.batchSize(0)).isEqualTo(128);
        assertThat(SlabArithmetic.batchSize(4096)).isEqualTo(4096);
    }

    @Test
    void loopRunsWhileTotalScanReachesTheBatchOrTheWholeCache() {
        assertThat(SlabArithmetic.scanAnother(128, 128, 1000)).isTrue();
        assertThat(SlabArithmetic.scanAnother(127, 128, 1000)).isFalse();
        assertThat(SlabArithmetic.scanAnother(20, 128, 10)).as("small cache: total_scan >= freeable").isTrue();
        assertThat(SlabArithmetic.scanAnother(9, 128, 10)).isFalse();
        // the edges: total_scan exactly freeable (below one batch), exactly one batch (above freeable)
        assertThat(SlabArithmetic.scanAnother(10, 128, 10)).as("total_scan == freeable < batch").isTrue();
        assertThat(SlabArithmetic.scanAnother(128, 128, 129)).as("total_scan == batch < freeable").isTrue();
    }

    @Test
    void capSaturatesForHugeCaches() {
        assertThat(SlabArithmetic.cap(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(SlabArithmetic.delta(Long.MAX_VALUE, 0, 2)).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void theSaturationEdgesStillComputeExactly() {
        // 2 * (2^62 - 1) = 2^63 - 2 = 9223372036854775806 still fits: no saturation at exactly MAX / 2
        assertThat(SlabArithmetic.cap(Long.MAX_VALUE / 2)).isEqualTo(9_223_372_036_854_775_806L);
        assertThat(SlabArithmetic.cap(Long.MAX_VALUE / 2 + 1)).isEqualTo(Long.MAX_VALUE);
        // q = MAX / 4 = 2^61 - 1: q * 4 = 2^63 - 4 = 9223372036854775804 still fits (seeks 1)
        assertThat(SlabArithmetic.delta(Long.MAX_VALUE / 4, 0, 1)).isEqualTo(9_223_372_036_854_775_804L);
        assertThat(SlabArithmetic.delta(Long.MAX_VALUE / 4 + 1, 0, 1)).isEqualTo(Long.MAX_VALUE);
    }
}
