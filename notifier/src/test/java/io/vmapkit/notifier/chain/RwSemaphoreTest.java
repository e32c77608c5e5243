package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.testsupport.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The blocking chain's rw_semaphore (§8.1: calls take the read side, register/unregister the write
 * side) on its own: exclusion, reentrant reads, writer preference, FIFO at the gate, parking, and
 * a stress run with many threads.
 *
 * <p>The stress run is seeded: {@code -Dvmapkit.seed=<seed>} replays each thread's operations (not the interleaving); run it longer with
 * {@code -Dvmapkit.stress.ops=<sections per thread>} (default 2000).
 */
class RwSemaphoreTest {

    private static final long TIMEOUT_S = 20;

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Holds the read side on a new thread until {@code release} opens; {@code inside} opens once it holds it. */
    private static Thread reader(RwSemaphore s, String name, CountDownLatch inside, CountDownLatch release,
            CompletableFuture<Void> done) {
        return Threads.start(name, () -> {
            GracePeriod.Reader r = s.downRead();
            try {
                inside.countDown();
                await(release);
            } finally {
                s.upRead(r);
            }
        }, done);
    }

    @Test
    void readersHoldTheReadSideConcurrently() {
        RwSemaphore s = new RwSemaphore();
        CyclicBarrier bothInside = new CyclicBarrier(3);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            done.add(d);
            Threads.start("reader-" + i, () -> {
                GracePeriod.Reader r = s.downRead();
                try {
                    bothInside.await(TIMEOUT_S, TimeUnit.SECONDS); // only passes if both hold the read side at once
                    bothInside.await(TIMEOUT_S, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    s.upRead(r);
                }
            }, d);
        }
        try {
            bothInside.await(TIMEOUT_S, TimeUnit.SECONDS);
            bothInside.await(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the two readers were not inside together", e);
        }
        done.forEach(CompletableFuture::join);
    }

    @Test
    void writerWaitsForEveryReaderInFlight() throws Exception {
        RwSemaphore s = new RwSemaphore();
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        CompletableFuture<Void> r1 = new CompletableFuture<>();
        CompletableFuture<Void> r2 = new CompletableFuture<>();
        reader(s, "reader-1", inside, releaseFirst, r1);
        reader(s, "reader-2", inside, releaseSecond, r2);
        await(inside);

        AtomicBoolean writerIn = new AtomicBoolean();
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> {
            s.downWrite();
            writerIn.set(true);
            s.upWrite();
        }, wrote);
        Await.until(() -> s.hasQueuedThread(writer), "the writer waits for the readers");
        releaseFirst.countDown();
        r1.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(s.hasQueuedThread(writer)).as("one reader is still inside").isTrue();
        assertThat(writerIn).isFalse();
        releaseSecond.countDown();
        wrote.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(writerIn).isTrue();
        assertThat(s.hasQueuedThread(writer)).isFalse();
    }

    /**
     * Writer preference, the core of "writers are not starved": a read that starts while a writer
     * waits for the readers in flight parks behind the writer instead of slipping in.
     */
    @Test
    void readerArrivingWhileAWriterWaitsParksBehindTheWriter() throws Exception {
        RwSemaphore s = new RwSemaphore();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = new CompletableFuture<>();
        reader(s, "first-reader", firstInside, releaseFirst, first);
        await(firstInside);

        CountDownLatch writerInside = new CountDownLatch(1);
        CountDownLatch releaseWriter = new CountDownLatch(1);
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> {
            s.downWrite();
            try {
                writerInside.countDown();
                await(releaseWriter);
            } finally {
                s.upWrite();
            }
        }, wrote);
        Await.until(() -> s.hasQueuedThread(writer), "the writer waits for the first reader");

        CountDownLatch lateInside = new CountDownLatch(1);
        CountDownLatch releaseLate = new CountDownLatch(0);
        CompletableFuture<Void> late = new CompletableFuture<>();
        Thread lateReader = reader(s, "late-reader", lateInside, releaseLate, late);
        Await.until(() -> s.hasQueuedThread(lateReader) && Await.waiting(lateReader),
                "the late reader parks on the gate behind the writer");
        assertThat(lateInside.getCount()).as("the late reader did not get in").isOne();

