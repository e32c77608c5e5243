package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Registration;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrent register/unregister during passes: {@value #MUTATORS} threads change the registry
 * while {@value #RECLAIMERS} threads run passes. Invariants: no shrinker is called after its
 * unregister (or close) returned; the registry ends with exactly the shrinkers still registered,
 * each mutator's in its registration order; deferred work stays within
 * {@code [0, reclaimers * 2 * freeable]} (each pass adds back at most {@code 2 * freeable}, and, as
 * in the kernel, concurrent passes of one shrinker may each add theirs).
 * The passes must overlap the mutations: each mutator waits halfway through for a pass to finish,
 * and the test asserts that passes finished while mutators ran.
 * Seeded: {@code -Dvmapkit.seed=<seed>} replays each thread's operations, not the threads'
 * interleaving; {@code -Dvmapkit.stress.ops=<n>} runs longer (default 1500 per mutator).
 */
class ShrinkerRegistryStressTest {

    private static final int MUTATORS = 4;
    private static final int RECLAIMERS = 4;

    static Stream<Arguments> seed() {
        return Stream.of(Arguments.of(Long.getLong("vmapkit.seed", System.nanoTime())));
    }

    private static final class Tracked implements Shrinker {
        final String name;
        final long freeable;
        volatile boolean gone;
        final AtomicLong late;

        Tracked(String name, long freeable, AtomicLong late) {
            this.name = name;
            this.freeable = freeable;
            this.late = late;
        }

        @Override
        public long countObjects(ShrinkControl sc) {
            if (gone) {
                late.incrementAndGet();
            }
            return freeable;
        }

        @Override
        public long scanObjects(ShrinkControl sc) {
            if (gone) {
                late.incrementAndGet();
            }
            Thread.onSpinWait();
            return sc.nrToScan() / 2;
        }

        @Override
        public String name() {
            return name;
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seed")
    void concurrentRegisterAndUnregisterDuringPassesKeepTheRegistryConsistent(long seed) throws Exception {
        int ops = Integer.getInteger("vmapkit.stress.ops", 1500);
        System.out.println("ShrinkerRegistryStressTest seed=" + seed + " ops=" + ops);
        DefaultShrinkerRegistry registry = (DefaultShrinkerRegistry) ShrinkerRegistries.create(NotifierConfig.defaults());
        SplittableRandom root = new SplittableRandom(seed);
        AtomicLong late = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong passes = new AtomicLong();
        AtomicLong passesDuringMutation = new AtomicLong();
        AtomicInteger mutatorsRunning = new AtomicInteger(MUTATORS);
        String ctx = "seed " + seed + " (replays each thread's operations with -Dvmapkit.seed=" + seed
                + ", not their interleaving)";
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> crashes = new CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<List<Tracked>> mine = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < MUTATORS; t++) {
            int owner = t;
            SplittableRandom rnd = root.split();
            mine.add(new ArrayList<>());
            threads.add(new Thread(() -> {
                List<Registration> handles = new ArrayList<>();
                await(start);
                try {
                    for (int i = 0; i < ops; i++) {
                        if (i == ops / 2) {
                            awaitAnotherPass(passes, violations, "mutator-" + owner);
                        }
                        if (rnd.nextBoolean() || mine.get(owner).isEmpty()) {
                            Tracked s = new Tracked("m" + owner + "#" + i, rnd.nextLong(1, 300_000), late);
                            handles.add(registry.register(s));
                            mine.get(owner).add(s);
                        } else {
                            int k = rnd.nextInt(mine.get(owner).size());
                            Tracked s = mine.get(owner).remove(k);
                            Registration h = handles.remove(k);
                            if (rnd.nextBoolean()) {
                                registry.unregister(s);
                            } else {
                                h.close();
                            }
                            s.gone = true;
                        }
                    }
                } finally {
                    mutatorsRunning.decrementAndGet();
                }
            }, "mutator-" + t));
        }
        for (int t = 0; t < RECLAIMERS; t++) {
            SplittableRandom rnd = root.split();
            threads.add(new Thread(() -> {
                await(start);
                while (running.get()) {
                    if (rnd.nextInt(8) == 0) {
                        registry.reclaim(rnd.nextLong(1, 10_000));
                    } else {
                        registry.shrinkSlab(rnd.nextInt(0, 13));
                    }
                    if (mutatorsRunning.get() > 0) {
                        passesDuringMutation.incrementAndGet();
                    }
                    passes.incrementAndGet();
                    for (Shrinker s : registry.shrinkers()) {
                        long d = registry.deferred(s);
                        if (d < 0) {
                            violations.add(s.name() + " deferred " + d);
                        }
                    }
                }
            }, "reclaimer-" + t));
        }
        for (Thread th : threads) {
            th.setUncaughtExceptionHandler((x, e) -> crashes.add(e));
            th.start();
        }
        start.countDown();
        for (int t = 0; t < MUTATORS; t++) {
            threads.get(t).join(120_000);
        }
        running.set(false);
        for (Thread th : threads) {
            th.join(60_000);
            assertThat(th.isAlive()).as("%s finished, %s", th.getName(), ctx).isFalse();
        }
        System.out.println("ShrinkerRegistryStressTest seed=" + seed + ": " + passes.get() + " passes, "
                + passesDuringMutation.get() + " while mutators ran");

        assertThat(passesDuringMutation.get()).as("passes that overlapped the mutations, " + ctx).isPositive();
        assertThat(crashes).as(ctx).isEmpty();
        assertThat(violations).as(ctx).isEmpty();
        assertThat(late.get()).as("calls after unregister returned, " + ctx).isZero();
        List<Shrinker> left = registry.shrinkers();
        List<Tracked> expected = new ArrayList<>();
        for (List<Tracked> m : mine) {
            expected.addAll(m);
            List<Shrinker> theirs = new ArrayList<>(left);
            theirs.retainAll(new HashSet<>(m));
            assertThat(theirs).as("one mutator's shrinkers in its registration order, " + ctx).isEqualTo(new ArrayList<Shrinker>(m));
        }
        assertThat(new HashSet<>(left)).as(ctx).isEqualTo(new HashSet<Shrinker>(expected));
        for (Shrinker s : left) {
            assertThat(registry.deferred(s)).as("deferred of %s within reclaimers x 2 x freeable, %s", s.name(), ctx)
                    .isBetween(0L, RECLAIMERS * 2 * ((Tracked) s).freeable);
        }
    }

    /** Waits (at most 20 s) until a pass finishes after this call; a missing pass is a violation. */
    private static void awaitAnotherPass(AtomicLong passes, ConcurrentLinkedQueue<String> violations, String who) {
        long seen = passes.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (passes.get() == seen) {
            if (System.nanoTime() > deadline) {
                violations.add(who + ": no pass finished within 20 s while it waited halfway");
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
