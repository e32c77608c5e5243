package io.vmapkit.driver.i915;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "stop early" improvement of the vmap notifier (a vmapkit setting, off by default): the kernel's
 * notifier gets only {@code unsigned long *freed} and releases every cached vmap; vmapkit's event also
 * carries the failing request, so the notifier can stop as soon as the next purge <em>could</em>
 * produce a free block that fits it.
 *
 * <p>It starts from the allocator's snapshot at the start of the round, treating free and lazy
 * ranges as free-after-purge, merges every range the walk releases into that picture, and is
 * satisfied once a merged run, clipped to the request's window, holds the request's size plus guard
 * plus the worst alignment slack, and the walk has released at least one range (a round that adds
 * nothing to {@code freed} would end the allocation with EBUSY even if space had appeared). The estimate assumes nobody else allocates in between; if someone
 * does, the allocator simply runs another round.
 *
 * <p>Addresses are compared unsigned. Confined to the notifier's thread.
 */
final class ContiguousSpace implements ReleaseObserver {

    /** Runs of free-after-purge space: start → end, unsigned order, maximal. */
    private final TreeMap<Long, Long> runs = new TreeMap<>(Long::compareUnsigned);
    private final long vstart;
    private final long vend;
    private final long need;
    private boolean satisfied;
    private boolean releasedAny;

    /**
     * @param snapshot the allocator's ranges now
     * @param event the round: its request's window, alignment and {@code neededBytes}
     */
    ContiguousSpace(VmapSnapshot snapshot, VmapPurgeEvent event) {
        VmapRequest r = event.request();
        this.vstart = r.hasWindow() ? r.vstart() : snapshot.space().start();
        this.vend = r.hasWindow() ? r.vend() : snapshot.space().end();
        long slack = Addresses.greaterThan(r.align(), snapshot.space().pageSize()) ? r.align() - snapshot.space().pageSize() : 0;
        this.need = Addresses.addWraps(event.neededBytes(), slack) ? -1L : event.neededBytes() + slack;
        long runStart = 0;
        boolean open = false;
        long runEnd = 0;
        for (VmapSnapshot.Range range : snapshot.ranges()) {
            if (range.kind() == VmapSnapshot.Kind.BUSY) {
                if (open) {
                    add(runStart, runEnd);
                    open = false;
                }
                continue;
            }
            if (!open) {
                runStart = range.start();
                open = true;
            }
            runEnd = range.end();
        }
        if (open) {
            add(runStart, runEnd);
        }
    }

    @Override
    public void released(long start, long end) {
        releasedAny = true;
        long s = start;
        long e = end;
        Map.Entry<Long, Long> before = runs.floorEntry(s);
        if (before != null && Addresses.greaterOrEqual(before.getValue(), s)) {
            s = before.getKey();
            e = Addresses.max(e, before.getValue());
            runs.remove(before.getKey());
        }
        Map.Entry<Long, Long> after = runs.ceilingEntry(s);
        while (after != null && Addresses.lessOrEqual(after.getKey(), e)) {
            e = Addresses.max(e, after.getValue());
            runs.remove(after.getKey());
            after = runs.ceilingEntry(s);
        }
        add(s, e);
    }

    private void add(long start, long end) {
        runs.put(start, end);
        long from = Addresses.max(start, vstart);
        long to = Addresses.min(end, vend);
        if (Addresses.lessThan(from, to) && Addresses.greaterOrEqual(to - from, need)) {
            satisfied = true;
        }
    }

    @Override
    public boolean satisfied() {
        // Only after releasing something: a round that adds nothing to freed ends the allocation.
        return satisfied && releasedAny;
    }

    /** The largest run, for messages and tests. */
    long largestRun() {
        long max = 0;
        for (Map.Entry<Long, Long> e : runs.entrySet()) {
            max = Addresses.max(max, e.getValue() - e.getKey());
        }
        return max;
    }
}
