package io.vmapkit.plugins.examples.balloon;

import static io.vmapkit.plugins.examples.MockContext.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.examples.MockContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.junit.jupiter.MockitoExtension;

/** The balloon against a mocked context (a 4 MiB space; chunks of 16 pages = 64 KiB by default). */
@ExtendWith(MockitoExtension.class)
class BalloonPluginTest {

    private static final long PAGE = 4096;
    private static final long CHUNK = 16 * PAGE;

    private final BalloonPlugin plugin = new BalloonPlugin();

    @Test
    void installInflatesToItsShareWithNonBlockingGuardlessQuietRequests() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        Balloon balloon = plugin.install(ctx.context);

        BalloonStats s = balloon.stats();
        assertThat(s.targetChunks()).as("a quarter of 4 MiB in 64 KiB chunks").isEqualTo(16);
        assertThat(s.chunks()).isEqualTo(16);
        assertThat(s.reservedBytes()).isEqualTo(1L << 20);
        ArgumentCaptor<VmapRequest> requests = ArgumentCaptor.forClass(VmapRequest.class);
        verify(ctx.allocator, times(16)).allocate(requests.capture());
        assertThat(requests.getAllValues()).allSatisfy(r -> {
            assertThat(r.size()).isEqualTo(CHUNK);
            assertThat(r.flags()).isEqualTo(Set.of(AllocFlag.NO_GUARD, AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN));
        });
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        assertThat(block.name()).isEqualTo("balloon");
        assertThat(block.priority()).isZero();
    }

    @Test
    void theShareIsASettingWrittenAsAFractionOrAPercentage() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME, "share=10%", "chunk-pages=8");
        Balloon balloon = plugin.install(ctx.context);
        assertThat(balloon.stats().targetChunks()).as("floor(0.1 * 1024 / 8)").isEqualTo(12);
        assertThat(balloon.stats().chunkBytes()).isEqualTo(8 * PAGE);
    }

    @Test
    void badSettingsRefuseInstallationBeforeAnythingIsRegisteredOrAllocated() {
        for (String[] bad : List.of(new String[] {"share=0.95", "vmapkit.plugin.balloon.share = 0.95: must be between 0.0 and 0.9"},
                new String[] {"share=half", "vmapkit.plugin.balloon.share = half: is not a number (write 0.25 or 25%)"},
                new String[] {"chunk-pages=2048", "vmapkit.plugin.balloon.chunk-pages = 2048: a chunk of 8388608 bytes (8.0 MiB) "
                        + "does not fit the space of 4194304 bytes (4.0 MiB)"},
                new String[] {"deflate-chunks=0", "vmapkit.plugin.balloon.deflate-chunks = 0: must be at least 1"},
                new String[] {"shares=0.1", "unknown setting 'vmapkit.plugin.balloon.shares'"})) {
            MockContext ctx = new MockContext(BalloonPlugin.NAME, bad[0]);
            BalloonPlugin b = new BalloonPlugin();
            assertThatThrownBy(() -> b.install(ctx.context)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(bad[1]);
            verifyNoInteractions(ctx.purgeChain);
            verify(ctx.allocator, never()).allocate(any(VmapRequest.class));
        }
    }

    @Test
    void installTakesOnlyWhatFitsWhileLeavingTheHeadroomFree() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        ctx.othersUse(ctx.space.size() - 5 * CHUNK); // five chunks free: take three, leave two
        Balloon balloon = plugin.install(ctx.context);
        assertThat(balloon.stats().chunks()).isEqualTo(3);
        assertThat(ctx.stats().freeBytes()).isEqualTo(2 * CHUNK);
    }

    @Test
    void aPurgeCallGetsBackUpToDeflateChunksLastTakenFirstAndTheirCountInFreed() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        Balloon balloon = plugin.install(ctx.context);

        VmapPurgeEvent e = ctx.purgeEvent(8, 1);
        call(ctx.purgeBlock(), e);

        assertThat(e.freed()).isEqualTo(4);
        assertThat(e.contributions()).containsEntry("balloon", 4L);
        InOrder order = inOrder(ctx.allocator);
        for (int i = 15; i >= 12; i--) {
            order.verify(ctx.allocator).free(ctx.areas.get(i));
        }
        assertThat(ctx.areas.subList(0, 12)).allMatch(a -> a.state() == AreaState.LIVE);
        BalloonStats s = balloon.stats();
        assertThat(s.chunks()).isEqualTo(12);
        assertThat(s.deflations()).isEqualTo(1);
        assertThat(s.chunksReturned()).isEqualTo(4);
        assertThat(s.pressureSeen()).isTrue();
    }

    @Test
    void anEmptyBalloonAddsNothingButStillNotesThePressure() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME, "share=0");
        Balloon balloon = plugin.install(ctx.context);
        ctx.clock.advance(Duration.ofSeconds(3));
        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.contributions()).isEmpty();
        assertThat(balloon.stats().pressureSeen()).isTrue();
        assertThat(balloon.stats().lastPressureNanos()).isEqualTo(3_000_000_000L);
    }

    @Test
    void theBalloonNeverDeflatesForItsOwnRequests() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        Balloon balloon = plugin.install(ctx.context);
        VmapRequest own = VmapRequest.builder(CHUNK).owner("balloon").window(ctx.space.start(), ctx.space.end()).build();
        VmapPurgeEvent e = new VmapPurgeEvent(own, CHUNK, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.freed()).isZero();
        assertThat(balloon.stats().chunks()).isEqualTo(16);
        assertThat(balloon.stats().pressureSeen()).isFalse();
    }

    @Test
    void tickReinflatesOnlyAfterTheQuietPeriodOnTheSystemClock() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME, "reinflate-after-ms=1000", "reinflate-chunks=3");
        Balloon balloon = plugin.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        call(block, ctx.purgeEvent(1, 1));
        call(block, ctx.purgeEvent(1, 2)); // 8 chunks gone, at time 0
        assertThat(balloon.stats().chunks()).isEqualTo(8);

        assertThat(balloon.tick()).isZero();
        ctx.clock.advance(Duration.ofMillis(999));
        assertThat(balloon.tick()).as("still within the quiet period").isZero();
        ctx.clock.advance(Duration.ofMillis(1));
        assertThat(balloon.tick()).isEqualTo(3);
        assertThat(balloon.tick()).isEqualTo(3);
        call(block, ctx.purgeEvent(1, 1)); // pressure again, at 1000 ms: 14 - 4
        assertThat(balloon.stats().chunks()).isEqualTo(10);
        assertThat(balloon.tick()).isZero();
        ctx.clock.advance(Duration.ofSeconds(1));
        assertThat(balloon.tick()).isEqualTo(3);
        assertThat(balloon.tick()).isEqualTo(3);
        assertThat(balloon.tick()).as("at the target").isZero();
        BalloonStats s = balloon.stats();
        assertThat(s.chunks()).isEqualTo(16);
        assertThat(s.reinflations()).isEqualTo(4);
        assertThat(s.chunksReinflated()).isEqualTo(12);
    }

    @Test
    void tickLeavesTheHeadroomFree() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        ctx.othersUse(ctx.space.size() - 5 * CHUNK);
        Balloon balloon = plugin.install(ctx.context);
        assertThat(balloon.stats().chunks()).isEqualTo(3);
        assertThat(balloon.tick()).as("still only the headroom free").isZero();

        ctx.othersUse(ctx.space.size() - 8 * CHUNK); // others gave three chunks' worth back: five free
        assertThat(balloon.tick()).as("no pressure seen yet: no quiet period to wait for").isEqualTo(3);
        assertThat(ctx.stats().freeBytes()).isEqualTo(2 * CHUNK);
        assertThat(balloon.tick()).isZero();
    }

    @Test
    void concurrentTicksNeverOvershootTheTarget() throws Exception {
        MockContext ctx = new MockContext(BalloonPlugin.NAME, "reinflate-after-ms=0", "reinflate-chunks=16",
                "deflate-chunks=16");
        Balloon balloon = plugin.install(ctx.context);
        call(ctx.purgeBlock(), ctx.purgeEvent(1, 1));
        assertThat(balloon.stats().chunks()).isZero();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    int taken = 0;
                    for (int i = 0; i < 50; i++) {
                        taken += balloon.tick();
                    }
                    return taken;
                }));
            }
            go.countDown();
            int taken = 0;
            for (Future<Integer> f : futures) {
                taken += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(taken).isEqualTo(16);
            assertThat(balloon.stats().chunks()).isEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uninstallUnregistersThenGivesEveryChunkBack() {
        MockContext ctx = new MockContext(BalloonPlugin.NAME);
        Balloon balloon = plugin.install(ctx.context);
        balloon.close();
        InOrder order = inOrder(ctx.registrations.get(0), ctx.allocator);
        order.verify(ctx.registrations.get(0)).close();
        order.verify(ctx.allocator, times(16)).free(any(VmapArea.class));
        assertThat(ctx.areas).allMatch(a -> a.state() == AreaState.LAZY);
        assertThatThrownBy(balloon::tick).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed when the plugin was uninstalled");
        assertThat(balloon.stats().chunks()).isZero();
    }
}
