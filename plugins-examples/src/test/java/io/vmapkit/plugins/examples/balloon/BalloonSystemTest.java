package io.vmapkit.plugins.examples.balloon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import io.vmapkit.testkit.VmapKitTest;
import io.vmapkit.testsupport.OpLog;
import io.vmapkit.testsupport.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The balloon in a real system: the testkit's 4 MiB space, so the default quarter is 16 chunks of
 * 16 pages at the bottom of the space, and a manual clock deciding when pressure has passed.
 */
@VmapKitTest(plugins = BalloonPlugin.class)
class BalloonSystemTest {

    private static final long PAGE = 4096;

    private static long balloonBusyBytes(VmapAllocator allocator) {
        return allocator.snapshot().ranges().stream()
                .filter(r -> r.kind() == VmapSnapshot.Kind.BUSY && r.owner().equals(BalloonPlugin.NAME))
                .mapToLong(VmapSnapshot.Range::size).sum();
    }

    private static List<Long> balloonChunksPerRound(RecordingListener recorder) {
        return recorder.events(VmapEvent.NotifierRound.class).stream()
                .map(r -> r.contributions().getOrDefault(BalloonPlugin.NAME, 0L)).toList();
    }

    @Test
    void installReservesTheConfiguredShareOfTheSpace(Balloon balloon, VmapAllocator allocator) {
        assertThat(balloon.stats().chunks()).isEqualTo(16);
        assertThat(balloonBusyBytes(allocator)).isEqualTo(1L << 20);
        assertThat(allocator.stats().liveBytes()).as("no guard pages").isEqualTo(1L << 20);
    }

    /**
     * A 100-page request (101 with its guard) in a full space: each round the balloon gives back 4
     * chunks of 16 pages, the top ones first, which join into one block; 64 pages are not enough,
     * 128 are, so round 2 succeeds and the balloon keeps 8 chunks.
     */
    @Test
    void underPressureTheBalloonDeflatesInStepsAcrossTheAllocatorsRounds(Balloon balloon, Pressure pressure,
            VmapAllocator allocator, RecordingListener recorder) {
        pressure.fillUntilFull(PAGE);
        recorder.clear();

        VmapArea area = allocator.allocate(100 * PAGE);

        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        assertThat(balloonChunksPerRound(recorder)).containsExactly(4L, 4L);
        assertThat(balloon.stats().chunks()).isEqualTo(8);
        assertThat(balloonBusyBytes(allocator)).isEqualTo(8 * 16 * PAGE);
    }

    @Test
    void whenThePressurePassesTicksReinflateStepByStepToTheTarget(Balloon balloon, Pressure pressure,
            VmapAllocator allocator, ManualClock clock) {
        List<VmapArea> host = pressure.fillUntilFull(PAGE);
        VmapArea big = allocator.allocate(100 * PAGE);
        assertThat(balloon.stats().chunks()).isEqualTo(8);
        assertThat(balloon.tick()).as("pressure just now").isZero();
        pressure.freeAll(host); // the host's work is done: its space is lazily freed
        allocator.free(big);

        clock.advance(Duration.ofMillis(999));
        assertThat(balloon.tick()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(balloon.tick()).isEqualTo(4);
        assertThat(balloon.tick()).isEqualTo(4);
        assertThat(balloon.tick()).as("back at the target").isZero();
        assertThat(balloonBusyBytes(allocator)).isEqualTo(1L << 20);
        assertThat(balloon.stats().reinflations()).isEqualTo(2);
    }

    @Test
    void reinflatingNeverMakesAnyoneReclaim(Balloon balloon, Pressure pressure, ManualClock clock,
            RecordingListener recorder) {
        pressure.fillUntilFull(PAGE);
        pressure.expectAllocationFailure(900 * PAGE); // deflates all 16 chunks over the rounds, then fails
        assertThat(balloon.stats().chunks()).isZero();
        pressure.fillUntilFull(PAGE); // the host takes the space the balloon gave back
        clock.advance(Duration.ofSeconds(10));
        recorder.clear();

        assertThat(balloon.tick()).as("no room: nothing taken").isZero();

        assertThat(recorder.events(VmapEvent.NotifierRound.class)).isEmpty();
        assertThat(recorder.events(VmapEvent.VmapAllocFailed.class)).isEmpty();
    }

    @Test
    void uninstallGivesEverythingBack(VmapSystem system) {
        system.close();
        assertThat(system.purgeChain().blocks()).isEmpty();
        assertThat(balloonBusyBytes(system.allocator())).isZero();
        assertThat(system.report().find(Kind.PLUGIN, BalloonPlugin.NAME).orElseThrow().reason())
                .doesNotContain("leftover");
    }

    /**
     * Four threads tick while four allocate and free under pressure and the clock moves on: the balloon
     * never holds more than its target, its chunks are exactly its live areas, and nothing it does makes
     * a callback fail. Replay with {@code -Dvmapkit.seed=<seed>}.
     */
    @Test
    @VmapKitTest(plugins = BalloonPlugin.class, settings = {"balloon.reinflate-after-ms=1", "balloon.share=0.5"})
    void concurrentTicksAndPressureKeepTheBalloonConsistent(Balloon balloon, VmapSystem system, ManualClock clock,
            RecordingListener recorder) throws Exception {
        long seed = Seeds.seed("balloon concurrency");
        OpLog log = OpLog.perThread(400);
        SplittableRandom root = new SplittableRandom(seed);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        long target = balloon.stats().targetChunks();
        try {
            for (int t = 0; t < 4; t++) {
                SplittableRandom rnd = root.split();
                futures.add(pool.submit(() -> {
                    try {
                        for (int i = 0; i < 300; i++) {
                            clock.advance(rnd.nextInt(500_000));
                            int n = balloon.tick();
                            log.add("tick -> " + n);
                            if (balloon.stats().chunks() > target) {
                                throw new AssertionError("over the target: " + balloon.stats());
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 4; t++) {
                SplittableRandom rnd = root.split();
                futures.add(pool.submit(() -> {
                    List<VmapArea> mine = new ArrayList<>();
                    try {
                        for (int i = 0; i < 300; i++) {
                            if (rnd.nextInt(3) > 0 || mine.isEmpty()) {
                                long size = (1 + rnd.nextInt(64)) * PAGE;
                                try {
                                    mine.add(system.allocator().allocate(
                                            VmapRequest.builder(size).flags(AllocFlag.NO_WARN).build()));
                                    log.add("alloc " + size);
                                } catch (VmapAllocationException e) {
                                    log.add("alloc " + size + " " + e.errno());
                                }
                            } else {
                                system.allocator().free(mine.remove(rnd.nextInt(mine.size())));
                                log.add("free");
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        mine.forEach(system.allocator()::free);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as(log.dump(seed)).isEmpty();
        assertThat(recorder.events()).as(log.dump(seed)).noneMatch(e -> e instanceof VmapEvent.NotifierCallFailed);
        BalloonStats s = balloon.stats();
        assertThat(s.chunks()).as(log.dump(seed)).isLessThanOrEqualTo(target);
        assertThat(balloonBusyBytes(system.allocator())).as(log.dump(seed)).isEqualTo(s.reservedBytes());
        assertThat(s.chunksReturned() - s.chunksReinflated()).as("what left minus what came back; " + log.dump(seed))
                .isEqualTo(target - s.chunks());
        assertThat(system.allocator().snapshot().violation()).isEmpty();
    }
}
