package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.testsupport.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GracePeriod}'s bookkeeping, with exact numbers: when a new reader thread drops the records
 * of dead threads (the first time at 64 records, then once the records have doubled since the last
 * drop), which records it keeps (live threads, and a thread that ended inside a read section), and
 * the count of waiting writers going back to zero. Reader threads run one after another (each
 * joined), so the counts do not depend on scheduling.
 */
@Timeout(60)
class GracePeriodRecordsTest {

    /** Starts a thread running {@code task}, waits until it has ended, and rethrows its failure. */
    private static void runToEnd(String name, Runnable task) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = Threads.start(name, task, done);
        done.get(20, TimeUnit.SECONDS);
        t.join(20_000);
        assertThat(t.isAlive()).as(name + " ended").isFalse();
    }

    /**
     * Threads 1..64 each read once and end: thread k finds k - 1 &lt; 64 records, so nothing is
     * dropped and there are 64 records. Thread 1 ended inside its read section (entered, never
     * left). Thread 65 finds 64 &gt;= 64 records: it drops the 63 dead threads that are outside a
     * section, keeps thread 1's (its section is still counted: a writer must wait for it), and
     * adds its own: 1 + 1 = 2.
     */
    @Test
    void aNewReaderDropsDeadRecordsAtExactly64ButKeepsOneStillInsideASection() throws Exception {
        GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);
        runToEnd("reader 1 (ends inside its section)", gp::enter);
        for (int k = 2; k <= 64; k++) {
            runToEnd("reader " + k, () -> gp.exit(gp.enter()));
        }
        assertThat(gp.readerCount()).as("64 records, none dropped yet").isEqualTo(64);

        runToEnd("reader 65", () -> gp.exit(gp.enter()));

        assertThat(gp.readerCount()).as("thread 1's open section and reader 65").isEqualTo(2);
    }

    /**
     * 40 live reader threads (registered, then waiting outside any section) and 24 dead ones make
     * 64 records. The next reader (dead afterwards) drops the 24 dead and adds itself: 41 records,
     * and the next drop waits until max(64, 2 * 40) = 80 records. 23 more short-lived readers bring
     * it to 41 + 23 = 64 records; the 24th finds 64 &lt; 80 and adds itself: 65 records, nothing
     * dropped. (Were the next threshold 64 again, it would drop the 24 dead: 40 + 1 = 41.)
     */
    @Test
    void afterADropTheNextOneWaitsUntilTheLiveRecordsHaveDoubled() throws Exception {
        GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch registered = new CountDownLatch(40);
        List<CompletableFuture<Void>> live = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                live.add(done);
                Threads.start("live reader " + i, () -> {
                    gp.exit(gp.enter());
                    registered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, done);
            }
            assertThat(registered.await(20, TimeUnit.SECONDS)).as("the live readers registered").isTrue();
            for (int i = 0; i < 24; i++) {
                runToEnd("dead reader " + i, () -> gp.exit(gp.enter()));
            }
            assertThat(gp.readerCount()).isEqualTo(64);

            runToEnd("reader that drops", () -> gp.exit(gp.enter()));
            assertThat(gp.readerCount()).as("40 live + the new one").isEqualTo(41);

            for (int i = 0; i < 24; i++) {
                runToEnd("later reader " + i, () -> gp.exit(gp.enter()));
            }
            assertThat(gp.readerCount()).as("41 + 24, no drop below 80 records").isEqualTo(65);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<Void> done : live) {
            done.get(20, TimeUnit.SECONDS);
        }
    }

    /** A writer that waited for a section counts itself in {@code waitingWriters} only while it waits. */
    @Test
    void theWaitingWriterCountIsZeroAgainAfterTheWait() throws Exception {
        for (GracePeriod.Wait wait : GracePeriod.Wait.values()) {
            GracePeriod gp = new GracePeriod(wait);
            gp.synchronize(); // no readers: nothing to wait for
            assertThat(gp.waitingWriters.get()).as(wait + ": no wait").isZero();

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch leave = new CountDownLatch(1);
            CompletableFuture<Void> readerDone = new CompletableFuture<>();
            Threads.start("reader", () -> {
                GracePeriod.Reader r = gp.enter();
                inside.countDown();
                try {
                    leave.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                gp.exit(r);
            }, readerDone);
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> writerDone = new CompletableFuture<>();
            Threads.start("writer", gp::synchronize, writerDone);
            Await.until(() -> gp.waitingWriters.get() == 1, wait + ": the writer waits");
            leave.countDown();
            writerDone.get(20, TimeUnit.SECONDS);
            readerDone.get(20, TimeUnit.SECONDS);

            assertThat(gp.waitingWriters.get()).as(wait + ": after the wait").isZero();
        }
    }
}
