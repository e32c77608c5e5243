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
}
