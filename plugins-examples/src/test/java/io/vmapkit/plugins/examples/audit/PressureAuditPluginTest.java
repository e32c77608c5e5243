package io.vmapkit.plugins.examples.audit;

import static io.vmapkit.plugins.examples.MockContext.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verifyNoInteractions;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.examples.MockContext;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.junit.jupiter.MockitoExtension;

/** The pressure audit against a mocked context, with events built as the chains build them. */
@ExtendWith(MockitoExtension.class)
class PressureAuditPluginTest {

    private static final long PAGE = 4096;

    private final PressureAuditPlugin plugin = new PressureAuditPlugin();

    /** A block that adds {@code n} when called. */
    private static <T extends io.vmapkit.api.notifier.FreedCounter> NotifierBlock<T> freeing(String name, long n) {
        return NotifierBlock.of(name, 0, (action, data) -> {
            data.add(n);
            return Notify.DONE;
        });
    }

    /** Runs the blocks on {@code event} in order, as a chain does. */
    @SafeVarargs
    private static <T extends io.vmapkit.api.notifier.FreedCounter> T round(T event, NotifierBlock<? super T>... blocks) {
        for (NotifierBlock<? super T> b : blocks) {
            call(b, event);
        }
        return event;
    }

    @Test
    void installRegistersOneBlockOnEachChainAtTheLowestPriority() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        assertThat(ctx.purgeBlock().priority()).isEqualTo(Integer.MIN_VALUE);
        assertThat(ctx.purgeBlock().name()).isEqualTo("pressure-audit");
        assertThat(ctx.oomBlock().priority()).isEqualTo(Integer.MIN_VALUE);
        verifyNoInteractions(ctx.shrinkers, ctx.allocator, ctx.pagePool);
        assertThat(audit.report().purge().rounds()).isZero();
    }

    @Test
    void thePriorityIsASetting() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME, "priority=-100");
        PressureAudit audit = plugin.install(ctx.context);
        assertThat(ctx.purgeBlock().priority()).isEqualTo(-100);
        MockContext bad = new MockContext(PressureAuditPlugin.NAME, "priority=low");
        assertThatThrownBy(() -> new PressureAuditPlugin().install(bad.context))
                .hasMessage("vmapkit.plugin.pressure-audit.priority = low: is not an integer");
        verifyNoInteractions(bad.purgeChain, bad.oomChain);
    }

    @Test
    void runningLastTheAuditSeesWhatEveryOtherBlockAddedAndAddsNothingItself() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> me = ctx.purgeBlock();

        VmapPurgeEvent e = round(ctx.purgeEvent(8, 1), freeing("msm", 15), freeing("i915", 64), me);
        round(ctx.purgeEvent(8, 2), freeing("msm", 3), me);

        assertThat(e.freed()).as("the audit added nothing").isEqualTo(79);
        assertThat(e.contributions()).doesNotContainKey("pressure-audit");
        AuditReport.ChainAudit purge = audit.report().purge();
        assertThat(purge.freedByBlock()).isEqualTo(Map.of("msm", 18L, "i915", 64L));
        assertThat(purge.roundsByBlock()).isEqualTo(Map.of("msm", 2L, "i915", 1L));
        assertThat(purge.rounds()).isEqualTo(2);
        assertThat(purge.episodes()).isEqualTo(1);
        assertThat(purge.noProgressRounds()).isZero();
        assertThat(purge.largestRequest()).isEqualTo(9 * PAGE);
    }

    @Test
    void aRoundInWhichNobodyFreedAnythingRecordsTheRequestAsOneNothingWasFreedFor() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> me = ctx.purgeBlock();
        round(ctx.purgeEvent(100, 1), freeing("msm", 1), me);
        round(ctx.purgeEvent(100, 2), me);
        round(ctx.purgeEvent(3, 1), me);

        AuditReport.ChainAudit purge = audit.report().purge();
        assertThat(purge.noProgressRounds()).isEqualTo(2);
        assertThat(purge.largestUnhelpedRequest()).isEqualTo(101 * PAGE);
        assertThat(purge.largestRequest()).isEqualTo(101 * PAGE);
        assertThat(purge.episodes()).isEqualTo(2);
    }

    @Test
    void roundNumbersGiveTheRoundsEachAllocationNeeded() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> me = ctx.purgeBlock();
        for (int round = 1; round <= 3; round++) { // one allocation of three rounds
            round(ctx.purgeEvent(1, round), me);
        }
        round(ctx.purgeEvent(1, 1), me); // two allocations of one round
        round(ctx.purgeEvent(1, 1), me);

        AuditReport.ChainAudit purge = audit.report().purge();
        assertThat(purge.roundsReached()).containsExactly(3L, 1L, 1L);
        assertThat(purge.allocationsWithRounds(1)).isEqualTo(2);
        assertThat(purge.allocationsWithRounds(2)).isZero();
        assertThat(purge.allocationsWithRounds(3)).isEqualTo(1);
        assertThat(purge.allocationsWithRounds(4)).isZero();
        assertThat(audit.summary()).contains("1 round: 2, 3 rounds: 1");
    }

    @Test
    void oomRoundsAreAuditedInPages() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        NotifierBlock<OomEvent> me = ctx.oomBlock();
        round(new OomEvent(64), freeing("i915", 32), me);
        round(new OomEvent(512), me);

        AuditReport.ChainAudit oom = audit.report().oom();
        assertThat(oom.rounds()).isEqualTo(2);
        assertThat(oom.episodes()).as("the OOM chain numbers no rounds").isZero();
        assertThat(oom.roundsReached()).isEmpty();
        assertThat(oom.freedByBlock()).isEqualTo(Map.of("i915", 32L));
        assertThat(oom.largestRequest()).isEqualTo(512);
        assertThat(oom.largestUnhelpedRequest()).isEqualTo(512);
        assertThat(audit.report().purge().rounds()).isZero();
    }

    @Test
    void theOutcomeListenerRecordsFailuresTheChainsCannotShow() {
        AuditOutcomes outcomes = new AuditOutcomes();
        PressureAudit audit = new PressureAuditPlugin(outcomes).install(new MockContext(PressureAuditPlugin.NAME).context);
        assertThat(audit.report().outcomes().listenerAttached()).isFalse();
        outcomes.allocVmapArea(new AllocVmapAreaEvent(0x1000, 2 * PAGE, 1, 0, 0, false));
        assertThat(audit.report().outcomes().listenerAttached()).isTrue();

        outcomes.vmapAllocFailed(new VmapAllocFailedEvent(VmapRequest.of(64 * PAGE), Errno.EBUSY, "vmap allocation for size 266240 failed", List.of()));
        outcomes.vmapAllocFailed(new VmapAllocFailedEvent(VmapRequest.of(8 * PAGE), Errno.EBUSY, "cap", List.of("msm", "lru-mapping-cache")));
        outcomes.vmapAllocFailed(new VmapAllocFailedEvent(VmapRequest.of(PAGE), Errno.ENOMEM, "descriptor", List.of()));

        AuditReport.Outcomes o = audit.report().outcomes();
        assertThat(o.busyFailures()).isEqualTo(2);
        assertThat(o.roundCapFailures()).isEqualTo(1);
        assertThat(o.lastClaimedProgress()).containsExactly("msm", "lru-mapping-cache");
        assertThat(o.noMemoryFailures()).isEqualTo(1);
        assertThat(o.largestFailedRequest()).isEqualTo(64 * PAGE);
        assertThat(audit.outcomeListener()).isSameAs(outcomes);
    }

    @Test
    void theSummaryIsAPrintableTable() {
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        round(ctx.purgeEvent(40, 1), freeing("msm", 15), freeing("lru-mapping-cache", 20), ctx.purgeBlock());
        round(ctx.purgeEvent(40, 2), ctx.purgeBlock());

        String table = audit.summary();

        assertThat(table.lines()).containsSubsequence(
                "pressure-audit",
                "vmap purge notifier (vmap_notify_list)",
                "  allocations that ran out of space        1",
                "  notifier rounds                          2",
                "  rounds in which nothing was freed        1",
                "  largest request in a round               167936 bytes",
                "  largest request nothing was freed for    167936 bytes",
                "  allocations by rounds needed             2 rounds: 1",
                "  block                              rounds          freed",
                "  lru-mapping-cache                       1             20",
                "  msm                                     1             15",
                "OOM notifier (oom_notify_list)",
                "  OOM rounds                               0",
                "  no block freed anything",
                "allocation failures (outcome listener)",
                "  not attached: give the plugin an AuditOutcomes and add it to the system's listeners");
        assertThat(audit.report().toString()).isEqualTo(table);
    }

    /** Eight threads report rounds at once; every one is counted. Replay with {@code -Dvmapkit.seed=<seed>}. */
    @Test
    void concurrentRoundsAreAllCounted() throws Exception {
        long seed = Seeds.seed("audit concurrency");
        MockContext ctx = new MockContext(PressureAuditPlugin.NAME);
        PressureAudit audit = plugin.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> me = ctx.purgeBlock();
        NotifierBlock<OomEvent> oomMe = ctx.oomBlock();
        SplittableRandom root = new SplittableRandom(seed);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                SplittableRandom rnd = root.split();
                futures.add(pool.submit(() -> {
                    go.await();
                    long[] expect = new long[3]; // purge rounds, freed by "a", oom rounds
                    for (int i = 0; i < 2000; i++) {
                        if (rnd.nextBoolean()) {
                            long n = 1 + rnd.nextInt(5);
                            round(ctx.purgeEvent(1 + rnd.nextInt(8), 1 + rnd.nextInt(3)), freeing("a", n), me);
                            expect[0]++;
                            expect[1] += n;
                        } else {
                            round(new OomEvent(1 + rnd.nextInt(8)), oomMe);
                            expect[2]++;
                        }
                    }
                    return expect;
                }));
            }
            go.countDown();
            long[] total = new long[3];
            for (Future<long[]> f : futures) {
                long[] e = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < 3; i++) {
                    total[i] += e[i];
                }
            }
            AuditReport r = audit.report();
            assertThat(r.purge().rounds()).as("seed " + seed).isEqualTo(total[0]);
            assertThat(r.purge().freedByBlock().get("a")).as("seed " + seed).isEqualTo(total[1]);
            assertThat(r.purge().roundsReached().stream().mapToLong(Long::longValue).sum()).isEqualTo(total[0]);
            assertThat(r.oom().rounds()).as("seed " + seed).isEqualTo(total[2]);
            assertThat(r.oom().noProgressRounds()).isEqualTo(total[2]);
        } finally {
            pool.shutdownNow();
        }
    }
}
