package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.testsupport.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §8.7 for the locked kinds: waiting writers, and re-entry refused instead of deadlocking. */
class ChainMutationDuringCallTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    /** A block that signals {@code entered} and then holds the call until {@code release} opens. */
    private static NotifierBlock<List<String>> holding(String name, CountDownLatch entered, CountDownLatch release) {
        return NotifierBlock.of(name, 10, (a, log) -> {
            log.add(name);
            entered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Notify.DONE;
        });
    }

    @Test
    void blockingRegisterFromAnotherThreadWaitsForTheCallInFlight() throws Exception {
        BlockingChain<List<String>> c = (BlockingChain<List<String>>) Blocks.chain(ChainKind.BLOCKING);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.register(holding("holder", entered, release));
        Future<?> call = pool.submit(() -> c.call(0, new ArrayList<>()));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> registered = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> c.register(block("late", 0)), registered);
        Await.until(() -> c.lock.hasQueuedThread(writer), "the writer queues for the write lock");
        assertThat(registered).as("register waits while a call is in flight").isNotDone();
        assertThat(Blocks.names(c)).containsExactly("holder");

        release.countDown();
        call.get(20, TimeUnit.SECONDS);
        registered.get(20, TimeUnit.SECONDS);
        assertThat(Blocks.names(c)).containsExactly("holder", "late");
    }

    @Test
    void blockingUnregisterFromAnotherThreadWaitsForTheCallInFlight() throws Exception {
        BlockingChain<List<String>> c = (BlockingChain<List<String>>) Blocks.chain(ChainKind.BLOCKING);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NotifierBlock<List<String>> victim = block("victim", 0);
        c.register(holding("holder", entered, release));
        c.register(victim);
        List<String> log = new ArrayList<>();
        Future<?> call = pool.submit(() -> c.call(0, log));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> unregistered = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> c.unregister(victim), unregistered);
        Await.until(() -> c.lock.hasQueuedThread(writer), "the writer queues for the write lock");
        assertThat(unregistered).isNotDone();
        release.countDown();
        call.get(20, TimeUnit.SECONDS);
        unregistered.get(20, TimeUnit.SECONDS);
        assertThat(log).as("the call in flight saw the chain as it was").containsExactly("holder", "victim");
        assertThat(Blocks.names(c)).containsExactly("holder");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"ATOMIC", "SRCU"})
    void rcuUnregisterWaitsForTheCallInFlightAndTheBlockIsNeverCalledAfterwards(ChainKind kind) throws Exception {
        RcuChain<List<String>> c = (RcuChain<List<String>>) Blocks.chain(kind);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NotifierBlock<List<String>> holder = holding("holder", entered, release);
        c.register(holder);
        Future<?> call = pool.submit(() -> c.call(0, new ArrayList<>()));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> unregistered = new CompletableFuture<>();
        Threads.start("writer", () -> c.unregister(holder), unregistered);
        Await.until(() -> c.gp.waitingWriters.get() == 1, "the writer waits for the grace period");
        assertThat(unregistered).as("unregister waits for the call in flight").isNotDone();
        assertThat(c.isEmpty()).as("but the block is already unpublished").isTrue();

        // calls are never blocked by a waiting writer: a new call runs to completion meanwhile
        List<String> log = new ArrayList<>();
        assertThat(pool.submit(() -> c.call(0, log)).get(20, TimeUnit.SECONDS)).isEqualTo(Notify.DONE);
        assertThat(log).isEmpty();

        release.countDown();
        unregistered.get(20, TimeUnit.SECONDS);
        call.get(20, TimeUnit.SECONDS);
        assertThat(c.gp.waitingWriters.get()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"ATOMIC", "SRCU"})
    void rcuRegistrationIsPublishedToLaterCallsNotToTheWalkInFlight(ChainKind kind) throws Exception {
        NotifierChain<List<String>> c = Blocks.chain(kind);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.register(holding("holder", entered, release));
        List<String> log = new ArrayList<>();
        Future<?> call = pool.submit(() -> c.call(0, log));
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        c.register(block("late", 0)); // does not wait for the call
        release.countDown();
        call.get(20, TimeUnit.SECONDS);
        assertThat(log).containsExactly("holder");
        List<String> next = new ArrayList<>();
        c.call(0, next); // the latch is open now: the holder returns at once
        assertThat(next).containsExactly("holder", "late");
    }

    @Test
    void blockingCallbackRegisteringOnItsOwnChainGetsIllegalStateException() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.BLOCKING);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        c.register(NotifierBlock.of("reentrant", 0, (a, log) -> {
            try {
                c.register(block("inner", 0));
            } catch (IllegalStateException e) {
                seen.set(e);
            }
            return Notify.DONE;
        }));
        c.call(0, new ArrayList<>());
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register").hasMessageContaining(c.name()).hasMessageContaining("would deadlock in the kernel");
        assertThat(Blocks.names(c)).containsExactly("reentrant");
    }

    @Test
    void blockingCallbackUnregisteringOnItsOwnChainGetsIllegalStateException() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.BLOCKING);
        AtomicReference<Registration> self = new AtomicReference<>();
        List<Throwable> seen = new ArrayList<>();
        self.set(c.register(NotifierBlock.of("selfish", 0, (a, log) -> {
            try {
                c.unregister(c.blocks().get(0));
            } catch (IllegalStateException e) {
                seen.add(e);
            }
            try {
                self.get().close();
            } catch (IllegalStateException e) {
                seen.add(e);
            }
            return Notify.DONE;
        })));
        c.call(0, new ArrayList<>());
        assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("unregister")
                .hasMessageContaining(c.name()).hasMessageContaining("would deadlock in the kernel"));
        assertThat(Blocks.names(c)).containsExactly("selfish");
        self.get().close(); // the refused close left the handle open: it works from outside
        assertThat(c.isEmpty()).isTrue();
    }

    @Test
    void blockingCallbackMayMutateAnotherChainAndCallItsOwnChainAgain() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.BLOCKING);
        NotifierChain<List<String>> other = Blocks.chain(ChainKind.BLOCKING);
        AtomicBoolean nested = new AtomicBoolean();
        c.register(NotifierBlock.of("outer", 0, (a, log) -> {
            log.add("outer" + a);
            other.register(block("fromCallback", 0));
            if (nested.compareAndSet(false, true)) {
                c.call(1, log); // a nested read of the same chain is allowed
            }
            return Notify.DONE;
        }));
        List<String> log = new ArrayList<>();
        assertThatCode(() -> c.call(0, log)).doesNotThrowAnyException();
        assertThat(log).containsExactly("outer0", "outer1");
        assertThat(Blocks.names(other)).containsExactly("fromCallback", "fromCallback");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"ATOMIC", "SRCU"})
    void rcuCallbackUnregisteringOnItsOwnChainGetsIllegalStateExceptionButMayRegister(ChainKind kind) {
        NotifierChain<List<String>> c = Blocks.chain(kind);
        AtomicReference<Registration> self = new AtomicReference<>();
        List<Throwable> seen = new ArrayList<>();
        AtomicBoolean registered = new AtomicBoolean();
        self.set(c.register(NotifierBlock.of("selfish", 1, (a, log) -> {
            log.add("selfish");
            try {
                c.unregister(c.blocks().get(0));
            } catch (IllegalStateException e) {
                seen.add(e);
            }
            try {
                self.get().close();
            } catch (IllegalStateException e) {
                seen.add(e);
            }
            if (registered.compareAndSet(false, true)) {
                c.register(block("addedInside", 0));
            }
            return Notify.DONE;
        })));
        assertThat(Blocks.callOrder(c)).as("the walk in flight does not see the new block").containsExactly("selfish");
        assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(c.name()).hasMessageContaining("would deadlock in the kernel"));
        assertThat(Blocks.callOrder(c)).containsExactly("selfish", "addedInside");
        self.get().close();
        assertThat(Blocks.names(c)).containsExactly("addedInside");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"ATOMIC", "SRCU"})
    void unregisterOfAnotherRcuChainFromInsideACallIsAllowed(ChainKind kind) {
        NotifierChain<List<String>> c = Blocks.chain(kind);
        NotifierChain<List<String>> other = Blocks.chain(kind);
        NotifierBlock<List<String>> target = block("target", 0);
        other.register(target);
        c.register(NotifierBlock.of("a", 0, (x, log) -> {
            other.unregister(target);
            return Notify.DONE;
        }));
        c.call(0, new ArrayList<>());
        assertThat(other.isEmpty()).isTrue();
    }

    @Test
    void readerRecordsOfDeadThreadsAreDropped() throws Exception {
        RcuChain<List<String>> c = (RcuChain<List<String>>) Blocks.chain(ChainKind.SRCU);
        c.register(block("a", 0));
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> c.call(0, new ArrayList<>()));
            t.start();
            t.join();
        }
        assertThat(c.gp.readerCount()).isEqualTo(5);
        c.unregister(c.blocks().get(0));
        assertThat(c.gp.readerCount()).isZero();
    }

    @Test
    void configIsHonouredByTheFactory() {
        assertThatThrownBy(() -> NotifierChains.create(" ", ChainKind.RAW, NotifierConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
        assertThatThrownBy(() -> NotifierChains.create("x", null, NotifierConfig.defaults())).isInstanceOf(NullPointerException.class);
    }
}
