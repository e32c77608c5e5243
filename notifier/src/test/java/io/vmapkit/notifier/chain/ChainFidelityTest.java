package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rules of docs/fidelity.md §8 that had no test named after them; listed in {@code docs/fidelity.md}.
 */
class ChainFidelityTest {

    /**
     * §8.5: "the chain must not change between the two passes" of a robust call. On a blocking chain
     * both passes run under one read hold, so a register from another thread, started during the up
     * pass, waits until the down pass has finished, and neither pass sees the new block.
     */
    @Test
    void blockingRobustCallKeepsTheChainUnchangedBetweenItsTwoPasses() throws Exception {
        BlockingChain<List<String>> c = (BlockingChain<List<String>>) Blocks.chain(ChainKind.BLOCKING);
        CompletableFuture<Void> registered = new CompletableFuture<>();
        Thread[] writer = new Thread[1];
        List<String> seenDuringDownPass = Collections.synchronizedList(new ArrayList<>());
        c.register(NotifierBlock.of("first", 10, (action, log) -> {
            log.add("first" + (action == 1 ? "+up" : "+down"));
            if (action == 2) {
                seenDuringDownPass.add("registered=" + registered.isDone());
                seenDuringDownPass.addAll(Blocks.names(c));
            }
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("veto", 0, (action, log) -> {
            log.add("veto" + (action == 1 ? "+up" : "+down"));
            writer[0] = new Thread(() -> {
                try {
                    c.register(block("late", 5));
                    registered.complete(null);
                } catch (Throwable e) {
                    registered.completeExceptionally(e);
                }
            }, "late-writer");
            writer[0].start();
            Await.until(() -> c.lock.hasQueuedThread(writer[0]), "the writer queues for the write lock");
            return Notify.BAD;
        }));
        List<String> log = new ArrayList<>();

        int result = c.callRobust(1, 2, log);

        assertThat(result).isEqualTo(Notify.BAD);
        assertThat(log).containsExactly("first+up", "veto+up", "first+down");
        assertThat(seenDuringDownPass).containsExactly("registered=false", "first", "veto");
        registered.get(20, TimeUnit.SECONDS);
        writer[0].join(TimeUnit.SECONDS.toMillis(20));
        assertThat(Blocks.names(c)).containsExactly("first", "late", "veto");
    }
    /**
     * §8.1, raw chains: "register/unregister: none (caller locks); call: none". Unlike a blocking
     * chain (whose writers wait, {@code ChainMutationDuringCallTest}), a register from another thread
     * completes while a call is still inside a callback; serialising them is the caller's business.
     */
    @Test
    void rawChainTakesNoLockSoRegisterDoesNotWaitForACallInFlight() throws Exception {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.RAW);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.register(NotifierBlock.of("holder", 10, (action, log) -> {
            entered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Notify.DONE;
        }));
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            Future<Integer> call = threads.submit(() -> c.call(0, new ArrayList<>()));
            assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

            Future<?> registered = threads.submit(() -> c.register(block("late", 0)));

            registered.get(20, TimeUnit.SECONDS);
            assertThat(call.isDone()).as("the call is still inside its callback").isFalse();
            release.countDown();
            call.get(20, TimeUnit.SECONDS);
            assertThat(Blocks.names(c)).containsExactly("holder", "late");
        } finally {
            release.countDown();
            threads.shutdownNow();
            assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}
