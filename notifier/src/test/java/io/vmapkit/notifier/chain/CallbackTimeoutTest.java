package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 item 5: a notifier block that does not return within {@code vmapkit.notifier.callback-timeout}
 * is reported with its thread's stack, interrupted, and — when it returns — its call fails and the
 * block is quarantined; with {@code none} (the kernel presets) nothing is timed. Test time is bounded:
 * the hung blocks wait on a latch the test opens, with a 200 ms timeout.
 */
class CallbackTimeoutTest {

    private final BlockingQueue<CallbackTimeoutException> reports = new LinkedBlockingQueue<>();
    private AutoCloseable sink;

    @BeforeEach
    void listen() {
        sink = CallbackWatchdog.onTimeout(reports::add);
    }

    @AfterEach
    void stop() throws Exception {
        sink.close();
    }

    private static NotifierChain<List<String>> chain(RecordingListener l, Duration timeout) {
        return Blocks.chain(ChainKind.BLOCKING, NotifierConfig.builder().listener(l).quarantineAfter(3)
                .callbackTimeout(timeout).build());
    }

    /** Parks until {@code open}, ignoring interrupts: the worst case, a block no interrupt wakes. */
    private static void parkIgnoringInterrupts(CountDownLatch open) {
        while (open.getCount() > 0) {
            try {
                open.await();
            } catch (InterruptedException ignored) {
                // a hung plugin that swallows interrupts
            }
        }
    }

    @Test
    @Timeout(30)
    void aBlockThatDoesNotReturnIsReportedWithItsStackAndQuarantinedWhenItReturns() throws Exception {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(l, Duration.ofMillis(200));
        CountDownLatch open = new CountDownLatch(1);
        c.register(NotifierBlock.of("stuck", 1, (action, log) -> {
            log.add("stuck");
            parkIgnoringInterrupts(open);
            return Notify.OK;
        }));
        c.register(Blocks.block("after", 0, Notify.OK));
        AtomicInteger result = new AtomicInteger(-1);
        Thread caller = new Thread(() -> result.set(c.call(0, new ArrayList<>())), "caller");
        caller.start();

        CallbackTimeoutException r = reports.poll(20, TimeUnit.SECONDS);
        assertThat(r).as("reported while the block still runs").isNotNull();
        assertThat(caller.isAlive()).isTrue();
        assertThat(r.getMessage()).isEqualTo("notifier block 'stuck' on chain 'test_blocking' has not returned after 200 ms "
                + "(vmapkit.notifier.callback-timeout); its thread 'caller' was interrupted; the thread's stack:");
        assertThat(r.threadName()).isEqualTo("caller");
        assertThat(r.getStackTrace()).as("the hung thread's stack, down to the block")
                .anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("parkIgnoringInterrupts"));

        open.countDown();
        caller.join(20_000);
        assertThat(caller.isAlive()).isFalse();
        // the late call counts as failed (DONE), the walk went on to "after" (OK is the last result)
        assertThat(result.get()).isEqualTo(Notify.OK);
        assertThat(l.events).contains("failed stuck 1", "quarantined stuck 1", "call after NOTIFY_OK");
        assertThat(l.failures).singleElement().isSameAs(r);
        List<String> log = new ArrayList<>();
        c.call(0, log);
        assertThat(log).as("quarantined at once: not called again").containsExactly("after");
        assertThat(reports).as("reported once").isEmpty();
    }

    @Test
    @Timeout(30)
    void anInterruptibleBlockIsWokenByTheWatchdogAndItsCallFailsWithTheReport() {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(l, Duration.ofMillis(200));
        c.register(NotifierBlock.of("sleeper", 0, (action, log) -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException("sleeper was interrupted", e);
            }
            return Notify.OK;
        }));
        int ret = c.call(0, new ArrayList<>());
        assertThat(ret).isEqualTo(Notify.DONE);
        assertThat(Thread.currentThread().isInterrupted()).as("the watchdog's interrupt is not left to the caller").isFalse();
        assertThat(l.failures).singleElement().isInstanceOf(CallbackTimeoutException.class)
                .satisfies(f -> {
                    assertThat(f.getSuppressed()).hasSize(1);
                    assertThat(f.getSuppressed()[0]).hasMessage("sleeper was interrupted");
                });
        assertThat(l.events).contains("quarantined sleeper 1");
    }

    @Test
    void callsWithinTheTimeoutAreNeitherReportedNorFailed() {
        RecordingListener l = new RecordingListener();
        NotifierChain<List<String>> c = chain(l, Duration.ofSeconds(30));
        c.register(Blocks.block("quick", 0, Notify.OK));
        for (int i = 0; i < 100; i++) {
            assertThat(c.call(0, new ArrayList<>())).isEqualTo(Notify.OK);
        }
        assertThat(l.failures).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void noneWaitsForeverAndIsWhatEveryKernelPresetSelects() {
        assertThat(NotifierSettings.CALLBACK_TIMEOUT.parse("none", "test")).isEqualTo(Duration.ZERO);
        assertThat(NotifierSettings.CALLBACK_TIMEOUT.parse("500ms", "test")).isEqualTo(Duration.ofMillis(500));
        assertThat(NotifierSettings.CALLBACK_TIMEOUT.parse("2", "test")).as("a bare number counts seconds").isEqualTo(Duration.ofSeconds(2));
        assertThat(NotifierSettings.CALLBACK_TIMEOUT.defaultValue()).isEqualTo(Duration.ofSeconds(30));
        for (String release : new String[] {"4.7", "5.2", "6.x"}) {
            assertThat(NotifierSettings.preset(release)).containsEntry("vmapkit.notifier.callback-timeout", "none");
        }
        assertThat(NotifierConfig.builder().callbackTimeout(Duration.ZERO).build().watchdog().waitsForever()).isTrue();
        assertThat(NotifierConfig.from(Settings.empty(), io.vmapkit.api.spi.NotifierContext.of(
                io.vmapkit.api.event.VmapListener.NOOP, io.vmapkit.api.VmapClock.system())).watchdog().timeout())
                .as("a system without a preset").isEqualTo(Duration.ofSeconds(30));
    }
}
