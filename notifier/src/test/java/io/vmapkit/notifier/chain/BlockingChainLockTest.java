package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.testsupport.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A blocking chain's read side as callbacks see it (§8.1, §8.7): unregister waits for every call
 * in flight so the block is never called after it returns; a call blocked by a writer parks;
 * re-entry is refused through nested and cross-chain calls; a callback that throws leaves no read
 * hold behind.
 *
 * <p>The stress run is seeded: {@code -Dvmapkit.seed=<seed>} replays each thread's operations (not the interleaving); run it longer with
 * {@code -Dvmapkit.stress.ops=<changes per mutator>} (default 1500).
 */
class BlockingChainLockTest {

    private static final long TIMEOUT_S = 20;

    @SuppressWarnings("unchecked")
    private static <T> BlockingChain<T> blocking(String name) {
        return (BlockingChain<T>) NotifierChains.<T>create(name, ChainKind.BLOCKING, io.vmapkit.notifier.NotifierConfig.defaults());
    }

    /** A block that counts its calls and records a violation if it is called after {@link #gone} was set. */
    private static final class Tracked implements NotifierBlock<Object> {
        final String name;
        final ConcurrentLinkedQueue<String> violations;
        /** Set by the mutator right after unregister/close returned. */
        volatile boolean gone;

        Tracked(String name, ConcurrentLinkedQueue<String> violations) {
            this.name = name;
            this.violations = violations;
        }

        @Override
        public int notifierCall(long action, Object data) {
            if (gone) {
                violations.add(name + " was called after its unregister returned");
            }
            for (int i = 0, n = (int) (action & 7); i < n; i++) {
                Thread.onSpinWait(); // keep calls in flight for a little while
            }
            return Notify.OK;
        }

        @Override
        public String name() {
            return name;
        }
    }

