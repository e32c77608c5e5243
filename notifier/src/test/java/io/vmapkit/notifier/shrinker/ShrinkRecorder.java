package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.event.ShrinkSlabEndEvent;
import io.vmapkit.api.event.ShrinkSlabStartEvent;
import io.vmapkit.api.event.ShrinkerMisbehavedEvent;
import io.vmapkit.api.event.VmapListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records mm_shrink_slab_start/end and misbehaviour reports. Thread-safe. */
final class ShrinkRecorder implements VmapListener {

    static final class Start {
        final String shrinker;
        final int nid;
        final long nr;
        final long cacheItems;
        final long delta;
        final long totalScan;
        final int priority;

        Start(String shrinker, int nid, long nr, long cacheItems, long delta, long totalScan, int priority) {
            this.shrinker = shrinker;
            this.nid = nid;
            this.nr = nr;
            this.cacheItems = cacheItems;
            this.delta = delta;
            this.totalScan = totalScan;
            this.priority = priority;
        }
    }

    static final class End {
        final String shrinker;
        final long unusedScan;
        final long newScan;
        final long totalScan;
        final long retval;

        End(String shrinker, long unusedScan, long newScan, long totalScan, long retval) {
            this.shrinker = shrinker;
            this.unusedScan = unusedScan;
            this.newScan = newScan;
            this.totalScan = totalScan;
            this.retval = retval;
        }
    }

    final List<Start> starts = new CopyOnWriteArrayList<>();
    final List<End> ends = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void shrinkSlabStart(ShrinkSlabStartEvent event) {
        String shrinker = event.shrinker();
        int nid = event.nid();
        long nrObjectsToShrink = event.nrObjectsToShrink();
        long cacheItems = event.cacheItems();
        long delta = event.delta();
        long totalScan = event.totalScan();
        int priority = event.priority();
        starts.add(new Start(shrinker, nid, nrObjectsToShrink, cacheItems, delta, totalScan, priority));
    }

    @Override
    public void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        String shrinker = event.shrinker();
        long unusedScan = event.unusedScan();
        long newScan = event.newScan();
        long totalScan = event.totalScan();
        long retval = event.retval();
        ends.add(new End(shrinker, unusedScan, newScan, totalScan, retval));
    }

    @Override
    public void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {
        String shrinker = event.shrinker();
        String problem = event.problem();
        Throwable failure = event.failure();
        problems.add(shrinker + ": " + problem);
        if (failure != null) {
            failures.add(failure);
        }
    }

    Start lastStart() {
        return starts.get(starts.size() - 1);
    }

    End lastEnd() {
        return ends.get(ends.size() - 1);
    }
}
