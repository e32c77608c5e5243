package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.ShrinkSlabStartEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import org.junit.jupiter.api.Test;

/** Shrinkers that throw, lie or return nonsense are contained, reported and, if they keep failing, quarantined. */
class ShrinkerMisbehaviourTest {

    private final ShrinkRecorder events = new ShrinkRecorder();

    private DefaultShrinkerRegistry registry(int quarantineAfter) {
        return (DefaultShrinkerRegistry) ShrinkerRegistries.create(
                NotifierConfig.builder().listener(events).quarantineAfter(quarantineAfter).build());
    }

    @Test
    void throwingCountIsContainedReportedWithTheShrinkersNameAndOthersStillRun() {
        ShrinkerRegistry r = registry(3);
        RuntimeException boom = new IllegalStateException("count boom");
        ScriptedShrinker bad = new ScriptedShrinker("bad", 1000) {
            @Override
            public long countObjects(ShrinkControl sc) {
                throw boom;
            }
        };
        ScriptedShrinker good = new ScriptedShrinker("good", 1000);
        r.register(bad);
        r.register(good);
        assertThat(r.shrinkSlab(0)).isEqualTo(1920);
        assertThat(events.problems).singleElement().asString().startsWith("bad: ").contains("count_objects");
        assertThat(events.failures).containsExactly(boom);
    }

