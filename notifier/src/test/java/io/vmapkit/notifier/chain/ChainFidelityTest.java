package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rules of kernel-model §8 that had no test named after them; listed in {@code docs/fidelity.md}.
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
}
