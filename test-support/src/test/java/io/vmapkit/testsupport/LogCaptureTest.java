package io.vmapkit.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogCaptureTest {

    private static final String NAME = "io.vmapkit.testsupport.LogCaptureTest.subject";

    @Test
    void capturesWhatASystemLoggerWritesAtEveryLevelAsLevelAndMessage() {
        System.Logger log = System.getLogger(NAME);
        try (LogCapture capture = new LogCapture(NAME)) {
            log.log(System.Logger.Level.INFO, "Purging 15 vmaps");
            log.log(System.Logger.Level.DEBUG, "detail");
            log.log(System.Logger.Level.WARNING, "Unable to lock GPU to purge memory.");
            assertThat(capture.messages()).containsExactly("INFO Purging 15 vmaps", "FINE detail",
                    "WARNING Unable to lock GPU to purge memory.");
            assertThat(capture.atLeast(Level.INFO)).extracting(r -> r.getMessage())
                    .containsExactly("Purging 15 vmaps", "Unable to lock GPU to purge memory.");
        }
    }

    @Test
    void closingRestoresTheLoggersLevelAndParentHandlersAndStopsCapturing() {
        Logger jul = Logger.getLogger(NAME + ".restore");
        jul.setLevel(Level.WARNING);
        LogCapture capture = new LogCapture(NAME + ".restore");
        assertThat(jul.getLevel()).isEqualTo(Level.ALL);
        assertThat(jul.getUseParentHandlers()).isFalse();
        capture.close();
        assertThat(jul.getLevel()).isEqualTo(Level.WARNING);
        assertThat(jul.getUseParentHandlers()).isTrue();
        System.getLogger(NAME + ".restore").log(System.Logger.Level.ERROR, "after close");
        assertThat(capture.messages()).isEmpty();
    }

    @Test
    void messagesFromManyThreadsAreAllKept() throws InterruptedException {
        System.Logger log = System.getLogger(NAME + ".threads");
        try (LogCapture capture = new LogCapture(NAME + ".threads")) {
            int threads = 8;
            int each = 200;
            CountDownLatch start = new CountDownLatch(1);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                ts[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        log.log(System.Logger.Level.INFO, "m");
                    }
                });
                ts[t].start();
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(capture.records()).hasSize(threads * each);
        }
    }
}