    /**
     * §8.7: "another thread's register/unregister waits for in-flight calls", under stress:
     * {@value #CALLERS} callers and {@value #MUTATORS} mutators on one chain. Once unregister (or
     * close) has returned, the block must never run again, and the chain ends with exactly the
     * blocks still registered.
     */
    @Test
    void unregisterReturnsOnlyAfterEveryCallInFlightSoTheBlockIsNeverCalledAgain() throws Exception {
        long seed = Long.getLong("vmapkit.seed", System.nanoTime());
        int ops = Integer.getInteger("vmapkit.stress.ops", 1500);
        System.out.println("BlockingChainLockTest stress seed=" + seed + " ops=" + ops);
        BlockingChain<Object> chain = blocking("stress_blocking");
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        SplittableRandom root = new SplittableRandom(seed);
        AtomicBoolean mutating = new AtomicBoolean(true);
        AtomicLong calls = new AtomicLong();
        CountDownLatch callersRunning = new CountDownLatch(CALLERS);
        List<CompletableFuture<Void>> mutators = new ArrayList<>();
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        List<List<Tracked>> kept = new ArrayList<>();
        List<ConcurrentLinkedQueue<String>> logs = new ArrayList<>();
        for (int t = 0; t < CALLERS; t++) {
            SplittableRandom rnd = root.split();
            CompletableFuture<Void> d = new CompletableFuture<>();
            callers.add(d);
            Threads.start("caller-" + t, () -> {
                Object data = new Object();
                while (mutating.get()) {
                    chain.call(rnd.nextInt(8), data);
                    calls.incrementAndGet();
                    callersRunning.countDown();
                }
            }, d);
        }
        for (int t = 0; t < MUTATORS; t++) {
            SplittableRandom rnd = root.split();
            List<Tracked> mine = new ArrayList<>();
            kept.add(mine);
            ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
            logs.add(log);
            CompletableFuture<Void> d = new CompletableFuture<>();
            mutators.add(d);
            int owner = t;
            Threads.start("mutator-" + t, () -> {
                List<Registration> handles = new ArrayList<>();
                try {
                    callersRunning.await(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < ops; i++) {
                    if (mine.isEmpty() || rnd.nextInt(2) == 0) {
                        Tracked b = new Tracked("m" + owner + "#" + i, violations);
                        record(log, "register " + b.name);
                        handles.add(chain.register(b));
                        mine.add(b);
                    } else {
                        int k = rnd.nextInt(mine.size());
                        Tracked b = mine.remove(k);
                        Registration h = handles.remove(k);
                        if (rnd.nextBoolean()) {
                            record(log, "unregister " + b.name);
                            chain.unregister(b);
                        } else {
                            record(log, "close " + b.name);
                            h.close();
                        }
                        b.gone = true;
                    }
                }
            }, d);
        }
        String context = "seed=" + seed + " (the seed replays each thread's operations with -Dvmapkit.seed, not the threads' interleaving)";
        try {
            for (CompletableFuture<Void> d : mutators) {
                d.get(120, TimeUnit.SECONDS);
            }
            mutating.set(false);
            for (CompletableFuture<Void> d : callers) {
                d.get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("BlockingChainLockTest stress failed: " + context, e);
        } finally {
            mutating.set(false);
        }
        StringBuilder tails = new StringBuilder();
        for (int t = 0; t < logs.size(); t++) {
            tails.append("  mutator-").append(t).append(": ").append(logs.get(t)).append('\n');
        }
        context += "; last operations per mutator:\n" + tails;
        System.out.println("BlockingChainLockTest stress seed=" + seed + ": " + calls.get() + " calls during "
                + MUTATORS * ops + " changes");
        try {
            assertThat(violations).as(context).isEmpty();
            List<String> expected = new ArrayList<>();
            kept.forEach(l -> l.forEach(b -> expected.add(b.name)));
            assertThat(Blocks.names(chain)).as(context).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(chain.lock.heldForReadByCurrentThread()).isFalse();
            assertThat(calls.get()).isPositive();
        } catch (AssertionError e) {
            System.err.println("BlockingChainLockTest stress failed: " + context);
            throw e;
        }
    }

    private static final int CALLERS = 8;
    private static final int MUTATORS = 4;

    private static void record(ConcurrentLinkedQueue<String> log, String op) {
        log.add(op);
        if (log.size() > 20) {
            log.poll();
        }
    }

    /** §8.1, rwsem read side: a call that starts while a writer holds the chain parks until it is done. */
    @Test
    void callBlockedByAWriterParksUntilTheWriterIsDone() throws Exception {
        BlockingChain<List<String>> c = blocking("parked");
        c.register(block("a", 0));
        List<String> log = new ArrayList<>();
        CompletableFuture<Void> called = new CompletableFuture<>();
        c.lock.writeLock().lock();
        Thread caller;
        try {
            caller = Threads.start("caller", () -> c.call(0, log), called);
            Await.until(() -> c.lock.hasQueuedThread(caller) && Await.waiting(caller), "the call parks behind the writer");
            assertThat(log).isEmpty();
        } finally {
            c.lock.writeLock().unlock();
        }
        called.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(log).containsExactly("a");
    }

    /** §8.7, D4: registering from a nested call of the same chain is still a self-deadlock. */
    @Test
    void callbackRegisteringFromANestedCallOfItsOwnChainGetsIllegalStateException() {
        NotifierChain<List<String>> c = blocking("nested_chain");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicBoolean nested = new AtomicBoolean();
        c.register(NotifierBlock.of("outer", 0, (a, log) -> {
            log.add("outer" + a);
            if (nested.compareAndSet(false, true)) {
                c.call(1, log);
            } else {
                try {
                    c.register(block("inner", 0));
                } catch (IllegalStateException e) {
                    seen.set(e);
                }
            }
            return Notify.DONE;
        }));
        List<String> log = new ArrayList<>();
        c.call(0, log);
        assertThat(log).containsExactly("outer0", "outer1");
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("register")
                .hasMessageContaining("'nested_chain'").hasMessageContaining("would deadlock in the kernel");
        assertThat(Blocks.names(c)).containsExactly("outer");
        c.register(block("afterwards", 0)); // outside the call the same thread may register
        assertThat(Blocks.names(c)).containsExactly("outer", "afterwards");
    }

    /**
     * §8.7, D4: chain A's callback calls chain B, and B's callback registers on or unregisters from
     * A: A's read side is held by this thread, so it is refused, naming A; B itself is refused the
     * same way; a third chain is free.
     */
    @Test
    void callbackOfAnotherChainCalledFromInsideACallMayNotMutateTheOuterChain() {
        BlockingChain<List<String>> a = blocking("chain_a");
        BlockingChain<List<String>> b = blocking("chain_b");
        BlockingChain<List<String>> free = blocking("chain_free");
        NotifierBlock<List<String>> aBlock = NotifierBlock.of("a-calls-b", 0, (x, log) -> {
            log.add("a");
            b.call(x, log);
            return Notify.DONE;
        });
        a.register(aBlock);
        List<Throwable> refused = new ArrayList<>();
        b.register(NotifierBlock.of("b-mutates", 0, (x, log) -> {
            log.add("b");
            for (Runnable r : List.<Runnable>of(() -> a.register(block("x", 0)), () -> a.unregister(aBlock),
                    () -> b.register(block("y", 0)))) {
                try {
                    r.run();
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
            }
            free.register(block("z", 0));
            return Notify.DONE;
        }));
        List<String> log = new ArrayList<>();
        a.call(0, log);
        assertThat(log).containsExactly("a", "b");
        assertThat(refused).hasSize(3);
        assertThat(refused.get(0)).hasMessageContaining("register on blocking chain 'chain_a'");
        assertThat(refused.get(1)).hasMessageContaining("unregister on blocking chain 'chain_a'");
        assertThat(refused.get(2)).hasMessageContaining("register on blocking chain 'chain_b'");
        assertThat(Blocks.names(a)).containsExactly("a-calls-b");
        assertThat(Blocks.names(b)).containsExactly("b-mutates");
        assertThat(Blocks.names(free)).containsExactly("z");
        assertThat(a.lock.heldForReadByCurrentThread()).isFalse();
        assertThat(b.lock.heldForReadByCurrentThread()).isFalse();
    }

    /**
     * A callback that throws leaves no read hold: an exception is contained by the walk, an
     * {@link Error} that escapes it still releases the read side. Afterwards this thread may
     * register, and another thread's unregister does not wait.
     */
    @Test
    void throwingCallbackReleasesItsReadHold() throws Exception {
        BlockingChain<List<String>> c = blocking("throwing");
        AtomicReference<Throwable> toThrow = new AtomicReference<>(new IllegalStateException("contained"));
        NotifierBlock<List<String>> thrower = NotifierBlock.of("thrower", 0, (x, log) -> {
            log.add("thrower");
            Throwable t = toThrow.get();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            throw (Error) t;
        });
        c.register(thrower);
        List<String> log = new ArrayList<>();
        assertThat(c.call(0, log)).isEqualTo(Notify.DONE);
        assertThat(c.lock.heldForReadByCurrentThread()).as("after a contained exception").isFalse();

        toThrow.set(new InternalError("escapes the walk")); // a VirtualMachineError is rethrown
        assertThatThrownBy(() -> c.call(0, log)).isInstanceOf(InternalError.class);
        assertThat(c.lock.heldForReadByCurrentThread()).as("after an escaping error").isFalse();

        // a nested call that throws out of the outer callback too
        NotifierChain<List<String>> outer = blocking("outer_of_throwing");
        outer.register(NotifierBlock.of("calls-throwing", 0, (x, l) -> {
            c.call(x, l);
            return Notify.DONE;
        }));
        assertThatThrownBy(() -> outer.call(0, log)).isInstanceOf(InternalError.class);
        assertThat(c.lock.heldForReadByCurrentThread()).isFalse();

        c.register(block("same-thread", 0)); // no ISE: no hold left on this thread
        CompletableFuture<Void> unregistered = new CompletableFuture<>();
        Threads.start("other-thread", () -> c.unregister(thrower), unregistered);
        unregistered.get(TIMEOUT_S, TimeUnit.SECONDS); // would hang if a read hold had leaked
        assertThat(Blocks.names(c)).containsExactly("same-thread");
    }
}
