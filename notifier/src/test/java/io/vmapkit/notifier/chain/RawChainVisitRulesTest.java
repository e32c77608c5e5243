package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** §8.7, raw chains: {@code next} is read before each callback. */
class RawChainVisitRulesTest {

    private final NotifierChain<List<String>> chain = Blocks.chain(ChainKind.RAW);

    @Test
    void callbackMayUnregisterItselfAndTheWalkGoesOn() {
        AtomicReference<NotifierBlock<List<String>>> self = new AtomicReference<>();
        self.set(NotifierBlock.of("once", 1, (a, log) -> {
            log.add("once");
            chain.unregister(self.get());
            return Notify.DONE;
        }));
        chain.register(block("first", 2));
        chain.register(self.get());
        chain.register(block("last", 0));
        assertThat(Blocks.callOrder(chain)).containsExactly("first", "once", "last");
        assertThat(Blocks.callOrder(chain)).containsExactly("first", "last");
    }

    @Test
    void callbackMayCloseItsOwnRegistration() {
        AtomicReference<Registration> handle = new AtomicReference<>();
        chain.register(block("first", 2));
        handle.set(chain.register(NotifierBlock.of("once", 1, (a, log) -> {
            log.add("once");
            handle.get().close();
            return Notify.DONE;
        })));
        chain.register(block("last", 0));
        assertThat(Blocks.callOrder(chain)).containsExactly("first", "once", "last");
        assertThat(Blocks.callOrder(chain)).containsExactly("first", "last");
    }

    @Test
    void blockInsertedRightAfterTheCurrentOneIsNotVisitedThisPass() {
        NotifierBlock<List<String>> inserted = block("inserted", 5);
        chain.register(NotifierBlock.of("current", 5, (a, log) -> {
            log.add("current");
            if (chain.blocks().size() == 2) {
                chain.register(inserted); // priority 5 tie: lands between "current" and the saved next
            }
            return Notify.DONE;
        }));
        chain.register(block("savedNext", 1));
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "savedNext");
        assertThat(Blocks.names(chain)).containsExactly("current", "inserted", "savedNext");
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "inserted", "savedNext");
    }

    @Test
    void blockInsertedFurtherDownIsVisitedThisPass() {
        chain.register(NotifierBlock.of("current", 5, (a, log) -> {
            log.add("current");
            if (chain.blocks().size() == 3) {
                chain.register(block("furtherDown", 2)); // after the saved next
            }
            return Notify.DONE;
        }));
        chain.register(block("savedNext", 3));
        chain.register(block("tail", 1));
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "savedNext", "furtherDown", "tail");
    }

    @Test
    void removedSavedNextIsStillVisitedAndTheWalkContinuesFromItsOldNext() {
        NotifierBlock<List<String>> savedNext = block("savedNext", 3);
        NotifierBlock<List<String>> third = block("third", 2);
        chain.register(NotifierBlock.of("current", 5, (a, log) -> {
            log.add("current");
            if (chain.blocks().contains(savedNext)) {
                chain.unregister(savedNext);
            }
            return Notify.DONE;
        }));
        chain.register(savedNext);
        chain.register(third);
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "savedNext", "third");
        assertThat(Blocks.names(chain)).containsExactly("current", "third");
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "third");
    }

    @Test
    void blockRemovedFurtherDownIsNotVisited() {
        NotifierBlock<List<String>> doomed = block("doomed", 2);
        chain.register(NotifierBlock.of("current", 5, (a, log) -> {
            log.add("current");
            if (chain.blocks().contains(doomed)) {
                chain.unregister(doomed);
            }
            return Notify.DONE;
        }));
        chain.register(block("savedNext", 3));
        chain.register(doomed);
        chain.register(block("tail", 1));
        assertThat(Blocks.callOrder(chain)).containsExactly("current", "savedNext", "tail");
    }

    @Test
    void rawChainRobustCallUsesTheSameWalk() {
        List<String> log = new ArrayList<>();
        chain.register(block("a", 1, Notify.OK));
        chain.register(block("b", 0, Notify.STOP));
        assertThat(chain.callRobust(1, 2, log)).isEqualTo(Notify.STOP);
        assertThat(log).containsExactly("a", "b", "a");
    }

    /**
     * §8.5 on a raw chain: the rollback is {@code notifier_call_chain(nl, val_down, v, nr - 1, NULL)}
     * over the chain as it stands after the up pass (kernel/notifier.c
     * {@code notifier_call_chain_robust}, torvalds/linux 037dd1308c6d). A unlinks itself during the
     * up pass and B vetoes: nr = 2, so the down pass calls the first 2 - 1 = 1 block of the chain now
     * headed by B. The kernel calls [A:1, B:1, B:2]; replaying the up pass's list would call A:2.
     */
    @Test
    void robustRollbackWalksTheRawChainAsItStandsSoASelfUnlinkedBlockIsNotCalledDown() {
        List<String> log = new ArrayList<>();
        AtomicReference<NotifierBlock<List<String>>> a = new AtomicReference<>();
        a.set(NotifierBlock.of("A", 2, (action, l) -> {
            l.add("A:" + action);
            if (action == 1) {
                chain.unregister(a.get());
            }
            return Notify.OK;
        }));
        chain.register(a.get());
        chain.register(NotifierBlock.of("B", 1, (action, l) -> {
            l.add("B:" + action);
            return action == 1 ? Notify.BAD : Notify.DONE;
        }));

        assertThat(chain.callRobust(1, 2, log)).isEqualTo(Notify.BAD);

        assertThat(log).containsExactly("A:1", "B:1", "B:2");
    }

    /**
     * The live walk also reaches a block registered during the up pass: A (priority 3) registers N
     * at priority 5, ahead of itself; the up pass goes on with A's saved next, B, which vetoes. nr = 2,
     * so the down pass calls the first block of the chain as it now stands: N, which never saw the
     * up action. Kernel: [A:1, B:1, N:2].
     */
    @Test
    void robustRollbackCallsTheFirstNrMinusOneBlocksOfTheLiveRawChain() {
        List<String> log = new ArrayList<>();
        NotifierBlock<List<String>> n = NotifierBlock.of("N", 5, (action, l) -> {
            l.add("N:" + action);
            return Notify.DONE;
        });
        chain.register(NotifierBlock.of("A", 3, (action, l) -> {
            l.add("A:" + action);
            if (action == 1) {
                chain.register(n);
            }
            return Notify.OK;
        }));
        chain.register(NotifierBlock.of("B", 1, (action, l) -> {
            l.add("B:" + action);
            return action == 1 ? Notify.BAD : Notify.DONE;
        }));

        assertThat(chain.callRobust(1, 2, log)).isEqualTo(Notify.BAD);

        assertThat(log).containsExactly("A:1", "B:1", "N:2");
    }
}
