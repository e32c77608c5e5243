package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static io.vmapkit.notifier.chain.Blocks.callOrder;
import static io.vmapkit.notifier.chain.Blocks.chain;
import static io.vmapkit.notifier.chain.Blocks.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §8.2 ordering and §8.3 registration rules, for every chain kind. */
class ChainRegistrationTest {

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void higherPriorityRunsFirst(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("low", -5));
        c.register(block("high", 10));
        c.register(block("mid", 0));
        assertThat(callOrder(c)).containsExactly("high", "mid", "low");
        assertThat(names(c)).containsExactly("high", "mid", "low");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void equalPrioritiesRunInRegistrationOrder(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        for (int i = 0; i < 5; i++) {
            c.register(block("b" + i, 3));
        }
        assertThat(callOrder(c)).containsExactly("b0", "b1", "b2", "b3", "b4");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void insertionGoesBeforeTheFirstStrictlyLowerPriority(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("a5", 5));
        c.register(block("a1", 1));
        c.register(block("b5", 5));   // after a5 (tie), before a1
        c.register(block("c9", 9));   // head
        c.register(block("b1", 1));   // tail, after a1
        c.register(block("m3", 3));   // between b5 and a1
        c.register(block("neg", Integer.MIN_VALUE));
        c.register(block("max", Integer.MAX_VALUE));
        assertThat(callOrder(c)).containsExactly("max", "c9", "a5", "b5", "m3", "a1", "b1", "neg");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void duplicateRegistrationFailsWithEexistAndLeavesTheChainUnchanged(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        NotifierBlock<List<String>> a = block("a", 1);
        c.register(a);
        c.register(block("b", 1));
        List<NotifierBlock<? super List<String>>> before = c.blocks();
        assertThatThrownBy(() -> c.register(a))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("'a'").hasMessageContaining(c.name());
        assertThat(c.blocks()).isEqualTo(before);
        assertThat(callOrder(c)).containsExactly("a", "b");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void duplicateIsDetectedEvenIfTheBlocksPriorityChangedSinceRegistration(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        AtomicInteger prio = new AtomicInteger(1);
        NotifierBlock<List<String>> shifty = new NotifierBlock<>() {
            @Override
            public int notifierCall(long action, List<String> log) {
                log.add("shifty");
                return Notify.DONE;
            }

            @Override
            public int priority() {
                return prio.get();
            }

            @Override
            public String name() {
                return "shifty";
            }
        };
        c.register(block("top", 5));
        c.register(shifty);
        prio.set(10); // would be inserted before "top": the kernel's walk would stop there and miss it
        assertThatThrownBy(() -> c.register(shifty)).isInstanceOf(RegistrationException.class);
        assertThat(callOrder(c)).containsExactly("top", "shifty");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void duplicateUnderWarnAndIgnoreIsNotInsertedAndItsHandleDoesNothing(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind,
                NotifierConfig.builder().duplicatePolicy(DuplicatePolicy.WARN_AND_IGNORE).build());
        NotifierBlock<List<String>> a = block("a", 1);
        Registration first = c.register(a);
        Registration second = c.register(a);
        assertThat(second).isNotSameAs(first);
        assertThat(callOrder(c)).containsExactly("a");
        second.close();
        assertThat(callOrder(c)).as("closing the ignored duplicate's handle must not remove the original").containsExactly("a");
        first.close();
        assertThat(c.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void uniquePriorityClashFailsWithEbusy(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.registerUniquePriority(block("a", 4));
        c.registerUniquePriority(block("b", 2));
        c.register(block("c", 2)); // plain register allows the tie
        List<NotifierBlock<? super List<String>>> before = c.blocks();
        assertThatThrownBy(() -> c.registerUniquePriority(block("d", 4)))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY))
                .hasMessageContaining("priority 4").hasMessageContaining("'d'").hasMessageContaining("'a'");
        assertThat(c.blocks()).isEqualTo(before);
        c.registerUniquePriority(block("e", 3));
        assertThat(callOrder(c)).containsExactly("a", "e", "b", "c");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void uniquePriorityReportsADuplicateBlockAsEexist(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        NotifierBlock<List<String>> a = block("a", 4);
        c.register(block("first", 4));
        c.register(a);
        assertThatThrownBy(() -> c.registerUniquePriority(a))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void unregisteringAnUnknownBlockFailsWithEnoent(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("a", 0));
        NotifierBlock<List<String>> stranger = block("stranger", 0);
        assertThatThrownBy(() -> c.unregister(stranger))
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("'stranger'");
        assertThat(callOrder(c)).containsExactly("a");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void unregisterRemovesTheBlockAndASecondUnregisterFailsWithEnoent(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        NotifierBlock<List<String>> a = block("a", 0);
        c.register(block("x", 1));
        c.register(a);
        c.register(block("y", -1));
        c.unregister(a);
        assertThat(callOrder(c)).containsExactly("x", "y");
        assertThatThrownBy(() -> c.unregister(a)).isInstanceOf(RegistrationException.class);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void registrationCloseIsIdempotentAndRemovesOnlyItsOwnRegistration(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        NotifierBlock<List<String>> a = block("a", 0);
        Registration old = c.register(a);
        c.unregister(a);
        Registration current = c.register(a);
        old.close(); // the old registration is gone already: nothing happens, no ENOENT
        old.close();
        assertThat(callOrder(c)).containsExactly("a");
        current.close();
        current.close();
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.blocks()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void priorityAndNameAreReadOnceAtRegistration(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        AtomicInteger reads = new AtomicInteger();
        NotifierBlock<List<String>> counted = new NotifierBlock<>() {
            @Override
            public int notifierCall(long action, List<String> log) {
                log.add("counted");
                return Notify.DONE;
            }

            @Override
            public int priority() {
                reads.incrementAndGet();
                return 1;
            }
        };
        c.register(counted);
        for (int i = 0; i < 10; i++) {
            callOrder(c);
        }
        c.register(block("later", 0));
        assertThat(reads).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void nullBlocksAreRejected(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        assertThatThrownBy(() -> c.register(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.unregister(null)).isInstanceOf(NullPointerException.class);
        assertThat(c.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void emptyChainReportsEmptyAndReturnsDone(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.call(0, new java.util.ArrayList<>())).isEqualTo(Notify.DONE);
        assertThat(c.kind()).isEqualTo(kind);
        assertThat(c.name()).isEqualTo("test_" + kind.name().toLowerCase(java.util.Locale.ROOT));
        assertThat(c.toString()).contains(c.name());
    }
}
