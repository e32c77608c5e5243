package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.testsupport.Threads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link GracePeriod} directly: the records of live reader threads survive the dropping of dead
 * threads' records (else a later read section of a live thread would be invisible to writers), and
 * an interrupt that arrives while a writer waits is kept for the caller. Both are deterministic:
 * every step is ordered by latches and polled conditions, never by sleeps.
 */
@Timeout(60)
class GracePeriodTest {

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting until " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting until " + what, e);
        }
    }

    @ParameterizedTest
    @EnumSource(GracePeriod.Wait.class)
    void liveReadersKeepTheirRecordsWhenDeadReadersAreDropped(GracePeriod.Wait wait) throws Exception {
        GracePeriod gp = new GracePeriod(wait);
        CountDownLatch liveRegistered = new CountDownLatch(1);
        CountDownLatch enterAgain = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicBoolean liveInside = new AtomicBoolean();
        CompletableFuture<Void> liveDone = new CompletableFuture<>();
        Threads.start("live reader", () -> {
            gp.exit(gp.enter());            // registers this thread's record (and takes the bias)
            liveRegistered.countDown();
            await(enterAgain, "the test lets the live reader read again");
            GracePeriod.Reader r = gp.enter();
            liveInside.set(true);
            inside.countDown();
            await(leave, "the test lets the live reader leave");
            liveInside.set(false);
            gp.exit(r);
        }, liveDone);
        await(liveRegistered, "the live reader registered");

        CompletableFuture<Void> deadDone = new CompletableFuture<>();
        Thread dead = Threads.start("short-lived reader", () -> gp.exit(gp.enter()), deadDone);
        dead.join(20_000);
        deadDone.get(20, TimeUnit.SECONDS);
        assertThat(dead.isAlive()).isFalse();
        assertThat(gp.readerCount()).isEqualTo(2);

        gp.synchronize();                   // nobody inside: finds the dead thread's record and drops it
        assertThat(gp.readerCount()).as("only the dead thread's record is dropped").isEqualTo(1);

        enterAgain.countDown();
        await(inside, "the live reader is inside a read section");
        CompletableFuture<Void> writerDone = new CompletableFuture<>();
        AtomicBoolean returnedWhileInside = new AtomicBoolean();
        Threads.start("writer", () -> {
            gp.synchronize();
            returnedWhileInside.set(liveInside.get());
        }, writerDone);
        Await.until(() -> gp.waitingWriters.get() == 1 || writerDone.isDone(), "the writer waits or returns");
        assertThat(writerDone.isDone()).as("synchronize() returned while the live reader was inside its section").isFalse();
        leave.countDown();
        writerDone.get(20, TimeUnit.SECONDS);
        liveDone.get(20, TimeUnit.SECONDS);
        assertThat(returnedWhileInside.get()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(GracePeriod.Wait.class)
    void anInterruptDuringTheWaitIsKeptForTheCallerAndDoesNotEndTheWait(GracePeriod.Wait wait) throws Exception {
        GracePeriod gp = new GracePeriod(wait);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicBoolean readerInside = new AtomicBoolean();
        CompletableFuture<Void> readerDone = new CompletableFuture<>();
        Threads.start("reader", () -> {
            GracePeriod.Reader r = gp.enter();
            readerInside.set(true);
            inside.countDown();
            await(leave, "the test lets the reader leave");
            readerInside.set(false);
            gp.exit(r);
        }, readerDone);
        await(inside, "the reader is inside a read section");

        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicBoolean returnedWhileInside = new AtomicBoolean();
        CompletableFuture<Void> writerDone = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> {
            gp.synchronize();
            returnedWhileInside.set(readerInside.get());
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, writerDone);
        // parked: past the spin (and, for SPIN, the yield) phase, so the interrupt meets the park
        Await.until(() -> gp.waitingWriters.get() == 1 && Await.waiting(writer), "the writer parks");
        writer.interrupt();
        // the interrupt wakes the park; the writer must go back to waiting, not return
        Await.until(() -> Await.waiting(writer) || writerDone.isDone(), "the writer waits again or returns");
        assertThat(writerDone.isDone()).as("the wait is not interruptible").isFalse();

        leave.countDown();
        writerDone.get(20, TimeUnit.SECONDS);
        readerDone.get(20, TimeUnit.SECONDS);
        assertThat(returnedWhileInside.get()).isFalse();
        assertThat(interruptedAfter.get()).as("the interrupt status is kept for the caller").isTrue();
    }
}
