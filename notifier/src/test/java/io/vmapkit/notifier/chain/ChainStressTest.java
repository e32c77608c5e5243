package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Thread-safety stress: {@value #MUTATORS} threads register, unregister and close while
 * {@value #CALLERS} threads call, on one chain. Invariants checked:
 * <ul>
 *   <li>every call saw a priority-ordered sequence, FIFO among equal priorities;</li>
 *   <li>no block was called after its unregister (or close) had returned;</li>
 *   <li>afterwards the chain holds exactly the blocks still registered, in the expected order.</li>
 * </ul>
 * Each mutator owns two priorities, so ties only arise among one thread's registrations, whose
 * order is known. Seeded: {@code -Dvmapkit.seed=<seed>} replays each thread's operations (not the interleaving); run longer with
 * {@code -Dvmapkit.stress.ops=<ops per mutator>} (default 3000).
 */
class ChainStressTest {

    private static final int MUTATORS = 5;
    private static final int CALLERS = 4;

    /** A block that knows its owner, priority and per-owner registration number. */
    private static final class StressBlock implements NotifierBlock<List<StressBlock>> {
        final int owner;
        final int prio;
        final long seq;
        volatile boolean gone;
        final AtomicLong lateCalls;

        StressBlock(int owner, int prio, long seq, AtomicLong lateCalls) {
            this.owner = owner;
            this.prio = prio;
            this.seq = seq;
            this.lateCalls = lateCalls;
        }

        @Override
        public int notifierCall(long action, List<StressBlock> seen) {
            if (gone) {
                lateCalls.incrementAndGet();
            }
            seen.add(this);
            return (seq % 97 == 0) ? Notify.STOP : Notify.OK;
        }

        @Override
        public int priority() {
            return prio;
        }

        @Override
        public String name() {
            return "t" + owner + "#" + seq + "@" + prio;
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> kindsAndSeeds() {
        long seed = Long.getLong("vmapkit.seed", System.nanoTime());
        return java.util.stream.Stream.of(ChainKind.BLOCKING, ChainKind.ATOMIC, ChainKind.SRCU)
                .map(k -> org.junit.jupiter.params.provider.Arguments.of(k, seed));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @org.junit.jupiter.params.provider.MethodSource("kindsAndSeeds")
    void concurrentCallsAndChangesKeepOrderAndNeverCallAnUnregisteredBlock(ChainKind kind, long seed) throws Exception {
        int ops = Integer.getInteger("vmapkit.stress.ops", 3000);
        System.out.println("ChainStressTest " + kind + " seed=" + seed + " ops=" + ops);
        NotifierChain<List<StressBlock>> chain = NotifierChains.create("stress", kind, NotifierConfig.defaults());
        SplittableRandom root = new SplittableRandom(seed);
        AtomicLong lateCalls = new AtomicLong();
        AtomicBoolean mutating = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong calls = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        // mutators start changing the chain only once every caller has made a call, so calls and
        // changes really overlap (on a loaded 2-core machine the mutators could otherwise finish first)
        CountDownLatch callersRunning = new CountDownLatch(CALLERS);
        List<List<StressBlock>> registered = new ArrayList<>();
        List<List<String>> opLogs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashes = new java.util.concurrent.CopyOnWriteArrayList<>();

        for (int t = 0; t < MUTATORS; t++) {
            int owner = t;
            SplittableRandom rnd = root.split();
            registered.add(new ArrayList<>());
            opLogs.add(new ArrayList<>());
            threads.add(new Thread(() -> {
                List<StressBlock> mine = registered.get(owner);
                List<Registration> handles = new ArrayList<>();
                List<String> log = opLogs.get(owner);
                long seq = 0;
                await(start);
                try {
                    callersRunning.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < ops; i++) {
                    int op = rnd.nextInt(10);
                    if (op < 5 || mine.isEmpty()) {
                        StressBlock b = new StressBlock(owner, owner * 2 + rnd.nextInt(2) - MUTATORS, seq++, lateCalls);
                        log.add("register " + b.name());
                        handles.add(chain.register(b));
                        mine.add(b);
                    } else {
                        int k = rnd.nextInt(mine.size());
                        StressBlock b = mine.remove(k);
                        Registration h = handles.remove(k);
                        if (op < 8) {
                            log.add("unregister " + b.name());
                            chain.unregister(b);
                        } else {
                            log.add("close " + b.name());
                            h.close();
                        }
                        b.gone = true;
                    }
                }
            }, "mutator-" + t));
        }
        for (int t = 0; t < CALLERS; t++) {
            SplittableRandom rnd = root.split();
            threads.add(new Thread(() -> {
                List<StressBlock> seen = new ArrayList<>();
                NrCalls nr = new NrCalls();
                await(start);
                while (mutating.get()) {
                    seen.clear();
                    nr.reset();
                    int limit = rnd.nextInt(4) == 0 ? rnd.nextInt(1, 6) : NotifierChain.ALL;
                    chain.call(0, seen, limit, nr);
                    calls.incrementAndGet();
                    callersRunning.countDown();
                    if (nr.get() != seen.size() || (limit > 0 && seen.size() > limit)) {
                        violations.add("nr_calls " + nr.get() + " for " + seen.size() + " callbacks, limit " + limit);
                    }
                    for (int i = 1; i < seen.size(); i++) {
                        StressBlock a = seen.get(i - 1);
                        StressBlock b = seen.get(i);
                        if (a.prio < b.prio || (a.prio == b.prio && (a.owner != b.owner || a.seq >= b.seq))) {
                            violations.add("out of order: " + a.name() + " before " + b.name());
                        }
                    }
                }
            }, "caller-" + t));
        }
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> crashes.add(e));
            t.start();
        }
        start.countDown();
        for (int t = 0; t < MUTATORS; t++) {
            threads.get(t).join(TimeUnit.SECONDS.toMillis(120));
        }
        mutating.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("%s finished (seed %d; the seed replays each thread's operations with -Dvmapkit.seed, not the threads' interleaving)", t.getName(), seed).isFalse();
        }

        System.out.println("ChainStressTest " + kind + " seed=" + seed + ": " + calls.get() + " calls during "
                + MUTATORS * ops + " changes");
        List<StressBlock> expected = new ArrayList<>();
        for (List<StressBlock> r : registered) {
            expected.addAll(r);
        }
        expected.sort(Comparator.<StressBlock>comparingInt(b -> -b.prio).thenComparingLong(b -> b.seq));
        String context = kind + " seed=" + seed + " (the seed replays each thread's operations with -Dvmapkit.seed, not the threads' interleaving); last operations per mutator:\n" + tails(opLogs);
        try {
            assertThat(crashes).as(context).isEmpty();
            assertThat(violations).as(context).isEmpty();
            assertThat(lateCalls.get()).as("calls after unregister returned; " + context).isZero();
            assertThat(chain.blocks().stream().map(NotifierBlock::name).collect(Collectors.toList())).as(context)
                    .isEqualTo(expected.stream().map(StressBlock::name).collect(Collectors.toList()));
            assertThat(calls.get()).as("callers ran; " + context).isPositive();
        } catch (AssertionError e) {
            System.err.println("ChainStressTest failed: " + context);
            throw e;
        }
    }

    private static String tails(List<List<String>> logs) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < logs.size(); t++) {
            List<String> l = logs.get(t);
            sb.append("  mutator-").append(t).append(": ").append(l.subList(Math.max(0, l.size() - 20), l.size())).append('\n');
        }
        return sb.toString();
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
