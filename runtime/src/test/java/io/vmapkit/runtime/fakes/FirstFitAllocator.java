package io.vmapkit.runtime.fakes;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A test-only first-fit allocator: a sorted map of busy (live and lazy) areas searched linearly from
 * the window start, lazy free with a page counter and threshold, one-flush purges, and the kernel's
 * overflow path (search, purge, search, notifier round, retry while freed &gt; 0, round cap). Simple
 * and obviously correct rather than fast; the real allocators live in vmapkit-allocator.
 *
 * <p>State is guarded by this object's monitor; the chain and the listener are called without it.
 */
final class FirstFitAllocator implements VmapAllocator {

    private final class Area implements VmapArea {
        final long start;
        final long end;
        final long size;
        final long guard;
        final String owner;
        volatile AreaState state = AreaState.LIVE;

        Area(long start, long size, long guard, String owner) {
            this.start = start;
            this.size = size;
            this.guard = guard;
            this.end = start + size + guard;
            this.owner = owner;
        }

        @Override public long start() { return start; }
        @Override public long end() { return end; }
        @Override public long size() { return size; }
        @Override public long guardSize() { return guard; }
        @Override public AreaState state() { return state; }
        @Override public Optional<String> owner() { return owner.isEmpty() ? Optional.empty() : Optional.of(owner); }

        FirstFitAllocator allocator() {
            return FirstFitAllocator.this;
        }

        @Override
        public String toString() {
            return "Area[" + Addresses.hex(start) + ", " + Addresses.hex(end) + ") " + state;
        }
    }

    private final String name;
    private final AllocatorConfig config;
    private final AddressSpace space;
    private final VmapListener listener;
    private final NotifierChain<VmapPurgeEvent> chain;
    private final long lazyMax;

    private final TreeMap<Long, Area> busy = new TreeMap<>(Long::compareUnsigned);
    private final List<Area> lazy = new ArrayList<>();
    private long lazyPages;
    private long liveBytes;
    private long lazyBytes;
    private long peakLive;
    private long peakLazy;
    private long allocations;
    private long failures;
    private long frees;
    private long searches;
    private long purges;
    private long purgedAreas;
    private long notifierRounds;

