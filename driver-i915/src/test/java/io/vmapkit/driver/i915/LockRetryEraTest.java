package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.testkit.LogCapture;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.VmapKitTest;
import org.junit.jupiter.api.Test;

/**
 * When the vmap notifier's struct_mutex retry gives up, by era: {@code i915_gem_shrinker.c
 * i915_gem_shrinker_lock_uninterruptible}, 4.7 ({@code timeout = msecs_to_jiffies(ms) + 1}, give up
 * on {@code --timeout == 0} after a jiffy's sleep) against 4.9 ({@code timeout = jiffies +
 * msecs_to_jiffies_timeout(ms)}, give up on {@code time_after(jiffies, timeout)}). With HZ 1000 and
 * 200 ms, {@code msecs_to_jiffies(200) = 200}: 4.7 sleeps 201 jiffies (201 ms of the manual clock,
 * which advances exactly by each sleep); 4.9's deadline is 201 jiffies ahead and {@code time_after}
 * first holds after the 202nd sleep (202 ms): one jiffy later.
 */
class LockRetryEraTest {

    private static final long MS = 1_000_000L;

    private static long waitedWhileAnotherThreadHoldsTheLock(InstalledI915 i915, Pressure pressure, ManualClock clock)
            throws Exception {
        Device d = i915.device();
        locked(d, () -> Gem.cachedMap(d, 8, MapType.WB));
        long before = clock.nanoTime();
        try (LogCapture log = new LogCapture(ShrinkerLock.class); LockHolder holder = new LockHolder(d)) {
            VmapPurgeEvent event = pressure.purgeRound();
            assertThat(event.freed()).isZero();
            assertThat(log.messages()).containsExactly("SEVERE " + ShrinkerLock.GIVE_UP_MESSAGE);
        }
        assertThat(d.stats().lockTimeouts.sum()).isEqualTo(1);
        return clock.nanoTime() - before;
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = {"i915.era=4.7", "i915.lock-timeout-ms=200", "i915.hz=1000"})
    void fourSevenLockRetryCountsMsecsToJiffiesPlusOneTriesThenGivesUp(InstalledI915 i915, Pressure pressure,
            ManualClock clock) throws Exception {
        assertThat(waitedWhileAnotherThreadHoldsTheLock(i915, pressure, clock)).isEqualTo(201 * MS);
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = {"i915.era=4.9", "i915.lock-timeout-ms=200", "i915.hz=1000"})
    void fourNineLockRetryGivesUpOnceTimeAfterTheDeadlineOneJiffyLaterThanFourSeven(InstalledI915 i915,
            Pressure pressure, ManualClock clock) throws Exception {
        assertThat(waitedWhileAnotherThreadHoldsTheLock(i915, pressure, clock)).isEqualTo(202 * MS);
    }
}
