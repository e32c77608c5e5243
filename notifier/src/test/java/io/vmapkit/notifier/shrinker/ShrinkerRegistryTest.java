package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Registration, unregistration (waiting for calls in flight) and reclaim. */
class ShrinkerRegistryTest {

    private final ShrinkRecorder events = new ShrinkRecorder();
    private final DefaultShrinkerRegistry registry =
            (DefaultShrinkerRegistry) ShrinkerRegistries.create(NotifierConfig.builder().listener(events).build());

    @Test
    void shrinkersAreKeptInRegistrationOrder() {
        ScriptedShrinker a = new ScriptedShrinker("a", 1);
        ScriptedShrinker b = new ScriptedShrinker("b", 1);
        ScriptedShrinker c = new ScriptedShrinker("c", 1);
        registry.register(b);
        registry.register(a);
        registry.register(c);
        assertThat(registry.shrinkers()).containsExactly(b, a, c);
    }

    @Test
    void registeringTwiceFailsWithEexistAndLeavesTheRegistryUnchanged() {
        ScriptedShrinker a = new ScriptedShrinker("a", 100000);
        registry.register(a);
        registry.shrinkSlab(12);
        assertThatThrownBy(() -> registry.register(a))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("'a'");
        assertThat(registry.shrinkers()).containsExactly(a);
        assertThat(registry.deferred(a)).isEqualTo(48);
    }

    @Test
    void unregisteringAnUnknownShrinkerFailsWithEnoent() {
        ScriptedShrinker a = new ScriptedShrinker("a", 1);
        registry.register(a);
        assertThatThrownBy(() -> registry.unregister(new ScriptedShrinker("stranger", 1)))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("stranger");
        assertThat(registry.shrinkers()).containsExactly(a);
    }