    FirstFitAllocator(String name, AllocatorConfig config) {
        this.name = name;
        this.config = config;
        this.space = config.space();
        this.listener = config.listener();
        this.chain = config.purgeChain().orElse(null);
        this.lazyMax = config.lazyMaxPages();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AddressSpace space() {
        return space;
    }

    @Override
    public VmapArea allocate(VmapRequest request) {
        VmapRequest r = space.resolve(request);
        long guard = space.guardSize(r);
        long need = r.size() + guard;
        boolean purged = false;
        int rounds = 0;
        List<String> claimed = List.of();
        while (true) {
            Area a;
            synchronized (this) {
                searches++;
                a = search(r, need, guard);
            }
            listener.vmapSearch(r, a != null);
            if (a != null) {
                listener.allocVmapArea(a.start, need, r.align(), r.vstart(), r.vend(), false);
                return a;
            }
            if (!purged) {
                boolean p = purgeLazy();
                listener.overflowPurge(r, p);
                purged = true;
                continue;
            }
            boolean skip = r.has(AllocFlag.NON_BLOCKING) && config.nonBlockingSkipsNotifier();
            boolean capped = config.maxNotifierRounds() != AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS
                    && rounds >= config.maxNotifierRounds();
            if (chain != null && !skip && !capped) {
                rounds++;
                VmapPurgeEvent ev = new VmapPurgeEvent(r, need, rounds);
                chain.call(VmapPurgeEvent.ACTION, ev);
                synchronized (this) {
                    notifierRounds++;
                }
                listener.notifierRound(ev);
                claimed = ev.contributors();
                if (ev.freed() > 0) {
                    purged = false;
                    continue;
                }
            }
            synchronized (this) {
                failures++;
            }
            String msg = "vmap allocation for size " + need + " failed: use vmalloc=<size> to increase size";
            listener.allocVmapArea(r.vend(), need, r.align(), r.vstart(), r.vend(), true);
            listener.vmapAllocFailed(r, Errno.EBUSY, msg, claimed);
            throw new VmapAllocationException(Errno.EBUSY, msg, r, rounds, capped, claimed);
        }
    }

    /** Lowest fit in the window; inserts and returns the area, or null. Caller holds the monitor. */
    private Area search(VmapRequest r, long need, long guard) {
        long candidate = Addresses.alignUp(r.vstart(), r.align());
        if (Addresses.alignUpWraps(r.vstart(), r.align())) {
            return null;
        }
        Map.Entry<Long, Area> before = busy.floorEntry(candidate);
        Iterable<Area> following = (before == null ? busy : busy.tailMap(before.getKey(), true)).values();
        for (Area b : following) {
            if (Addresses.lessOrEqual(b.end, candidate)) {
                continue;
            }
            if (!Addresses.addWraps(candidate, need) && Addresses.lessOrEqual(candidate + need, b.start)) {
                break;
            }
            if (Addresses.alignUpWraps(b.end, r.align())) {
                return null;
            }
            candidate = Addresses.alignUp(b.end, r.align());
        }
        if (Addresses.addWraps(candidate, need) || Addresses.greaterThan(candidate + need, r.vend())
                || Addresses.lessThan(candidate, r.vstart())) {
            return null;
        }
        Area a = new Area(candidate, r.size(), guard, r.owner().orElse(""));
        busy.put(a.start, a);
        allocations++;
        liveBytes += need;
        peakLive = Math.max(peakLive, liveBytes);
        return a;
    }

    @Override
    public void free(VmapArea area) {
        if (!(area instanceof Area) || ((Area) area).allocator() != this) {
            throw new IllegalArgumentException(area + " was not allocated by this allocator");
        }
        Area a = (Area) area;
        long nrLazy;
        synchronized (this) {
            if (a.state != AreaState.LIVE) {
                throw new IllegalStateException("double free of " + a);
            }
            a.state = AreaState.LAZY;
            lazy.add(a);
            long pages = (a.end - a.start) / space.pageSize();
            lazyPages += pages;
            liveBytes -= a.end - a.start;
            lazyBytes += a.end - a.start;
            peakLazy = Math.max(peakLazy, lazyBytes);
            frees++;
            nrLazy = lazyPages;
        }
        listener.freeVmapAreaNoflush(a.start, nrLazy, lazyMax);
        if (nrLazy > lazyMax) {
            purgeLazy();
        }
    }

    @Override
    public boolean purgeLazy() {
        long start;
        long end;
        int n;
        synchronized (this) {
            if (lazy.isEmpty()) {
                return false;
            }
            start = -1L;
            end = 0;
            for (Area a : lazy) {
                start = Addresses.min(start, a.start);
                end = Addresses.max(end, a.end);
                busy.remove(a.start);
                a.state = AreaState.PURGED;
                lazyPages -= (a.end - a.start) / space.pageSize();
                lazyBytes -= a.end - a.start;
            }
            n = lazy.size();
            lazy.clear();
            purges++;
            purgedAreas += n;
        }
        listener.purgeVmapAreaLazy(start, end, n);
        return true;
    }

    @Override
    public synchronized VmapStats stats() {
        VmapSnapshot s = snapshot();
        return new VmapStats(space.size(), liveBytes, lazyBytes, s.bytes(VmapSnapshot.Kind.FREE),
                s.count(VmapSnapshot.Kind.BUSY), s.count(VmapSnapshot.Kind.LAZY), s.count(VmapSnapshot.Kind.FREE),
                s.largestFree(), peakLive, peakLazy, allocations, failures, frees, searches, purges, purgedAreas, purges,
                notifierRounds, lazyPages, lazyMax, 0, 0, 0, 0);
    }

    @Override
    public synchronized VmapSnapshot snapshot() {
        List<VmapSnapshot.Range> ranges = new ArrayList<>();
        long cursor = space.start();
        for (Area a : busy.values()) {
            if (a.start != cursor) {
                ranges.add(new VmapSnapshot.Range(cursor, a.start, VmapSnapshot.Kind.FREE, ""));
            }
            ranges.add(new VmapSnapshot.Range(a.start, a.end,
                    a.state == AreaState.LIVE ? VmapSnapshot.Kind.BUSY : VmapSnapshot.Kind.LAZY, a.owner));
            cursor = a.end;
        }
        if (cursor != space.end()) {
            ranges.add(new VmapSnapshot.Range(cursor, space.end(), VmapSnapshot.Kind.FREE, ""));
        }
        return new VmapSnapshot(space, ranges);
    }

    @Override
    public String toString() {
        return "FirstFitAllocator[" + name + ", " + space + "]";
    }
}
