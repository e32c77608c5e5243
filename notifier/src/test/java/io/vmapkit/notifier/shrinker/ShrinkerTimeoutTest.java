package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 17 item 5 for shrinkers: a scan_objects that does not return is reported, and quarantined once it does. */
class ShrinkerTimeoutTest {

    @Test
    @Timeout(30)
    void aScanThatDoesNotReturnIsReportedThenQuarantinedAndTheOthersStillRun() throws Exception {
        ShrinkRecorder events = new ShrinkRecorder();
        DefaultShrinkerRegistry r = (DefaultShrinkerRegistry) ShrinkerRegistries.create(NotifierConfig.builder()
                .listener(events).quarantineAfter(3).callbackTimeout(Duration.ofMillis(200)).build());
        CountDownLatch open = new CountDownLatch(1);
        ScriptedShrinker stuck = new ScriptedShrinker("stuck", 1000).scan((call, sc) -> {
            while (open.getCount() > 0) {
                try {
                    open.await();
                } catch (InterruptedException ignored) {
                    // swallows the watchdog's interrupt
                }
            }
            return sc.nrToScan();
        });
        ScriptedShrinker good = new ScriptedShrinker("good", 1000);
        r.register(stuck);
        r.register(good);
        BlockingQueue<CallbackTimeoutException> reports = new LinkedBlockingQueue<>();
        AtomicLong freed = new AtomicLong(-1);
        try (AutoCloseable sink = CallbackWatchdog.onTimeout(reports::add)) {
            Thread reclaimer = new Thread(() -> freed.set(r.shrinkSlab(0)), "reclaimer");
            reclaimer.start();
            CallbackTimeoutException report = reports.poll(20, TimeUnit.SECONDS);
            assertThat(report).isNotNull();
            assertThat(report.getMessage()).startsWith("shrinker 'stuck' (scan_objects) has not returned after 200 ms");
            assertThat(report.threadName()).isEqualTo("reclaimer");
            open.countDown();
            reclaimer.join(20_000);
            assertThat(reclaimer.isAlive()).isFalse();
        }
        assertThat(r.isQuarantined(stuck)).as("quarantined at once, not after 3").isTrue();
        assertThat(events.problems).anySatisfy(p -> assertThat(p).contains("shrinker 'stuck' (scan_objects) has not returned"));
        assertThat(good.scans).as("the shrinker after it still ran in that pass").isNotEmpty();
        assertThat(freed.get()).isPositive();
        int scans = stuck.scans.size();
        r.shrinkSlab(0);
        assertThat(stuck.scans).as("skipped by later passes").hasSize(scans);
    }

    @Test
    void aQuickShrinkerUnderATimeoutIsNotReported() {
        ShrinkRecorder events = new ShrinkRecorder();
        DefaultShrinkerRegistry r = (DefaultShrinkerRegistry) ShrinkerRegistries.create(NotifierConfig.builder()
                .listener(events).callbackTimeout(Duration.ofSeconds(30)).build());
        ScriptedShrinker s = new ScriptedShrinker("quick", 1000);
        r.register(s);
        assertThat(r.shrinkSlab(0)).isPositive();
        assertThat(events.problems).isEmpty();
        assertThat(r.isQuarantined(s)).isFalse();
    }
}