        releaseFirst.countDown();
        await(writerInside);
        assertThat(lateInside.getCount()).as("the writer got in before the late reader").isOne();
        assertThat(Await.waiting(lateReader)).as("the late reader is parked, not spinning").isTrue();
        releaseWriter.countDown();
        late.get(TIMEOUT_S, TimeUnit.SECONDS);
        wrote.get(TIMEOUT_S, TimeUnit.SECONDS);
        first.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** FIFO at the gate: a reader turned away by one writer runs before a writer that came after it. */
    @Test
    void readerTurnedAwayByAWriterRunsBeforeALaterWriter() throws Exception {
        RwSemaphore s = new RwSemaphore();
        s.downWrite(); // this thread is the first writer
        CountDownLatch readerInside = new CountDownLatch(1);
        CountDownLatch releaseReader = new CountDownLatch(1);
        CompletableFuture<Void> read = new CompletableFuture<>();
        Thread reader = reader(s, "reader", readerInside, releaseReader, read);
        Await.until(() -> s.hasQueuedThread(reader), "the reader queues behind the first writer");

        AtomicBoolean secondWriterIn = new AtomicBoolean();
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        Thread second = Threads.start("second-writer", () -> {
            s.downWrite();
            secondWriterIn.set(true);
            s.upWrite();
        }, wrote);
        Await.until(() -> s.hasQueuedThread(second), "the second writer queues behind the reader");

        s.upWrite();
        await(readerInside);
        assertThat(secondWriterIn).as("the reader ran first").isFalse();
        Await.until(() -> s.hasQueuedThread(second), "the second writer waits for the reader it let in");
        releaseReader.countDown();
        wrote.get(TIMEOUT_S, TimeUnit.SECONDS);
        read.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(secondWriterIn).isTrue();
    }

    /**
     * A nested read (a callback calling its own chain again) must not wait for a writer that waits
     * for the outer read: that would deadlock.
     */
    @Test
    void nestedReadPassesAWaitingWriter() throws Exception {
        RwSemaphore s = new RwSemaphore();
        GracePeriod.Reader outer = s.downRead();
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        Thread writer = Threads.start("writer", () -> {
            s.downWrite();
            s.upWrite();
        }, wrote);
        Await.until(() -> s.hasQueuedThread(writer), "the writer waits for the outer read");
        GracePeriod.Reader inner = s.downRead(); // would hang if it queued behind the writer
        assertThat(s.heldForReadByCurrentThread()).isTrue();
        s.upRead(inner);
        assertThat(s.heldForReadByCurrentThread()).as("the outer read is still held").isTrue();
        assertThat(wrote).isNotDone();
        s.upRead(outer);
        wrote.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(s.heldForReadByCurrentThread()).isFalse();
    }

    @Test
    void heldForReadIsPerThreadAndPerSemaphore() throws Exception {
        RwSemaphore s = new RwSemaphore();
        RwSemaphore other = new RwSemaphore();
        assertThat(s.heldForReadByCurrentThread()).isFalse();
        GracePeriod.Reader r = s.downRead();
        try {
            assertThat(s.heldForReadByCurrentThread()).isTrue();
            assertThat(other.heldForReadByCurrentThread()).isFalse();
            CompletableFuture<Boolean> elsewhere = CompletableFuture.supplyAsync(s::heldForReadByCurrentThread);
            assertThat(elsewhere.get(TIMEOUT_S, TimeUnit.SECONDS)).isFalse();
        } finally {
            s.upRead(r);
        }
        assertThat(s.heldForReadByCurrentThread()).isFalse();
    }

    /**
     * A chain called from many short-lived threads and never changed keeps a bounded number of
     * reader records: a new reader thread drops the records of dead ones once they have doubled.
     */
    @Test
    void recordsOfShortLivedReaderThreadsDoNotAccumulateWithoutWriters() throws Exception {
        RwSemaphore s = new RwSemaphore();
        for (int i = 0; i < 300; i++) {
            Thread t = new Thread(() -> s.upRead(s.downRead()));
            t.start();
            t.join();
        }
        assertThat(s.readerRecords()).isBetween(1, 64);
        GracePeriod.Reader r = s.downRead(); // this thread's record still works after the drops
        assertThat(s.heldForReadByCurrentThread()).isTrue();
        s.upRead(r);
        assertThat(s.heldForReadByCurrentThread()).isFalse();
    }

