package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vmapkit.api.event.NotifierCallEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast path: a call on a non-empty chain allocates nothing, measured with the JVM's per-thread
 * allocation counter ({@code com.sun.management.ThreadMXBean}). Warm-up first, so the measured
 * calls run compiled code; the counter's own overhead is measured and subtracted.
 *
 * <p>A round of {@value #MEASURED} calls must measure exactly 0 bytes. Up to {@value #ROUNDS}
 * rounds are run because compilation may come late under load, and because the JIT may, once, deoptimise this test's own call site (it sees several
 * chain classes) and re-materialise scalar-replaced objects on the heap: a one-off of a few hundred
 * bytes. Any per-call allocation would cost at least 16 bytes × {@value #MEASURED} calls in
 * <em>every</em> round, so it cannot pass.
 *
 * <p>"Exactly 0 bytes" relies on the C2 compiler's escape analysis scalar-replacing the call's
 * short-lived objects. The allocating tests first check that precondition (a HotSpot JVM that
 * compiles with C2, {@code -XX:+DoEscapeAnalysis}, tiered compilation not stopped below level 4,
 * not {@code -Xint}) and are skipped, saying which one is missing, on a JVM without it.
 */
class ZeroAllocationCallTest {

    /** Skips the calling test unless the JIT that makes a call allocation-free is there. */
    private static void assumeC2WithEscapeAnalysis() {
        com.sun.management.HotSpotDiagnosticMXBean hotspot =
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        assumeThat(hotspot).as("a HotSpot JVM").isNotNull();
        assumeThat(System.getProperty("java.vm.info", "")).as("not -Xint").doesNotContain("interpreted mode");
        assumeThat(ManagementFactory.getCompilationMXBean()).as("a JIT compiler").isNotNull();
        assumeThat(hotspot.getVMOption("DoEscapeAnalysis").getValue()).as("-XX:+DoEscapeAnalysis").isEqualTo("true");
        if (hotspot.getVMOption("TieredCompilation").getValue().equals("true")) {
            assumeThat(hotspot.getVMOption("TieredStopAtLevel").getValue()).as("-XX:TieredStopAtLevel=4 (C2)").isEqualTo("4");
        }
    }

    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 100_000;
    /**
     * Rounds before giving up. The listener's event object is gone only once C2 has compiled the
     * call with escape analysis; on a loaded machine (2 cores shared by several JVMs) that
     * compilation can come many rounds after the warm-up, so the test keeps measuring until a clean
     * round or this bound. A real per-call allocation shows in every round and still fails.
     */
    private static final int ROUNDS = 200;

    /** Counts calls without allocating. */
    private static final class CountingListener implements VmapListener {
        long calls;
        long nanos;

        @Override
        public void notifierCall(NotifierCallEvent event) {
            long durationNanos = event.durationNanos();
            calls++;
            nanos += durationNanos;
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeThat(mx).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) mx;
        assumeThat(sun.isThreadAllocatedMemorySupported()).isTrue();
        sun.setThreadAllocatedMemoryEnabled(true);
        return sun;
    }

    private static long allocatedBy(NotifierChain<Object> chain, Object data, NrCalls nr, int calls) {
        com.sun.management.ThreadMXBean mx = threads();
        long baselineStart = mx.getCurrentThreadAllocatedBytes();
        long baseline = mx.getCurrentThreadAllocatedBytes() - baselineStart;
        long start = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            nr.reset();
            chain.call(0, data, NotifierChain.ALL, nr);
        }
        return mx.getCurrentThreadAllocatedBytes() - start - baseline;
    }

    /** Bytes allocated in the first clean round, or the list of every round's bytes if none was clean. */
    private static java.util.List<Long> rounds(NotifierChain<Object> chain, Object data, NrCalls nr) {
        assumeC2WithEscapeAnalysis();
        allocatedBy(chain, data, nr, WARM_UP);
        java.util.List<Long> seen = new java.util.ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long bytes = allocatedBy(chain, data, nr, MEASURED);
            seen.add(bytes);
            if (bytes == 0) {
                return java.util.List.of(0L);
            }
        }
        return seen;
    }

    private static NotifierChain<Object> chainWithNoOpBlocks(ChainKind kind, VmapListener listener) {
        NotifierChain<Object> c = NotifierChains.create("hot", kind, NotifierConfig.builder().listener(listener).build());
        c.register(NotifierBlock.of("noop1", 1, (a, d) -> Notify.DONE));
        c.register(NotifierBlock.of("noop2", 0, (a, d) -> Notify.OK));
        return c;
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void callOnANonEmptyChainAllocatesNothing(ChainKind kind) {
        NotifierChain<Object> c = chainWithNoOpBlocks(kind, VmapListener.NOOP);
        Object data = new Object();
        NrCalls nr = new NrCalls();
        assertThat(rounds(c, data, nr)).as("bytes allocated per round of %d calls on a %s chain", MEASURED, kind).containsExactly(0L);
        assertThat(nr.get()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void callWithAnObservingDataObjectAndAnAllocationFreeListenerAllocatesNothing(ChainKind kind) {
        CountingListener listener = new CountingListener();
        NotifierChain<Object> c = chainWithNoOpBlocks(kind, listener);
        FreedCounter freed = FreedCounter.create();
        NrCalls nr = new NrCalls();
        assertThat(rounds(c, freed, nr)).as("bytes allocated per round on a %s chain with a listener", kind).containsExactly(0L);
        assertThat(listener.calls).as("the listener saw every callback").isGreaterThanOrEqualTo(2L * (WARM_UP + MEASURED));
        assertThat(listener.calls % 2).isZero();
    }

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void callOnAnEmptyChainAllocatesNothing(ChainKind kind) {
        NotifierChain<Object> c = NotifierChains.create("empty", kind, NotifierConfig.defaults());
        NrCalls nr = new NrCalls();
        assertThat(rounds(c, nr, nr)).containsExactly(0L);
    }

    @org.junit.jupiter.api.Test
    void callOnAnEmptyBlockingChainTakesNoLock() {
        BlockingChain<Object> c = (BlockingChain<Object>) NotifierChains.<Object>create("empty", ChainKind.BLOCKING, NotifierConfig.defaults());
        c.lock.writeLock().lock(); // a call that tried to read-lock would hang
        try {
            assertThat(c.call(0, new Object())).isEqualTo(Notify.DONE);
        } finally {
            c.lock.writeLock().unlock();
        }
    }
}