    @Test
    void throwingScanIsTreatedAsShrinkStopAndTheUnscannedWorkIsDeferred() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("flaky", 1000).scan((call, sc) -> {
            if (call == 2) {
                throw new IllegalStateException("scan boom");
            }
            return sc.nrToScan();
        });
        r.register(s);
        assertThat(r.shrinkSlab(0)).isEqualTo(128);
        assertThat(r.deferred(s)).as("2000 owed - 128 scanned").isEqualTo(1872);
        assertThat(events.lastEnd().retval).isEqualTo(128);
        assertThat(events.problems).singleElement().asString().contains("flaky").contains("scan_objects threw");
    }

    @Test
    void negativeCountOtherThanShrinkEmptyIsReportedAndTreatedAsZero() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("liar", -5);
        r.register(s);
        assertThat(r.shrinkSlab(0)).isZero();
        assertThat(s.scans).isEmpty();
        assertThat(r.deferred(s)).isZero();
        assertThat(events.problems).singleElement().asString().contains("liar").contains("-5");
    }

    @Test
    void negativeScanOtherThanShrinkStopIsReportedAndTreatedAsShrinkStop() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("liar", 1000).scan((call, sc) -> call == 1 ? 128 : -7);
        r.register(s);
        assertThat(r.shrinkSlab(0)).isEqualTo(128);
        assertThat(s.scans).hasSize(2);
        assertThat(r.deferred(s)).isEqualTo(2000 - 128);
        assertThat(events.problems).singleElement().asString().contains("-7").contains("SHRINK_STOP");
    }

    @Test
    void scanFreeingMoreThanAskedIsAcceptedAndReportedAsSuspiciousWithoutQuarantine() {
        DefaultShrinkerRegistry r = registry(1);
        ScriptedShrinker s = new ScriptedShrinker("generous", 1000).scan((call, sc) -> sc.nrToScan() * 4);
        r.register(s);
        for (int i = 0; i < 3; i++) {
            assertThat(r.shrinkSlab(0)).as("freed counted as returned, as the kernel does").isEqualTo(15 * 128 * 4);
        }
        assertThat(r.isQuarantined(s)).isFalse();
        assertThat(events.problems).hasSize(45).allSatisfy(p -> assertThat(p).contains("suspicious").contains("more than nr_to_scan"));
    }

    @Test
    void nrScannedRaisedAboveNrToScanIsClampedAndReported() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("inflator", 1000).scan((call, sc) -> {
            sc.setNrScanned(1_000_000);
            return 1;
        });
        r.register(s);
        r.shrinkSlab(0);
        assertThat(s.scans).as("each batch counted as 128, so 15 batches as usual").hasSize(15);
        assertThat(r.deferred(s)).isEqualTo(80);
        assertThat(events.problems).hasSize(15).allSatisfy(p -> assertThat(p).contains("raised nr_scanned"));
    }

    @Test
    void zeroNrScannedEndsTheLoopInsteadOfSpinningForever() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("stuck", 1000).scan((call, sc) -> {
            sc.setNrScanned(0);
            return 3;
        });
        r.register(s);
        assertThat(r.shrinkSlab(0)).isEqualTo(3);
        assertThat(s.scans).hasSize(1);
        assertThat(r.deferred(s)).as("nothing scanned: all 2000 deferred").isEqualTo(2000);
        assertThat(events.problems).singleElement().asString().contains("nr_scanned 0");
    }

    @Test
    void negativeSeeksOrBatchAtPassTimeIsContained() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("retuned", 1000);
        r.register(s);
        s.seeks(-1);
        assertThat(r.shrinkSlab(0)).isZero();
        s.seeks(2).batch(-4);
        assertThat(r.shrinkSlab(0)).isZero();
        assertThat(s.scans).isEmpty();
        assertThat(events.problems).hasSize(2).allSatisfy(p -> assertThat(p).contains("negative"));
    }

    @Test
    void shrinkerIsQuarantinedAfterConsecutiveFailuresReportedOnceAndSkipped() {
        DefaultShrinkerRegistry r = registry(2);
        ScriptedShrinker s = new ScriptedShrinker("broken", -3);
        r.register(s);
        r.shrinkSlab(0);
        assertThat(r.isQuarantined(s)).isFalse();
        r.shrinkSlab(0);
        assertThat(r.isQuarantined(s)).isTrue();
        int counts = s.counts;
        for (int i = 0; i < 3; i++) {
            r.shrinkSlab(0);
        }
        assertThat(s.counts).as("a quarantined shrinker is not called").isEqualTo(counts);
        assertThat(events.problems.stream().filter(p -> p.contains("quarantined"))).hasSize(1);
        // the report says what docs/reliability.md says: it stays registered and release brings it back
        assertThat(events.problems.stream().filter(p -> p.contains("quarantined")).findFirst().orElseThrow())
                .contains("quarantined after 2 consecutive failures", "stays registered", "until released")
                .doesNotContain("registered again");
        assertThat(r.shrinkers()).as("it stays registered").containsExactly(s);
        r.unregister(s);
        s.count = 1000;
        r.register(s);
        assertThat(r.isQuarantined(s)).as("registering again starts afresh").isFalse();
        assertThat(r.shrinkSlab(0)).isEqualTo(1920);
    }

    @Test
    void releaseLiftsTheQuarantineAndResetsTheFailureCount() {
        DefaultShrinkerRegistry r = registry(2);
        ScriptedShrinker s = new ScriptedShrinker("flaky", -3);
        r.register(s);
        r.shrinkSlab(0);
        r.shrinkSlab(0);
        assertThat(r.isQuarantined(s)).isTrue();
        assertThat(r.release(s)).isTrue();
        assertThat(r.isQuarantined(s)).isFalse();
        assertThat(r.release(s)).as("releasing twice").isFalse();
        int counts = s.counts;
        s.count = 1000;
        assertThat(r.shrinkSlab(0)).as("called again after release").isEqualTo(1920);
        assertThat(s.counts).isEqualTo(counts + 1);
        s.count = -3;
        r.shrinkSlab(0);
        assertThat(r.isQuarantined(s)).as("one failure after release is not yet two in a row").isFalse();
        assertThat(r.release(new ScriptedShrinker("unknown", 0))).isFalse();
    }

    @Test
    void aGoodPassResetsTheConsecutiveFailureCount() {
        DefaultShrinkerRegistry r = registry(2);
        ScriptedShrinker s = new ScriptedShrinker("sometimes", -3);
        r.register(s);
        for (int i = 0; i < 4; i++) {
            s.count = -3;
            r.shrinkSlab(0);
            s.count = 1000;
            r.shrinkSlab(0);
        }
        assertThat(r.isQuarantined(s)).isFalse();
    }

    @Test
    void quarantineAfterZeroNeverQuarantines() {
        DefaultShrinkerRegistry r = registry(0);
        ScriptedShrinker s = new ScriptedShrinker("broken", -3);
        r.register(s);
        for (int i = 0; i < 20; i++) {
            r.shrinkSlab(0);
        }
        assertThat(r.isQuarantined(s)).isFalse();
        assertThat(s.counts).isEqualTo(20);
    }

    @Test
    void virtualMachineErrorIsRethrownAfterTheDeferredWorkIsPutBack() {
        ShrinkerRegistry r = registry(3);
        ScriptedShrinker s = new ScriptedShrinker("oom", 1000).scan((call, sc) -> {
            if (call == 3) {
                throw new OutOfMemoryError("simulated");
            }
            return sc.nrToScan();
        });
        r.register(s);
        assertThatThrownBy(() -> r.shrinkSlab(0)).isInstanceOf(OutOfMemoryError.class);
        assertThat(r.deferred(s)).isEqualTo(2000 - 256);
        r.unregister(s); // no call reference was leaked: unregister does not hang
        assertThat(r.shrinkers()).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotStopThePass() {
        ShrinkerRegistry r = ShrinkerRegistries.create(NotifierConfig.builder().listener(new VmapListener() {
            @Override
            public void shrinkSlabStart(ShrinkSlabStartEvent event) {
                throw new IllegalStateException("listener bug");
            }
        }).build());
        ScriptedShrinker s = new ScriptedShrinker("fine", 1000);
        r.register(s);
        assertThat(r.shrinkSlab(0)).isEqualTo(1920);
        assertThat(Shrinker.SHRINK_STOP).isEqualTo(-1L);
    }

    /**
     * A count of Long.MAX_VALUE with a cache that frees nothing would keep the kernel's loop going
     * for about 2^55 batches; the registry ends it after MAX_EMPTY_BATCHES empty batches, reports
     * it with the shrinker's name, counts it as a failure, and later shrinkers still run.
     */
    @Test
    void hugeCountThatFreesNothingEndsAfterMaxEmptyBatchesInsteadOfHangingTheReclaimer() {
        ShrinkerRegistry r = registry(1);
        ScriptedShrinker bad = new ScriptedShrinker("hoarder", Long.MAX_VALUE).scan((call, sc) -> 0);
        ScriptedShrinker good = new ScriptedShrinker("good", 1000);
        r.register(bad);
        r.register(good);
        assertThat(r.shrinkSlab(0)).isEqualTo(1920);
        assertThat(bad.scans).hasSize(DefaultShrinkerRegistry.MAX_EMPTY_BATCHES);
        assertThat(events.problems).first().asString().startsWith("hoarder: ")
                .contains("freed nothing in 1024 consecutive batches").contains(Long.toString(Long.MAX_VALUE));
        assertThat(r.isQuarantined(bad)).isTrue();
        assertThat(r.deferred(bad)).as("the rest is deferred, capped at 2 * freeable").isPositive();
    }

    @Test
    void emptyBatchesBetweenProductiveOnesDoNotEndTheLoop() {
        ShrinkerRegistry r = registry(1);
        // frees something every 1000th batch: never 1024 empty batches in a row
        ScriptedShrinker s = new ScriptedShrinker("sparse", 200_000).scan((call, sc) -> call % 1000 == 0 ? 1 : 0);
        r.register(s);
        r.shrinkSlab(0);
        assertThat(s.scans).hasSize(2 * 200_000 / 128);
        assertThat(events.problems).isEmpty();
        assertThat(r.isQuarantined(s)).isFalse();
    }
}
