package io.vmapkit.workloads.simulate;

import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.ShrinkSlabEndEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.workloads.figures.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches one run: the listener marks each non-empty purge and each notifier round with the
 * operation in progress and sums what notifier rounds and shrink passes reported freed; the driver
 * {@linkplain #sample samples} occupancy every few operations.
 *
 * <p><b>Threading.</b> Listener methods may be called from any thread, under the allocator's purge
 * lock; they only append under this object's monitor. Marks beyond {@value #MAX_MARKS} per kind are
 * counted by the allocator's statistics but not kept for the chart.
 */
final class RunObserver implements VmapListener {

    /** Marks kept per kind. */
    static final int MAX_MARKS = 20_000;

    /**
     * The operation in progress. Written with release semantics ({@code lazySet}), a plain store on
     * x86, where a volatile store would fence once per operation. Listener calls on the driver's own
     * thread see it exactly; a background purge sees a recent value, as it did before (which operation
     * a background purge belongs to is approximate by nature).
     */
    private final AtomicLong op = new AtomicLong();
    private final List<Timeline.Sample> samples = new ArrayList<>();
    private final List<Timeline.Mark> purges = new ArrayList<>();
    private final List<Timeline.Mark> rounds = new ArrayList<>();
    private final Map<String, List<Timeline.Mark>> shrinkerMarks = new LinkedHashMap<>();
    private int shrinkerMarkCount;
    private long notifierFreed;
    private long shrinkerFreed;

    /** The operation now in progress (1-based; 0 before the first). Called by the driver thread. */
    void operation(long n) {
        op.lazySet(n);
    }

    /** Records occupancy after {@code opsDone} operations. */
    synchronized void sample(long opsDone, VmapStats s) {
        samples.add(new Timeline.Sample(opsDone, s.liveBytes(), s.lazyBytes(), s.freeBytes()));
    }

    @Override
    public synchronized void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        long npurged = event.npurged();
        if (purges.size() < MAX_MARKS) {
            purges.add(new Timeline.Mark(op.get(), npurged));
        }
    }

    @Override
    public synchronized void notifierRound(VmapPurgeEvent event) {
        long freed = event.freed();
        notifierFreed += freed;
        if (rounds.size() < MAX_MARKS) {
            rounds.add(new Timeline.Mark(op.get(), freed));
        }
    }

    @Override
    public synchronized void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        long retval = event.retval();
        if (retval > 0) {
            shrinkerFreed += retval;
            if (shrinkerMarkCount < MAX_MARKS) {
                shrinkerMarks.computeIfAbsent(event.shrinker(), k -> new ArrayList<>()).add(new Timeline.Mark(op.get(), retval));
                shrinkerMarkCount++;
            }
        }
    }

    /** The sum of {@code freed} over every notifier round seen. */
    synchronized long notifierFreed() {
        return notifierFreed;
    }

    /** The sum of what shrink passes returned. */
    synchronized long shrinkerFreed() {
        return shrinkerFreed;
    }

    /** What was recorded so far. */
    synchronized Timeline timeline() {
        return new Timeline(samples, purges, rounds, shrinkerMarks);
    }
}
