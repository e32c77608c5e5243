package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/** The kernel's {@code ___ratelimit()} rule, driven by a hand-moved clock. */
class RatelimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000);
    private final VmapClock clock = now::get;

    /** Calls {@code acquire} {@code n} times and returns the results. */
    private static List<Long> acquire(Ratelimit r, int n) {
        List<Long> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(r.acquire());
        }
        return results;
    }

    @Test
    void defaultsAreTheKernelsTenMessagesPerFiveSeconds() {
        Ratelimit r = new Ratelimit(clock);
        assertThat(Ratelimit.DEFAULT_BURST).isEqualTo(10);
        assertThat(Ratelimit.DEFAULT_INTERVAL_NANOS).isEqualTo(5 * SECOND);
        assertThat(r.burst()).isEqualTo(10);
        assertThat(r.intervalNanos()).isEqualTo(5 * SECOND);
        assertThat(acquire(r, 12)).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
                Ratelimit.SUPPRESSED, Ratelimit.SUPPRESSED);
    }

    @Test
    void burstMessagesPassThenTheRestOfTheIntervalIsSuppressed() {
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 3);
        assertThat(acquire(r, 3)).containsOnly(0L);
        now.addAndGet(5 * SECOND - 1);
        assertThat(acquire(r, 4)).as("the interval has not elapsed").containsOnly(Ratelimit.SUPPRESSED);
        assertThat(r.printed()).isEqualTo(3);
        assertThat(r.suppressed()).isEqualTo(4);
    }

    @Test
    void suppressedCountIsReportedOnceWhenTheNextIntervalBegins() {
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 2);
        acquire(r, 7);
        now.addAndGet(5 * SECOND);
        assertThat(r.acquire()).as("first message of the new interval reports the 5 suppressed").isEqualTo(5);
        assertThat(r.acquire()).as("reported once only").isZero();
        assertThat(r.acquire()).isEqualTo(Ratelimit.SUPPRESSED);
        now.addAndGet(5 * SECOND);
        assertThat(r.acquire()).isEqualTo(1);
        now.addAndGet(5 * SECOND);
        assertThat(r.acquire()).as("nothing was suppressed in the last interval").isZero();
    }

    @Test
    void theIntervalBeginsAtTheFirstMessageNotAtConstruction() {
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 1);
        now.addAndGet(100 * SECOND);
        assertThat(r.acquire()).isZero();
        now.addAndGet(5 * SECOND - 1);
        assertThat(r.acquire()).isEqualTo(Ratelimit.SUPPRESSED);
        now.addAndGet(1);
        assertThat(r.acquire()).isEqualTo(1);
    }

    @Test
    void aNewIntervalBeginsAtTheMessageThatEndsTheOldOne() {
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 1);
        r.acquire();
        now.addAndGet(12 * SECOND); // more than two intervals later: one new interval, beginning now
        assertThat(r.acquire()).isZero();
        now.addAndGet(4 * SECOND);
        assertThat(r.acquire()).as("4 s into the interval that began at the last message")
                .isEqualTo(Ratelimit.SUPPRESSED);
    }

    @Test
    void aZeroIntervalTurnsLimitingOff() {
        Ratelimit r = new Ratelimit(clock, 0, 1);
        assertThat(acquire(r, 50)).containsOnly(0L);
        assertThat(r.printed()).isEqualTo(50);
        assertThat(r.suppressed()).isZero();
    }

    @Test
    void clockReadingsThatWrapPastLongMaxValueStillMeasureTheInterval() {
        now.set(Long.MAX_VALUE - SECOND);
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 1);
        r.acquire();
        now.addAndGet(4 * SECOND); // wraps to a negative reading
        assertThat(r.acquire()).isEqualTo(Ratelimit.SUPPRESSED);
        now.addAndGet(SECOND);
        assertThat(r.acquire()).isEqualTo(1);
    }

    @Test
    void totalsCountEveryPrintedAndSuppressedMessageReportedOrNot() {
        Ratelimit r = new Ratelimit(clock, SECOND, 2);
        acquire(r, 5);
        now.addAndGet(SECOND);
        acquire(r, 4);
        assertThat(r.printed()).isEqualTo(4);
        assertThat(r.suppressed()).isEqualTo(5);
    }

    @Test
    void theSuppressedLineIsTheKernels() {
        assertThat(Ratelimit.callbacksSuppressed("alloc_vmap_area", 5))
                .isEqualTo("alloc_vmap_area: 5 callbacks suppressed");
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new Ratelimit(clock, -1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit interval -1 ns is negative (0 turns limiting off)");
        assertThatThrownBy(() -> new Ratelimit(clock, SECOND, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ratelimit burst 0 must be at least 1");
        assertThatThrownBy(() -> new Ratelimit(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    /**
     * Eight threads acquire at once, each a fixed number of times, on a stopped clock: exactly
     * {@code burst} pass, the rest are suppressed, and the next interval reports all of them.
     */
    @Test
    void concurrentCallersNeverPassMoreThanBurstPerInterval() throws InterruptedException {
        int threads = 8;
        int perThread = 2_000;
        Ratelimit r = new Ratelimit(clock, 5 * SECOND, 10);
        AtomicLongArray passed = new AtomicLongArray(threads);
        AtomicLongArray reported = new AtomicLongArray(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    long result = r.acquire();
                    if (result != Ratelimit.SUPPRESSED) {
                        passed.incrementAndGet(id);
                        reported.addAndGet(id, result);
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        go.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(w.isAlive()).as("worker finished").isFalse();
        }
        long totalPassed = 0;
        long totalReported = 0;
        for (int t = 0; t < threads; t++) {
            totalPassed += passed.get(t);
            totalReported += reported.get(t);
        }
        long total = (long) threads * perThread;
        assertThat(totalPassed).isEqualTo(10);
        assertThat(totalReported).isZero();
        assertThat(r.printed()).isEqualTo(10);
        assertThat(r.suppressed()).isEqualTo(total - 10);
        now.addAndGet(5 * SECOND);
        assertThat(r.acquire()).isEqualTo(total - 10);
    }
}
