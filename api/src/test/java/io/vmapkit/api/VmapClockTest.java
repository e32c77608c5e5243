package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VmapClockTest {

    @Test
    void systemClockIsMonotonicAndSleeps() {
        VmapClock clock = VmapClock.system();
        long before = clock.nanoTime();
        clock.sleepNanos(1_000_000);
        assertThat(clock.nanoTime() - before).isGreaterThanOrEqualTo(1_000_000);
    }

    @Test
    void negativeSleepIsRefused() {
        assertThatThrownBy(() -> VmapClock.system().sleepNanos(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sleep of -5 ns is negative");
    }

    @Test
    void zeroSleepReturnsAtOnce() {
        VmapClock.system().sleepNanos(0);
    }

    @Test
    void apiVersionTextMatchesConstants() {
        assertThat(VmapApi.VERSION).isEqualTo(VmapApi.MAJOR_VERSION + "." + VmapApi.MINOR_VERSION);
        assertThat(FaultInjector.NONE.shouldFail(FaultInjector.PAGE_POOL)).isFalse();
    }
}