    @Test
    void upWriteWithoutHoldingTheWriteSideIsRefusedAndLeavesTheSemaphoreUsable() throws Exception {
        RwSemaphore s = new RwSemaphore();
        assertThatThrownBy(s::upWrite).isInstanceOf(IllegalMonitorStateException.class).hasMessageContaining("up_write");
        s.downWrite();
        CompletableFuture<Void> stranger = new CompletableFuture<>();
        Threads.start("stranger", s::upWrite, stranger);
        assertThatThrownBy(() -> stranger.get(TIMEOUT_S, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalMonitorStateException.class);
        CompletableFuture<Void> read = new CompletableFuture<>();
        CountDownLatch inside = new CountDownLatch(1);
        Thread reader = reader(s, "reader", inside, new CountDownLatch(0), read);
        Await.until(() -> s.hasQueuedThread(reader), "the write side is still held: readers wait");
        s.upWrite();
        read.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /**
     * The writer is not starved by readers that keep the read side occupied without a gap: each
     * reader stays inside until the next one has entered (bounded by a timeout so that the test
     * ends even when the handoff chain breaks). A semaphore that let readers in while a writer
     * waits would keep the read side held for the whole run and the writer would never get in.
     */
    @Test
    void writerIsNotStarvedByAContinuousStreamOfOverlappingReaders() throws Exception {
        RwSemaphore s = new RwSemaphore();
        int readers = 4;
        AtomicLong entered = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sectionsAfterWriter = new AtomicLong();
        AtomicBoolean writerDone = new AtomicBoolean();
        CountDownLatch streaming = new CountDownLatch(1000);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            done.add(d);
            Threads.start("reader-" + i, () -> {
                while (!stop.get()) {
                    GracePeriod.Reader r = s.downRead();
                    try {
                        long me = entered.incrementAndGet();
                        streaming.countDown();
                        if (writerDone.get()) {
                            sectionsAfterWriter.incrementAndGet();
                        }
                        // hand the read side over: stay until a successor is inside (at most 50 ms)
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                        while (entered.get() == me && System.nanoTime() < deadline && !stop.get()) {
                            Thread.onSpinWait();
                        }
                    } finally {
                        s.upRead(r);
                    }
                }
            }, d);
        }
        await(streaming);
        CompletableFuture<Void> wrote = new CompletableFuture<>();
        Threads.start("writer", () -> {
            s.downWrite();
            s.upWrite();
            writerDone.set(true);
        }, wrote);
        try {
            wrote.get(TIMEOUT_S, TimeUnit.SECONDS);
            Await.until(() -> sectionsAfterWriter.get() > 0, "readers go on after the writer");
        } finally {
            stop.set(true);
        }
        for (CompletableFuture<Void> d : done) {
            d.get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    /**
     * Exclusion under stress: {@value #STRESS_READERS} readers (with nested sections) and
     * {@value #STRESS_WRITERS} writers; inside a write section no reader and no other writer may be
     * inside, and a reader never sees a writer inside.
     */
    @Test
    void readAndWriteSidesExcludeEachOtherUnderStress() throws Exception {
        long seed = Long.getLong("vmapkit.seed", System.nanoTime());
        int ops = Integer.getInteger("vmapkit.stress.ops", 2000);
        System.out.println("RwSemaphoreTest stress seed=" + seed + " ops=" + ops);
        RwSemaphore s = new RwSemaphore();
        AtomicInteger readersInside = new AtomicInteger();
        AtomicInteger writersInside = new AtomicInteger();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        SplittableRandom root = new SplittableRandom(seed);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<ConcurrentLinkedQueue<String>> logs = new ArrayList<>();
        AtomicLong writes = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < STRESS_READERS + STRESS_WRITERS; t++) {
            boolean writer = t >= STRESS_READERS;
            SplittableRandom rnd = root.split();
            ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
            logs.add(log);
            CompletableFuture<Void> d = new CompletableFuture<>();
            done.add(d);
            String name = (writer ? "writer-" : "reader-") + t;
            Threads.start(name, () -> {
                await(go);
                for (int i = 0; i < ops; i++) {
                    int work = rnd.nextInt(64);
                    if (writer) {
                        record(log, "down_write " + i);
                        s.downWrite();
                        try {
                            if (writersInside.incrementAndGet() != 1 || readersInside.get() != 0) {
                                violations.add(name + " op " + i + ": writers " + writersInside.get() + ", readers "
                                        + readersInside.get());
                            }
                            spin(work);
                            writersInside.decrementAndGet();
                        } finally {
                            s.upWrite();
                        }
                        writes.incrementAndGet();
                    } else {
                        boolean nested = rnd.nextInt(4) == 0;
                        record(log, (nested ? "nested " : "") + "down_read " + i);
                        GracePeriod.Reader r = s.downRead();
                        try {
                            readersInside.incrementAndGet();
                            if (writersInside.get() != 0) {
                                violations.add(name + " op " + i + ": a writer is inside with a reader");
                            }
                            if (nested) {
                                GracePeriod.Reader inner = s.downRead();
                                spin(work);
                                s.upRead(inner);
                            } else {
                                spin(work);
                            }
                            readersInside.decrementAndGet();
                        } finally {
                            s.upRead(r);
                        }
                        if ((i & 63) == 0) {
                            Thread.yield();
                        }
                    }
                }
            }, d);
        }
        go.countDown();
        String context = "seed=" + seed + " (the seed replays each thread's operations with -Dvmapkit.seed, not the threads' interleaving); last operations per thread:\n" + tails(logs);
        try {
            for (CompletableFuture<Void> d : done) {
                d.get(120, TimeUnit.SECONDS);
            }
            assertThat(violations).as(context).isEmpty();
            assertThat(writes.get()).as(context).isEqualTo((long) STRESS_WRITERS * ops);
            assertThat(readersInside.get()).as(context).isZero();
        } catch (AssertionError e) {
            System.err.println("RwSemaphoreTest stress failed: " + context);
            throw e;
        } catch (Exception e) {
            throw new AssertionError("RwSemaphoreTest stress failed: " + context, e);
        }
    }

    private static final int STRESS_READERS = 8;
    private static final int STRESS_WRITERS = 3;

    private static void spin(int n) {
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    private static void record(ConcurrentLinkedQueue<String> log, String op) {
        log.add(op);
        if (log.size() > 20) {
            log.poll();
        }
    }

    private static String tails(List<ConcurrentLinkedQueue<String>> logs) {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < logs.size(); t++) {
            sb.append("  thread ").append(t).append(": ").append(logs.get(t)).append('\n');
        }
        return sb.toString();
    }
}
