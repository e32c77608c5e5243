package io.vmapkit.driver.i915;

import static io.vmapkit.driver.i915.Gem.locked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.LogCapture;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.VmapKitTest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * struct_mutex and the shrinker lock, docs/fidelity.md §11: steal if the current thread owns it, else
 * trylock, else give up; the notifiers retry for 5 s of the model clock. No test waits for real time.
 */
@VmapKitTest(plugins = I915Plugin.class)
class StructMutexLockingTest {

    private static final long JIFFY = 1_000_000_000L / I915Settings.DEFAULT_HZ;
    private static final long FIVE_SECONDS = 5_000_000_000L;

    private static ShrinkControl control(long nrToScan) {
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(nrToScan);
        return sc;
    }

    /** Eight pages that the shrinker can release: an unbound object with pages and nothing pinned. */
    private static GemObject releasable(Device d) {
        return locked(d, () -> Gem.unbound(d, 8));
    }

    @Test
    void structMutexIsNotRecursive(InstalledI915 i915) {
        StructMutex m = i915.device().structMutex();
        m.lock();
        try {
            assertThat(m.tryLock()).as("mutex_trylock by the holder fails").isFalse();
            assertThatThrownBy(m::lock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not recursive");
            assertThat(m.isHeldByCurrentThread()).isTrue();
        } finally {
            m.unlock();
        }
        assertThat(m.isLocked()).isFalse();
        assertThatThrownBy(m::unlock).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not hold");
    }

    @Test
    void shrinkerTrylockSucceedsWhenNobodyHoldsStructMutexAndUnlocksAfterwards(InstalledI915 i915) {
        Device d = i915.device();
        GemObject o = releasable(d);
        assertThat(i915.shrinker().countObjects(control(0))).isEqualTo(8);
        assertThat(d.structMutex().isLocked()).as("unlocked after count").isFalse();
        assertThat(i915.shrinker().scanObjects(control(8))).isEqualTo(8);
        assertThat(d.structMutex().isLocked()).as("unlocked after scan").isFalse();
        assertThat(o.hasPages()).isFalse();
        assertThat(d.stats().lockSteals.sum()).isZero();
        assertThat(d.stats().lockGiveUps.sum()).isZero();
    }

    @Test
    void shrinkerStealsStructMutexFromTheOwningThreadAndLeavesItHeld(InstalledI915 i915) {
        Device d = i915.device();
        GemObject o = releasable(d);
        d.structMutex().lock();
        try {
            assertThat(i915.shrinker().countObjects(control(0))).isEqualTo(8);
            assertThat(i915.shrinker().scanObjects(control(8))).isEqualTo(8);
            assertThat(d.structMutex().isHeldByCurrentThread()).as("a steal does not unlock").isTrue();
            assertThat(o.hasPages()).isFalse();
        } finally {
            d.structMutex().unlock();
        }
        assertThat(d.stats().lockSteals.sum()).isEqualTo(2);
    }

    @Test
    void shrinkerGivesUpOnItsOwnLockWhenStealingIsDisabled(InstalledI915 i915) {
        Device d = i915.device();
        GemObject o = releasable(d);
        d.structMutex().lock();
        d.setShrinkerNoLockStealing(true);
        try {
            assertThat(i915.shrinker().countObjects(control(0))).isZero();
            assertThat(i915.shrinker().scanObjects(control(8))).isEqualTo(Shrinker.SHRINK_STOP);
            assertThat(d.structMutex().isHeldByCurrentThread()).isTrue();
        } finally {
            d.setShrinkerNoLockStealing(false);
            d.structMutex().unlock();
        }
        assertThat(o.hasPages()).isTrue();
        assertThat(d.stats().lockGiveUps.sum()).isEqualTo(2);
        assertThat(d.stats().lockSteals.sum()).isZero();
    }

    @Test
    void shrinkerGivesUpWhenAnotherThreadHoldsStructMutex(InstalledI915 i915) throws Exception {
        Device d = i915.device();
        GemObject o = releasable(d);
        try (LockHolder holder = new LockHolder(d)) {
            assertThat(i915.shrinker().countObjects(control(0))).isZero();
            assertThat(i915.shrinker().scanObjects(control(8))).isEqualTo(Shrinker.SHRINK_STOP);
        }
        assertThat(o.hasPages()).isTrue();
        assertThat(d.stats().lockGiveUps.sum()).isEqualTo(2);
    }

    @Test
    void vmapNotifierGivesUpAfterFiveSecondsOfModelTimeWhenAnotherThreadHoldsTheLock(InstalledI915 i915,
            Pressure pressure, ManualClock clock) throws Exception {
        Device d = i915.device();
        locked(d, () -> Gem.cachedMap(d, 8, MapType.WB));
        long before = clock.nanoTime();
        VmapPurgeEvent event;
        try (LogCapture log = new LogCapture(ShrinkerLock.class); LockHolder holder = new LockHolder(d)) {
            event = pressure.purgeRound();
            assertThat(log.messages()).containsExactly("SEVERE " + ShrinkerLock.GIVE_UP_MESSAGE);
        }
        long waited = clock.nanoTime() - before;
        assertThat(waited).as("waited at least the timeout, at most a jiffy more than timeout + 1 jiffy")
                .isGreaterThan(FIVE_SECONDS).isLessThanOrEqualTo(FIVE_SECONDS + 2 * JIFFY);
        assertThat(event.freed()).isZero();
        assertThat(d.stats().lockTimeouts.sum()).isEqualTo(1);
        assertThat(d.stats().notifierRounds.sum()).isEqualTo(1);
    }

    @Test
    void oomNotifierGivesUpAfterFiveSecondsOfModelTimeWhenAnotherThreadHoldsTheLock(InstalledI915 i915,
            Pressure pressure, ManualClock clock) throws Exception {
        Device d = i915.device();
        GemObject o = releasable(d);
        long before = clock.nanoTime();
        OomEvent event;
        try (LockHolder holder = new LockHolder(d)) {
            event = pressure.oomRound(16);
        }
        assertThat(clock.nanoTime() - before).isGreaterThan(FIVE_SECONDS).isLessThanOrEqualTo(FIVE_SECONDS + 2 * JIFFY);
        assertThat(event.freed()).isZero();
        assertThat(o.hasPages()).isTrue();
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = {"i915.lock-timeout-ms=200", "i915.hz=1000"})
    void lockTimeoutAndJiffyAreSettings(InstalledI915 i915, Pressure pressure, ManualClock clock) throws Exception {
        Device d = i915.device();
        long before = clock.nanoTime();
        try (LockHolder holder = new LockHolder(d)) {
            pressure.purgeRound();
        }
        long ms = 1_000_000;
        assertThat(clock.nanoTime() - before).isGreaterThan(200 * ms).isLessThanOrEqualTo(202 * ms);
    }

    @Test
    void notifierTakesTheLockOnceTheHolderReleasesItDuringTheRetries() throws Exception {
        // A clock that, at 1 s of model time, has the holder thread release struct_mutex.
        AtomicLong now = new AtomicLong();
        LockHolder[] holder = new LockHolder[1];
        VmapClock releasing = new VmapClock() {
            @Override
            public long nanoTime() {
                return now.get();
            }

            @Override
            public void sleepNanos(long nanos) {
                if (now.addAndGet(nanos) >= 1_000_000_000L && holder[0] != null) {
                    LockHolder h = holder[0];
                    holder[0] = null;
                    h.releaseNow();
                }
            }
        };
        I915Plugin plugin = new I915Plugin();
        try (VmapSystem s = VmapKit.builder().ignoreSystemProperties().clock(releasing).plugin(plugin)
                .addressSpace(AddressSpace.of("test", 0x1000_0000L, 4L << 20, 4096)).start()) {
            Device d = Gem.installed(s).device();
            GemObject o = locked(d, () -> Gem.cachedMap(d, 8, MapType.WB));
            holder[0] = new LockHolder(d);
            VmapPurgeEvent event = new Pressure(s).purgeRound();
            assertThat(now.get()).isBetween(1_000_000_000L, 1_000_000_000L + JIFFY);
            assertThat(event.freed()).isEqualTo(8);
            assertThat(o.hasPages()).isFalse();
            assertThat(d.structMutex().isLocked()).as("the notifier unlocked what it took").isFalse();
            assertThat(d.stats().lockTimeouts.sum()).isZero();
        }
    }

    @Test
    @VmapKitTest(plugins = I915Plugin.class, settings = "i915.owner-tracking=false")
    void withoutOwnerTrackingTheOwnerNeverStealsAndItsNotifierGivesUpAfterTheTimeout(InstalledI915 i915,
            Pressure pressure, ManualClock clock) {
        Device d = i915.device();
        GemObject o = releasable(d);
        d.structMutex().lock();
        try {
            assertThat(i915.shrinker().countObjects(control(0))).isZero();
            assertThat(i915.shrinker().scanObjects(control(8))).isEqualTo(Shrinker.SHRINK_STOP);
            long before = clock.nanoTime();
            VmapPurgeEvent event = pressure.purgeRound();
            assertThat(clock.nanoTime() - before).isGreaterThan(FIVE_SECONDS);
            assertThat(event.freed()).isZero();
            assertThat(d.structMutex().isHeldByCurrentThread()).isTrue();
        } finally {
            d.structMutex().unlock();
        }
        assertThat(o.hasPages()).isTrue();
        assertThat(d.stats().lockSteals.sum()).isZero();
        assertThat(d.stats().lockGiveUps.sum()).isEqualTo(3);
        assertThat(d.stats().lockTimeouts.sum()).isEqualTo(1);
    }

    @Test
    void anInterruptedNotifierGivesUpAtOnceWithoutTheMessage(InstalledI915 i915, Pressure pressure, ManualClock clock)
            throws Exception {
        Device d = i915.device();
        try (LogCapture log = new LogCapture(ShrinkerLock.class); LockHolder holder = new LockHolder(d)) {
            long before = clock.nanoTime();
            Thread.currentThread().interrupt();
            try {
                assertThat(pressure.purgeRound().freed()).isZero();
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is left for the caller").isTrue();
            }
            assertThat(clock.nanoTime() - before).isEqualTo(JIFFY);
            assertThat(log.messages()).isEmpty();
        }
        assertThat(d.stats().lockGiveUps.sum()).isEqualTo(1);
        assertThat(d.stats().lockTimeouts.sum()).isZero();
    }
}
