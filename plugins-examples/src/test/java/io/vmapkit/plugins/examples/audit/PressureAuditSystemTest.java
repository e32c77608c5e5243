package io.vmapkit.plugins.examples.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.plugins.examples.lru.LruMappingCache;
import io.vmapkit.plugins.examples.lru.LruMappingCachePlugin;
import io.vmapkit.plugins.examples.msm.MsmDriver;
import io.vmapkit.plugins.examples.msm.MsmObject;
import io.vmapkit.plugins.examples.msm.MsmPlugin;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import io.vmapkit.testkit.VmapKitTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pressure audit beside two reclaiming plugins in a real system. */
class PressureAuditSystemTest {

    private static final long PAGE = 4096;

    /** LRU mappings of 4 pages (5 with guard) at the bottom, then one-page msm objects (2 pages each), all unpinned. */
    private static void cache(LruMappingCache lru, int lruMappings, MsmDriver msm, int msmObjects) {
        for (int i = 0; i < lruMappings; i++) {
            lru.map("buf-" + i, 4 * PAGE).close();
        }
        for (int i = 0; i < msmObjects; i++) {
            MsmObject o = msm.newObject(PAGE);
            msm.getVaddr(o);
            msm.putVaddr(o);
        }
    }

    /**
     * Round 1 of a 30-page request (31 needed): the LRU cache, registered first, gives its 4 mappings
     * (20 pages), msm unmaps 15 objects; then the audit, last, sees both. A later request that nobody can
     * help ends in a round where nothing was freed, which the audit records as the largest failed
     * request.
     */
    @Test
    @VmapKitTest(plugins = {LruMappingCachePlugin.class, MsmPlugin.class, PressureAuditPlugin.class})
    void theAuditAttributesEachRoundsProgressToTheBlocksThatMadeIt(LruMappingCache lru, MsmDriver msm,
            PressureAudit audit, Pressure pressure, VmapAllocator allocator, RecordingListener recorder) {
        cache(lru, 4, msm, 20);
        pressure.fillUntilFull(PAGE);
        recorder.clear();

        VmapArea area = allocator.allocate(30 * PAGE);
        assertThat(area.state()).isEqualTo(AreaState.LIVE);

        AuditReport.ChainAudit purge = audit.report().purge();
        assertThat(purge.freedByBlock()).isEqualTo(Map.of("lru-mapping-cache", 20L, "msm", 15L));
        assertThat(purge.rounds()).isEqualTo(1);
        assertThat(purge.episodes()).isEqualTo(1);
        assertThat(purge.noProgressRounds()).isZero();
        // the audit agrees with the allocator's own account of the round, and it ran last
        Map<String, Long> allocatorView = new HashMap<>(recorder.events(VmapEvent.NotifierRound.class).get(0).contributions());
        assertThat(purge.freedByBlock()).isEqualTo(allocatorView);
        List<String> callOrder = recorder.events(VmapEvent.NotifierCall.class).stream()
                .filter(c -> c.chain().equals(VmapSystem.PURGE_CHAIN)).map(VmapEvent.NotifierCall::block).toList();
        assertThat(callOrder).containsExactly("lru-mapping-cache", "msm", "pressure-audit");

        pressure.fillUntilFull(PAGE);
        VmapAllocationException e = pressure.expectAllocationFailure(200 * PAGE);
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);

        purge = audit.report().purge();
        assertThat(purge.freedByBlock()).isEqualTo(Map.of("lru-mapping-cache", 20L, "msm", 20L));
        assertThat(purge.rounds()).as("round 1: msm's last 5; round 2: nothing").isEqualTo(3);
        assertThat(purge.noProgressRounds()).isEqualTo(1);
        assertThat(purge.largestUnhelpedRequest()).isEqualTo(201 * PAGE);
        assertThat(purge.allocationsWithRounds(1)).isEqualTo(1);
        assertThat(purge.allocationsWithRounds(2)).isEqualTo(1);
        assertThat(audit.summary()).contains("largest request nothing was freed for    823296 bytes");
    }

    @Test
    @VmapKitTest(plugins = PressureAuditPlugin.class, pagePoolPages = 64)
    void oomRoundsNobodyAnswersAreCounted(PressureAudit audit, Pressure pressure) {
        pressure.oomRound(128);
        AuditReport.ChainAudit oom = audit.report().oom();
        assertThat(oom.rounds()).isEqualTo(1);
        assertThat(oom.noProgressRounds()).isEqualTo(1);
        assertThat(oom.largestUnhelpedRequest()).isEqualTo(128);
    }

    /**
     * A host wires the outcome listener when it builds the system, as the plugin's Javadoc shows; with
     * a round cap of 1 and msm able to unmap only 15 per round, a request needing 30 of its mappings
     * fails at the cap with msm named, which only the listener can tell the audit.
     */
    @Test
    void withTheOutcomeListenerAttachedTheAuditSeesRoundCapFailures() {
        AuditOutcomes outcomes = new AuditOutcomes();
        try (VmapSystem system = VmapKit.builder()
                .ignoreSystemProperties()
                .addressSpace(AddressSpace.of("audit", 0x1000_0000L, 1L << 20, 4096))
                .ncpus(1)
                .set("vmapkit.allocator.max-notifier-rounds", "1")
                .clock(new ManualClock())
                .plugin(new MsmPlugin())
                .plugin(new PressureAuditPlugin(outcomes))
                .listener(outcomes)
                .start()) {
            PressureAudit audit = system.installed(PressureAudit.class).orElseThrow();
            assertThat(audit.outcomeListener()).isSameAs(outcomes);
            cache(null, 0, system.installed(MsmDriver.class).orElseThrow(), 40);
            new Pressure(system).fillUntilFull(PAGE);

            VmapAllocationException e = new Pressure(system).expectAllocationFailure(50 * PAGE);

            assertThat(e.roundCapReached()).isTrue();
            AuditReport r = audit.report();
            assertThat(r.outcomes().listenerAttached()).isTrue();
            assertThat(r.outcomes().busyFailures()).isEqualTo(1);
            assertThat(r.outcomes().roundCapFailures()).isEqualTo(1);
            assertThat(r.outcomes().lastClaimedProgress()).containsExactly("msm");
            assertThat(r.outcomes().largestFailedRequest()).isEqualTo(50 * PAGE);
            assertThat(r.purge().noProgressRounds()).as("msm did free something: only the listener sees the failure")
                    .isZero();
            assertThat(audit.summary()).contains("of which ended by the round cap        1 (last claimed by msm)");
        }
    }
}
