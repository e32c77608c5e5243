package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Edges of {@link AbstractChain}'s calling and registration code that the main chain tests do not
 * reach: null data, an observer around a callback that throws a {@link VirtualMachineError}, the
 * robust call's up and down passes with quarantined blocks, and the handle of a unique-priority
 * registration.
 */
class ChainEdgeCasesTest {

    /** Call data that observes the callbacks around it, recording each as a line. */
    static final class ObservedData implements NotifierCallObserver {
        final List<String> seen = new ArrayList<>();

        @Override
        public void enterCallback(NotifierBlock<?> block) {
            seen.add("enter " + block.name());
        }

        @Override
        public void exitCallback(NotifierBlock<?> block, int result, Throwable failure) {
            seen.add("exit " + block.name() + " " + result + " " + (failure == null ? "-" : failure.getMessage()));
        }
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void nullDataIsPassedToEveryBlock(ChainKind kind) {
        NotifierChain<Object> c = NotifierChains.create("test_null", kind, NotifierConfig.builder().build());
        List<String> calls = new ArrayList<>();
        c.register(NotifierBlock.of("a", 2, (action, data) -> {
            calls.add("a " + action + " " + data);
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("b", 1, (action, data) -> {
            calls.add("b " + action + " " + data);
            return Notify.DONE;
        }));

        assertThat(c.call(7, null)).isEqualTo(Notify.DONE); // the last block's result
        assertThat(calls).containsExactly("a 7 null", "b 7 null");
    }

    /** The observer sees the callback end with DONE and the error, and the error still propagates. */
    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void anObserverSeesACallbackEndWithAVirtualMachineErrorWhichIsRethrown(ChainKind kind) {
        NotifierChain<ObservedData> c = NotifierChains.create("test_vme", kind, NotifierConfig.builder().build());
        c.register(NotifierBlock.of("fatal", 0, (action, data) -> {
            throw new InternalError("simulated VM failure");
        }));
        ObservedData data = new ObservedData();

        assertThatThrownBy(() -> c.call(0, data)).isInstanceOf(InternalError.class).hasMessage("simulated VM failure");
        assertThat(data.seen).containsExactly("enter fatal", "exit fatal 0 simulated VM failure");
    }

    /**
     * quarantine after 1 failure. "q" (priority 5) fails once in a plain call and is quarantined.
     * Robust call: "q" is skipped, "a" (4) is called up, "b" (3) answers BAD: the down pass calls
     * the blocks before "b", i.e. "a". "q" is called in neither pass.
     */
    @Test
    void aRobustCallSkipsAQuarantinedBlockInBothPasses() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.BLOCKING, NotifierConfig.builder().quarantineAfter(1).build());
        NotifierBlock<List<String>> q = NotifierBlock.of("q", 5, (action, log) -> {
            log.add("q " + action);
            throw new IllegalStateException("q is broken");
        });
        c.register(q);
        c.register(NotifierBlock.of("a", 4, (action, log) -> {
            log.add("a " + action);
            return Notify.OK;
        }));
        c.register(NotifierBlock.of("b", 3, (action, log) -> {
            log.add("b " + action);
            return Notify.BAD;
        }));
        c.call(9, new ArrayList<>()); // q fails: quarantined
        assertThat(c.isQuarantined(q)).isTrue();

        List<String> log = new ArrayList<>();
        assertThat(c.callRobust(1, 2, log)).isEqualTo(Notify.BAD);
        assertThat(log).containsExactly("a 1", "b 1", "a 2");
    }

    /**
     * quarantine after 1 failure. "a" (2) throws on the up pass and is quarantined by that failure;
     * "b" (1) answers BAD. The down pass would call "a", but it is quarantined now: skipped.
     */
    @Test
    void aBlockQuarantinedDuringTheUpPassIsSkippedInTheDownPass() {
        NotifierChain<List<String>> c = Blocks.chain(ChainKind.BLOCKING, NotifierConfig.builder().quarantineAfter(1).build());
        NotifierBlock<List<String>> a = NotifierBlock.of("a", 2, (action, log) -> {
            log.add("a " + action);
            throw new IllegalStateException("a is broken");
        });
        c.register(a);
        c.register(NotifierBlock.of("b", 1, (action, log) -> {
            log.add("b " + action);
            return Notify.BAD;
        }));

        List<String> log = new ArrayList<>();
        assertThat(c.callRobust(1, 2, log)).isEqualTo(Notify.BAD);
        assertThat(log).containsExactly("a 1", "b 1");
        assertThat(c.isQuarantined(a)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void theHandleOfAUniquePriorityRegistrationUnregisters(ChainKind kind) {
        NotifierChain<List<String>> c = Blocks.chain(kind);
        Registration r = c.registerUniquePriority(Blocks.block("u", 3));
        assertThat(Blocks.callOrder(c)).containsExactly("u");

        r.close();

        assertThat(c.isEmpty()).isTrue();
    }
}
