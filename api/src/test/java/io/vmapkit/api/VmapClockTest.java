package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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

    /** 0 is the edge of the argument check: accepted, and nothing is waited for (an interrupt stays pending). */
    @Test
    void zeroSleepIsAcceptedAndReturnsAtOnce() {
        Thread.currentThread().interrupt();
        try {
            assertThatCode(() -> VmapClock.system().sleepNanos(0)).doesNotThrowAnyException();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is still pending").isTrue();
        } finally {
            Thread.interrupted(); // leave the test thread clean
        }
    }

    @Test
    void apiVersionTextMatchesConstants() {
        assertThat(VmapApi.VERSION).isEqualTo(VmapApi.MAJOR_VERSION + "." + VmapApi.MINOR_VERSION);
        assertThat(FaultInjector.NONE.shouldFail(FaultInjector.PAGE_POOL)).isFalse();
    }
}
