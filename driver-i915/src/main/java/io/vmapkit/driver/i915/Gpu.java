package io.vmapkit.driver.i915;

import java.util.ArrayDeque;

/**
 * A step-driven model of the GPU: one engine executing requests in submission order. Time is counted
 * in ticks and moves only when the host {@linkplain #advance advances} it or the driver waits, so runs
 * are reproducible and independent of the wall clock. <em>Completion</em> (the seqno has passed) is
 * the GPU's; <em>retirement</em> (clearing the active flags) is the driver's, done later.
 *
 * <p>Guarded by the device's struct_mutex.
 */
final class Gpu {

    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private long completedSeqno;
    private long lastSeqno;
    private long ticks;

    /** Queues a request behind everything submitted before. */
    void submit(Request r) {
        if (r.seqno <= lastSeqno) {
            throw new IllegalStateException("seqno " + r.seqno + " after " + lastSeqno + ": requests run in order");
        }
        if (r.costTicks < 1) {
            throw new IllegalArgumentException("request cost " + r.costTicks + " ticks: must be at least 1");
        }
        lastSeqno = r.seqno;
        queue.add(r);
    }

    /**
     * Runs the GPU for {@code budget} ticks: completes requests in order while the budget lasts; an
     * idle GPU does not bank unused time.
     */
    void advance(long budget) {
        if (budget < 0) {
            throw new IllegalArgumentException("GPU advance of " + budget + " ticks is negative");
        }
        ticks += budget;
        while (budget > 0 && !queue.isEmpty()) {
            Request head = queue.peekFirst();
            long run = Math.min(budget, head.remainingTicks);
            head.remainingTicks -= run;
            budget -= run;
            if (head.remainingTicks == 0) {
                complete(queue.pollFirst());
            }
        }
    }

    /** Runs the GPU until {@code seqno} has completed (everything before it completes too). */
    void runUntil(long seqno) {
        while (!queue.isEmpty() && queue.peekFirst().seqno <= seqno) {
            Request head = queue.pollFirst();
            ticks += head.remainingTicks;
            head.remainingTicks = 0;
            complete(head);
        }
    }

    private void complete(Request r) {
        completedSeqno = r.seqno;
    }

    /** Whether {@code seqno} has completed ({@code i915_seqno_passed}). */
    boolean completed(long seqno) {
        return seqno <= completedSeqno;
    }

    /** Whether nothing is queued. */
    boolean idle() {
        return queue.isEmpty();
    }

    /** The last seqno submitted. */
    long lastSeqno() {
        return lastSeqno;
    }

    /** Requests queued and not completed. */
    int queued() {
        return queue.size();
    }

    /** Ticks the GPU has run. */
    long ticks() {
        return ticks;
    }
}
