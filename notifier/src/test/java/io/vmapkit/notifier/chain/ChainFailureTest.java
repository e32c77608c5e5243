package io.vmapkit.notifier.chain;

import static io.vmapkit.notifier.chain.Blocks.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.NotifierCallEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure policy: containment, logging once, counting, quarantine and release (chain package-info). */
class ChainFailureTest {

    private static NotifierChain<List<String>> chain(ChainKind kind, VmapListener listener, int quarantineAfter) {
        return Blocks.chain(kind, NotifierConfig.builder().listener(listener).quarantineAfter(quarantineAfter).build());
    }

    /** A block that logs its name and throws while {@code failing} is set. */
    private static NotifierBlock<List<String>> flaky(String name, int priority, AtomicBoolean failing) {
        return NotifierBlock.of(name, priority, (action, log) -> {
            log.add(name);
            if (failing.get()) {
                throw new IllegalStateException(name + " is broken");
            }
            return Notify.OK;
        });
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void throwingCallbackIsContainedAndTheWalkContinuesAsIfItReturnedDone(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 3);
        c.register(block("before", 2, Notify.OK));
        c.register(flaky("broken", 1, new AtomicBoolean(true)));
        List<String> log = new ArrayList<>();
        NrCalls nr = new NrCalls();
        assertThat(c.call(5, log, NotifierChain.ALL, nr)).as("the thrower's effective result is the last").isEqualTo(Notify.DONE);
        c.register(block("after", 0, Notify.OK));
        log.clear();
        nr.reset();
        assertThat(c.call(5, log, NotifierChain.ALL, nr)).isEqualTo(Notify.OK);
        assertThat(log).containsExactly("before", "broken", "after");
        assertThat(nr.get()).as("a callback that threw still ran").isEqualTo(3);
        assertThat(l.events).contains("failed broken 1", "failed broken 2", "call broken NOTIFY_DONE");
        assertThat(l.failures).allSatisfy(f -> assertThat(f).hasMessage("broken is broken"));
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void failureIsLoggedOncePerBlockWithItsName(ChainKind kind) {
        try (LogCapture logs = new LogCapture("io.vmapkit.notifier.chain")) {
            NotifierChain<List<String>> c = chain(kind, VmapListener.NOOP, 0);
            c.register(flaky("broken", 1, new AtomicBoolean(true)));
            c.register(flaky("alsoBroken", 0, new AtomicBoolean(true)));
            for (int i = 0; i < 5; i++) {
                c.call(0, new ArrayList<>());
            }
            assertThat(logs.atLeast(Level.WARNING)).hasSize(2);
            assertThat(logs.atLeast(Level.WARNING).get(0).getMessage()).contains("'broken'").contains(c.name());
            assertThat(logs.atLeast(Level.WARNING).get(0).getThrown()).hasMessage("broken is broken");
            assertThat(logs.atLeast(Level.WARNING).get(1).getMessage()).contains("'alsoBroken'");
        }
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void blockIsQuarantinedAfterConsecutiveFailuresThenSkippedAndReportedOnce(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 3);
        NotifierBlock<List<String>> broken = flaky("broken", 1, new AtomicBoolean(true));
        c.register(broken);
        c.register(block("healthy", 0));
        for (int i = 0; i < 3; i++) {
            assertThat(c.isQuarantined(broken)).isFalse();
            c.call(0, new ArrayList<>());
        }
        assertThat(c.isQuarantined(broken)).isTrue();
        assertThat(l.events).containsSubsequence("failed broken 1", "failed broken 2", "failed broken 3", "quarantined broken 3");
        for (int i = 0; i < 4; i++) {
            assertThat(Blocks.callOrder(c)).containsExactly("healthy");
        }
        assertThat(l.count("quarantined")).isEqualTo(1);
        assertThat(l.count("skipped broken")).isEqualTo(4);
        assertThat(l.count("failed")).isEqualTo(3);
        assertThat(Blocks.names(c)).as("a quarantined block stays registered").containsExactly("broken", "healthy");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void successResetsTheConsecutiveFailureCount(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 3);
        AtomicBoolean failing = new AtomicBoolean(true);
        NotifierBlock<List<String>> sometimes = flaky("sometimes", 0, failing);
        c.register(sometimes);
        for (int round = 0; round < 3; round++) {
            failing.set(true);
            c.call(0, new ArrayList<>());
            c.call(0, new ArrayList<>());
            failing.set(false);
            c.call(0, new ArrayList<>());
        }
        assertThat(c.isQuarantined(sometimes)).isFalse();
        assertThat(l.count("failed sometimes 3")).isZero();
        assertThat(l.count("failed sometimes 2")).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void releaseTakesABlockOutOfQuarantineWithItsCountReset(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 2);
        AtomicBoolean failing = new AtomicBoolean(true);
        NotifierBlock<List<String>> b = flaky("b", 0, failing);
        c.register(b);
        c.call(0, new ArrayList<>());
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).isTrue();
        assertThat(c.release(b)).isTrue();
        assertThat(c.release(b)).as("not quarantined any more").isFalse();
        assertThat(c.isQuarantined(b)).isFalse();
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).as("one failure after release is below the threshold again").isFalse();
        assertThat(l.events.get(l.events.size() - 2)).isEqualTo("failed b 1");
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).isTrue();
        assertThat(l.count("quarantined")).isEqualTo(2);
        failing.set(false);
        c.release(b);
        assertThat(Blocks.callOrder(c)).containsExactly("b");
        assertThat(c.release(block("stranger", 0))).isFalse();
        assertThat(c.isQuarantined(block("stranger", 0))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void reRegisteringStartsWithACleanFailureRecord(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind, VmapListener.NOOP, 1);
        AtomicBoolean failing = new AtomicBoolean(true);
        NotifierBlock<List<String>> b = flaky("b", 0, failing);
        c.register(b);
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).isTrue();
        c.unregister(b);
        c.register(b);
        assertThat(c.isQuarantined(b)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void quarantineAfterZeroNeverQuarantines(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 0);
        NotifierBlock<List<String>> b = flaky("b", 0, new AtomicBoolean(true));
        c.register(b);
        for (int i = 0; i < 50; i++) {
            c.call(0, new ArrayList<>());
        }
        assertThat(c.isQuarantined(b)).isFalse();
        assertThat(l.count("failed b")).isEqualTo(50);
        assertThat(l.count("quarantined")).isZero();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void quarantinedBlocksCountNeitherInNrCallsNorInNrToCall(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind, VmapListener.NOOP, 1);
        NotifierBlock<List<String>> b = flaky("q", 5, new AtomicBoolean(true));
        c.register(b);
        c.register(block("x", 4));
        c.register(block("y", 3));
        c.register(block("z", 2));
        c.call(0, new ArrayList<>());
        assertThat(c.isQuarantined(b)).isTrue();
        List<String> log = new ArrayList<>();
        NrCalls nr = new NrCalls();
        c.call(0, log, 2, nr);
        assertThat(log).containsExactly("x", "y");
        assertThat(nr.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void virtualMachineErrorsAreRethrownNotContained(ChainKind kind) {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(kind, l, 1);
        NotifierBlock<List<String>> b = NotifierBlock.of("oom", 0, (a, d) -> {
            throw new OutOfMemoryError("simulated");
        });
        c.register(b);
        assertThatThrownBy(() -> c.call(0, new ArrayList<>())).isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        assertThat(c.isQuarantined(b)).isFalse();
        assertThat(l.count("failed")).isZero();
        // the chain still works afterwards (no lock left held, no read section left open)
        c.unregister(b);
        c.register(block("fine", 0));
        assertThat(Blocks.callOrder(c)).containsExactly("fine");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void otherErrorsFromAPluginAreContained(ChainKind kind) {
        NotifierChain<List<String>> c = chain(kind, VmapListener.NOOP, 3);
        c.register(NotifierBlock.of("linkage", 1, (a, d) -> {
            throw new NoClassDefFoundError("plugin class missing");
        }));
        c.register(block("next", 0));
        assertThat(Blocks.callOrder(c)).containsExactly("next");
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void aListenerThatThrowsIsLoggedAndDoesNotBreakTheWalk(ChainKind kind) {
        VmapListener hostile = new VmapListener() {
            @Override
            public void notifierCall(NotifierCallEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (LogCapture logs = new LogCapture("io.vmapkit.notifier.chain")) {
            NotifierChain<List<String>> c = chain(kind, hostile, 3);
            c.register(block("a", 1));
            c.register(block("b", 0));
            assertThat(Blocks.callOrder(c)).containsExactly("a", "b");
            assertThat(logs.atLeast(Level.WARNING)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getMessage()).contains("listener"));
        }
    }
}