    @Test
    void negativeSeeksOrBatchIsRejectedAtRegistrationNamingTheValue() {
        assertThatThrownBy(() -> registry.register(new ScriptedShrinker("s", 1).seeks(-2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2").hasMessageContaining("'s'");
        assertThatThrownBy(() -> registry.register(new ScriptedShrinker("b", 1).batch(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThat(registry.shrinkers()).isEmpty();
    }

    @Test
    void unregisterDropsTheDeferredWork() {
        ScriptedShrinker a = new ScriptedShrinker("a", 100000);
        registry.register(a);
        registry.shrinkSlab(12);
        assertThat(registry.deferred(a)).isEqualTo(48);
        registry.unregister(a);
        assertThat(registry.deferred(a)).as("unknown: 0").isZero();
        registry.register(a);
        assertThat(registry.deferred(a)).isZero();
    }

    @Test
    void closeIsIdempotentAndRemovesOnlyItsOwnRegistration() {
        ScriptedShrinker a = new ScriptedShrinker("a", 1);
        Registration old = registry.register(a);
        registry.unregister(a);
        Registration current = registry.register(a);
        old.close();
        old.close();
        assertThat(registry.shrinkers()).containsExactly(a);
        current.close();
        current.close();
        assertThat(registry.shrinkers()).isEmpty();
    }

    @Test
    void priorityOutsideZeroToTwelveIsRejected() {
        assertThatThrownBy(() -> registry.shrinkSlab(13)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("13");
        assertThatThrownBy(() -> registry.shrinkSlab(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> registry.reclaim(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> registry.reclaim(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }

    @Test
    void reclaimRunsPriorities12DownTo0AndStopsAsSoonAsTheTargetIsMet() {
        // 100000 objects, seeks 2, batch 128, by hand:
        //   p12: delta 48,  total 48            -> nothing, deferred 48
        //   p11: delta 96,  total 0 + 96        -> nothing, deferred 144
        //   p10: delta 194, total 0 + 194       -> 1 batch,  freed 128, deferred 144 + 194 - 128 = 210
        //   p9:  delta 390, total 0 + 390       -> 3 batches, freed 384, deferred 210 + 390 - 384 = 216
        //   p8:  delta 780, total 0 + 780       -> 6 batches, freed 768 (total 1280 >= 1000: stop)
        ScriptedShrinker s = new ScriptedShrinker("cache", 100000);
        registry.register(s);
        assertThat(registry.reclaim(1000)).isEqualTo(1280);
        assertThat(events.starts).extracting(st -> st.priority).containsExactly(12, 11, 10, 9, 8);
        assertThat(events.ends).extracting(e -> e.retval).containsExactly(0L, 0L, 128L, 384L, 768L);
        assertThat(events.ends).extracting(e -> e.newScan).containsExactly(48L, 144L, 210L, 216L, 228L);
    }

    @Test
    void reclaimStopsWhenTheTargetIsMetExactly() {
        // the same cache as above: p12 frees 0, p11 0, p10 128 -> exactly the target of 128: stop
        ScriptedShrinker s = new ScriptedShrinker("cache", 100000);
        registry.register(s);
        assertThat(registry.reclaim(128)).isEqualTo(128);
        assertThat(events.starts).extracting(st -> st.priority).containsExactly(12, 11, 10);
    }

    @Test
    void reclaimStopsWhenALaterPriorityMeetsTheTargetExactly() {
        // p10 frees 128, p9 384: 512 reaches the target of 512 exactly, so p8 does not run
        ScriptedShrinker s = new ScriptedShrinker("cache", 100000);
        registry.register(s);
        assertThat(registry.reclaim(512)).isEqualTo(512);
        assertThat(events.starts).extracting(st -> st.priority).containsExactly(12, 11, 10, 9);
    }

    @Test
    void aCacheSmallerThanOneBatchIsScannedWhenTotalScanEqualsFreeable() {
        // 10 objects, seeks 4, priority 0: delta = (10 >> 0) * 4 / 4 = 10; total_scan = min(0 + 10, 2 * 10) = 10
        // = freeable, below the batch of 128: the loop still runs once, nr_to_scan = min(128, 10) = 10
        ScriptedShrinker s = new ScriptedShrinker("small", 10).seeks(4);
        registry.register(s);
        assertThat(registry.shrinkSlab(0)).isEqualTo(10);
        assertThat(s.scans).containsExactly(10L);
        // next deferred: max(0 + 10 - 10, 0) = 0
        assertThat(events.ends).extracting(e -> e.newScan).containsExactly(0L);
    }

    @Test
    void countObjectsSeesNrToScanZeroEvenAfterAnotherShrinkerScanned() {
        // the first shrinker scans (nr_to_scan 128 at priority 0); the second must be counted with 0
        registry.register(new ScriptedShrinker("scanner", 100000));
        java.util.List<Long> seen = new java.util.ArrayList<>();
        registry.register(new ScriptedShrinker("counter", 0) {
            @Override
            public long countObjects(io.vmapkit.api.shrinker.ShrinkControl sc) {
                seen.add(sc.nrToScan());
                return 0;
            }
        });
        registry.shrinkSlab(0);
        assertThat(seen).containsExactly(0L);
    }

    @Test
    void aPassThatFindsNothingToDoResetsTheConsecutiveFailures() {
        DefaultShrinkerRegistry strict = (DefaultShrinkerRegistry) ShrinkerRegistries.create(
                NotifierConfig.builder().listener(events).quarantineAfter(2).build());
        int[] pass = {0};
        ScriptedShrinker s = new ScriptedShrinker("flaky", 0) {
            @Override
            public long countObjects(io.vmapkit.api.shrinker.ShrinkControl sc) {
                pass[0]++;
                if (pass[0] != 2) {
                    throw new IllegalStateException("count failed in pass " + pass[0]);
                }
                return 0; // pass 2: nothing to do, a success
            }
        };
        strict.register(s);
        strict.shrinkSlab(0); // failure 1
        strict.shrinkSlab(0); // success: the count starts again
        strict.shrinkSlab(0); // failure 1 again, below the limit of 2
        assertThat(strict.isQuarantined(s)).as("failures were not consecutive").isFalse();
        strict.shrinkSlab(0); // failure 2 in a row
        assertThat(strict.isQuarantined(s)).isTrue();
    }

    @Test
    void negativeSeeksOrBatchSkipsTheShrinkerBeforeItIsCounted() {
        // register refuses negative values; these shrinkers turn negative afterwards
        ScriptedShrinker seeks = new ScriptedShrinker("negative-seeks", 100000);
        ScriptedShrinker batch = new ScriptedShrinker("negative-batch", 100000);
        registry.register(seeks);
        registry.register(batch);
        seeks.seeks(-1);
        batch.batch(-1);
        assertThat(registry.shrinkSlab(0)).isZero();
        assertThat(seeks.counts).as("count_objects of the negative-seeks shrinker").isZero();
        assertThat(batch.counts).as("count_objects of the negative-batch shrinker").isZero();
        assertThat(seeks.scans).isEmpty();
        assertThat(batch.scans).isEmpty();
    }

    @Test
    void aShrinkerWithoutANameIsReportedByItsClassName() {
        ScriptedShrinker unnamed = new ScriptedShrinker(null, 100000);
        registry.register(unnamed);
        registry.shrinkSlab(12);
        assertThat(events.starts).extracting(st -> st.shrinker).containsExactly(ScriptedShrinker.class.getName());
    }

    @Test
    void reclaimRunsEveryPriorityWhenTheTargetCannotBeMet() {
        ScriptedShrinker s = new ScriptedShrinker("tiny", 10);
        registry.register(s);
        assertThat(registry.reclaim(1_000_000)).isPositive().isLessThan(1_000_000);
        assertThat(events.starts).extracting(st -> st.priority).containsExactly(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(new ShrinkControl(0, 0, false).canBlock()).isFalse();
    }

    @Test
    void unregisterWaitsForACallInFlightAndTheShrinkerIsNotCalledAfterwards() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedShrinker s = new ScriptedShrinker("slow", 1000).scan((call, sc) -> {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Shrinker.SHRINK_STOP;
        });
        registry.register(s);
        CompletableFuture<Long> pass = CompletableFuture.supplyAsync(() -> registry.shrinkSlab(0));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> unregistered = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            registry.unregister(s);
            unregistered.complete(null);
        });
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(registry.shrinkers().isEmpty() && writer.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("writer parks waiting for the call").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
        assertThat(unregistered).as("unregister waits for the call in flight").isNotDone();
        release.countDown();
        unregistered.get(20, TimeUnit.SECONDS);
        pass.get(20, TimeUnit.SECONDS);
        int scans = s.scans.size();
        registry.shrinkSlab(0);
        assertThat(s.scans).hasSize(scans);
    }

    @Test
    void unregisteringAShrinkerFromItsOwnCallbackThrowsInsteadOfWaitingForever() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<Registration> handle = new AtomicReference<>();
        ScriptedShrinker[] self = new ScriptedShrinker[1];
        self[0] = new ScriptedShrinker("selfish", 1000).scan((call, sc) -> {
            try {
                registry.unregister(self[0]);
            } catch (IllegalStateException e) {
                seen.set(e);
            }
            try {
                handle.get().close();
            } catch (IllegalStateException e) {
                seen.get().addSuppressed(e);
            }
            return Shrinker.SHRINK_STOP;
        });
        handle.set(registry.register(self[0]));
        registry.shrinkSlab(0);
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("'selfish'");
        assertThat(seen.get().getSuppressed()).hasSize(1);
        assertThat(registry.shrinkers()).containsExactly(self[0]);
        handle.get().close();
        assertThat(registry.shrinkers()).isEmpty();
    }

    @Test
    void shrinkerUnregisteredByAnotherDuringAPassIsNotCalledAfterUnregisterReturns() {
        ScriptedShrinker victim = new ScriptedShrinker("victim", 1000);
        ScriptedShrinker killer = new ScriptedShrinker("killer", 1000).scan((call, sc) -> {
            if (registry.shrinkers().contains(victim)) {
                registry.unregister(victim);
            }
            return Shrinker.SHRINK_STOP;
        });
        registry.register(killer);
        registry.register(victim);
        registry.shrinkSlab(0);
        assertThat(victim.counts).as("the pass's snapshot still held it, but it was retired").isZero();
    }
}
