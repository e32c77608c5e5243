package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static io.vmapkit.notifier.chain.Blocks.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** §8.4 calling and §8.5 robust calls. */
class ChainCallTest {

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void callReturnsTheLastCallbacksResultAndPassesActionAndData(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(NotifierBlock.of("first", 2, (action, log) -> {
            log.add("first:" + action);
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("second", 1, (action, log) -> {
            log.add("second:" + action);
            return 0x0004;
        }));
        List<String> log = new ArrayList<>();
        assertThat(c.call(77, log)).isEqualTo(0x0004);
        assertThat(log).containsExactly("first:77", "second:77");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void stopMaskEndsTheWalk(ChainKind kind) {
        for (int stop : new int[] {Notify.STOP, Notify.BAD, Notify.STOP_MASK, Notify.fromErrno(-16)}) {
            NotifierChain<List<String>> c = chain(kind);
            c.register(block("a", 3, Notify.OK));
            c.register(block("vetoes", 2, stop));
            c.register(block("never", 1, Notify.OK));
            List<String> log = new ArrayList<>();
            NrCalls nr = new NrCalls();
            assertThat(c.call(0, log, NotifierChain.ALL, nr)).as(Notify.toString(stop)).isEqualTo(stop);
            assertThat(log).as(Notify.toString(stop)).containsExactly("a", "vetoes");
            assertThat(nr.get()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void resultsWithoutTheStopMaskDoNotEndTheWalk(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("ok", 3, Notify.OK));
        c.register(block("odd", 2, 0x7fff));
        c.register(block("done", 1, Notify.DONE));
        List<String> log = new ArrayList<>();
        assertThat(c.call(0, log)).isEqualTo(Notify.DONE);
        assertThat(log).containsExactly("ok", "odd", "done");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void nrToCallLimitsTheCallbacksAndNrCallsCountsThem(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        for (int i = 0; i < 5; i++) {
            c.register(block("b" + i, -i, Notify.OK + i));
        }
        for (int limit = 0; limit <= 6; limit++) {
            List<String> log = new ArrayList<>();
            NrCalls nr = new NrCalls();
            nr.increment(); // nr_calls is added to, never reset by the chain
            int ret = c.call(9, log, limit, nr);
            int ran = Math.min(limit, 5);
            assertThat(log).as("nr_to_call %d", limit).hasSize(ran);
            assertThat(nr.get()).isEqualTo(1 + ran);
            assertThat(ret).isEqualTo(ran == 0 ? Notify.DONE : Notify.OK + ran - 1);
        }
        List<String> all = new ArrayList<>();
        c.call(0, all, NotifierChain.ALL, null);
        assertThat(all).hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void nrToCallBelowMinusOneIsRejectedNamingTheValue(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("a", 0));
        List<String> log = new ArrayList<>();
        NrCalls nr = new NrCalls();
        assertThatThrownBy(() -> c.call(0, log, -2, nr))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> chain(kind).call(0, log, Integer.MIN_VALUE, nr))
                .as("rejected on an empty chain too").isInstanceOf(IllegalArgumentException.class);
        assertThat(log).isEmpty();
        assertThat(nr.get()).isZero();
        assertThat(Blocks.names(c)).containsExactly("a");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void observerIsToldAroundEveryCallbackAlsoWhenItThrows(ChainKind kind) {
        NotifierChain<Object> c = NotifierChains.create("obs", kind, io.vmapkit.notifier.NotifierConfig.defaults());
        IllegalStateException boom = new IllegalStateException("boom");
        c.register(NotifierBlock.of("ok", 2, (a, d) -> Notify.OK));
        c.register(NotifierBlock.of("thrower", 1, (a, d) -> {
            throw boom;
        }));
        List<String> seen = new ArrayList<>();
        NotifierCallObserver observer = new NotifierCallObserver() {
            @Override
            public void enterCallback(NotifierBlock<?> block) {
                seen.add("enter " + block.name());
            }

            @Override
            public void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
                seen.add("exit " + block.name() + " " + Notify.toString(result) + " " + (failure == null ? "-" : failure.getMessage()));
            }
        };
        c.call(0, observer);
        assertThat(seen).containsExactly("enter ok", "exit ok NOTIFY_OK -", "enter thrower", "exit thrower NOTIFY_DONE boom");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void freedCounterAttributesEachAdditionToTheRunningBlock(ChainKind kind) {
        NotifierChain<FreedCounter> c = NotifierChains.create("vmap_notify_list", kind, io.vmapkit.notifier.NotifierConfig.defaults());
        c.register(NotifierBlock.of("i915", 10, (a, freed) -> {
            freed.add(512);
            return Notify.DONE;
        }));
        c.register(NotifierBlock.of("idle", 5, (a, freed) -> Notify.DONE));
        c.register(NotifierBlock.of("msm", 0, (a, freed) -> {
            freed.add(15);
            return Notify.DONE;
        }));
        FreedCounter freed = FreedCounter.create();
        c.call(0, freed);
        assertThat(freed.freed()).isEqualTo(527);
        assertThat(freed.contributions()).isEqualTo(Map.of("i915", 512L, "msm", 15L));
        assertThat(freed.contributors()).containsExactly("i915", "msm");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"BLOCKING", "RAW"})
    void robustCallRollsBackTheFirstNrMinusOneBlocksInForwardOrder(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        for (String n : new String[] {"a", "b", "c"}) {
            c.register(NotifierBlock.of(n, 0, (action, log) -> {
                log.add(n + (action == 1 ? "+up" : "+down"));
                return Notify.OK;
            }));
        }
        c.register(NotifierBlock.of("veto", -1, (action, log) -> {
            log.add("veto" + (action == 1 ? "+up" : "+down"));
            return action == 1 ? Notify.BAD : Notify.OK;
        }));
        c.register(block("after", -2));
        List<String> log = new ArrayList<>();
        assertThat(c.callRobust(1, 2, log)).isEqualTo(Notify.BAD);
        assertThat(log).containsExactly("a+up", "b+up", "c+up", "veto+up", "a+down", "b+down", "c+down");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"BLOCKING", "RAW"})
    void robustCallWithoutVetoRunsNoDownPass(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(NotifierBlock.of("a", 1, (action, log) -> {
            log.add("a" + action);
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("b", 0, (action, log) -> {
            log.add("b" + action);
            return Notify.DONE;
        }));
        List<String> log = new ArrayList<>();
        assertThat(c.callRobust(1, 2, log)).isEqualTo(Notify.DONE);
        assertThat(log).containsExactly("a1", "b1");
        assertThat(chain(kind).callRobust(1, 2, log)).as("empty chain").isEqualTo(Notify.DONE);
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"BLOCKING", "RAW"})
    void robustCallWhereTheFirstBlockVetoesRollsBackNothing(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("veto", 1, Notify.fromErrno(-12)));
        c.register(block("never", 0));
        List<String> log = new ArrayList<>();
        assertThat(c.callRobust(1, 2, log)).isEqualTo(0x800D);
        assertThat(log).containsExactly("veto");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"BLOCKING", "RAW"})
    void robustDownPassStopsOnAStopResultLikeTheKernelsPartialCall(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(NotifierBlock.of("a", 3, (action, log) -> {
            log.add("a" + action);
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("stopsDown", 2, (action, log) -> {
            log.add("stopsDown" + action);
            return action == 2 ? Notify.STOP : Notify.OK;
        }));
        c.register(NotifierBlock.of("c", 1, (action, log) -> {
            log.add("c" + action);
            return Notify.OK;
        }));
        c.register(block("veto", 0, Notify.BAD));
        List<String> log = new ArrayList<>();
        c.callRobust(1, 2, log);
        assertThat(log).containsExactly("a1", "stopsDown1", "c1", "veto", "a2", "stopsDown2");
    }

    @ParameterizedTest
    @EnumSource(value = ChainKind.class, names = {"ATOMIC", "SRCU"})
    void robustCallIsUnsupportedOnRcuChains(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind);
        c.register(block("a", 0));
        assertThat(kind.supportsRobustCall()).isFalse();
        assertThatThrownBy(() -> c.callRobust(1, 2, new ArrayList<>()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining(c.name());
    }
}
