package io.vmapkit.workloads.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-run log capture stays per run when runs overlap on several threads. */
class KernelLogTest {

    private static final Logger VMAPKIT = Logger.getLogger("io.vmapkit.test");

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void overlappingCapturesOnThreeThreadsEachHoldOnlyTheirOwnLines() throws Exception {
        int threads = 3;
        int perThread = 200;
        CyclicBarrier allOpen = new CyclicBarrier(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String tag = "run" + t;
            results.add(pool.submit(() -> {
                try (KernelLog log = KernelLog.capture()) {
                    allOpen.await(); // all three captures are open before anyone logs
                    for (int i = 0; i < perThread; i++) {
                        VMAPKIT.warning(tag + " line " + i);
                        VMAPKIT.fine(tag + " below warning " + i); // never captured
                    }
                    allOpen.await(); // nobody closes while another still logs
                    return log.lines();
                }
            }));
        }
        for (int t = 0; t < threads; t++) {
            List<String> lines = results.get(t).get();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add("run" + t + " line " + i);
            }
            assertThat(lines).as("capture of run%d", t).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aThreadStartedByTheRunLogsIntoTheRunsCaptureWhileAnotherCaptureIsOpen() throws Exception {
        CyclicBarrier open = new CyclicBarrier(2);
        CyclicBarrier done = new CyclicBarrier(2);
        Future<List<String>> other = pool.submit(() -> {
            try (KernelLog log = KernelLog.capture()) {
                open.await();
                done.await();
                return log.lines();
            }
        });
        List<String> mine;
        try (KernelLog log = KernelLog.capture()) {
            open.await();
            Thread child = new Thread(() -> VMAPKIT.warning("from the run's own background thread"));
            child.start();
            child.join();
            mine = log.lines();
            done.await();
        }
        assertThat(mine).containsExactly("from the run's own background thread");
        assertThat(other.get()).isEmpty();
    }

    @Test
    void aSingleCaptureTakesRecordsFromAnyThreadAsSimulateAlwaysDid() throws Exception {
        try (KernelLog log = KernelLog.capture()) {
            pool.submit(() -> VMAPKIT.severe("from a pool thread")).get();
            VMAPKIT.warning("from the owner");
            assertThat(log.lines()).containsExactly("from a pool thread", "from the owner");
        }
    }

    @Test
    void theLastCaptureToCloseRestoresTheParentHandlers() {
        Logger root = Logger.getLogger("io.vmapkit");
        boolean before = root.getUseParentHandlers();
        KernelLog a = KernelLog.capture();
        KernelLog b = KernelLog.capture();
        assertThat(root.getUseParentHandlers()).isFalse();
        a.close();
        assertThat(root.getUseParentHandlers()).as("one capture still open").isFalse();
        b.close();
        assertThat(root.getUseParentHandlers()).isEqualTo(before);
        assertThat(root.getHandlers()).isEmpty();
    }
}
