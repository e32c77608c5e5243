package io.vmapkit.reliability.oracle;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A deliberately simple model of the vmap allocator, written from docs/fidelity.md §1, §5 and §7 and
 * sharing no code with the allocator module (nor with that module's own oracle): the free space
 * is an address-ordered list of maximal free blocks, a request is placed in the first block of the
 * list that can hold it (a linear scan, the kernel's {@code DEBUG_AUGMENT_LOWEST_MATCH_CHECK}
 * reference), frees are lazy and purge when the lazy page count exceeds the threshold, and the
 * overflow path runs search → purge → search → notifier → (freed &gt; 0: purge and search again)
 * with vmapkit's round cap. Every value is treated as unsigned. Meant to be obviously right, not
 * fast: every operation is O(number of ranges). One thread.
 */
public final class FirstFitModel {

    /** One held range: live until freed, then lazy until purged. */
    public static final class Area {
        final long start;
        final long end;
        final String owner;
        boolean lazy;

        Area(long start, long end, String owner) {
            this.start = start;
            this.end = end;
            this.owner = owner;
        }

        /** First address. */
        public long start() {
            return start;
        }

        /** Address past the area (guard included). */
        public long end() {
            return end;
        }

        @Override
        public String toString() {
            return (lazy ? "LAZY" : "BUSY") + "[" + Addresses.hex(start) + ", " + Addresses.hex(end) + ")";
        }
    }

    /**
     * What an allocation came to.
     *
     * @param area the placed area, or {@code null}
     * @param failure EBUSY or ENOMEM, EINVAL for a rejected request, {@code null} on success
     * @param rounds notifier rounds run
     * @param capReached whether the round cap ended it
     * @param why for EINVAL, what was wrong
     */
    public record Outcome(Area area, Errno failure, int rounds, boolean capReached, String why) {
        /** Whether the request was rejected as invalid. */
        public boolean rejected() {
            return failure == Errno.EINVAL;
        }
    }

    private final AddressSpace space;
    private final long lazyMaxPages;
    private final int maxRounds;
    private final boolean nonBlockingSkipsNotifier;

    /** Free blocks [start, end), address order, maximal: no two touch. */
    private final List<long[]> free = new ArrayList<>();
    /** Held areas (live and lazy), address order. */
    private final List<Area> held = new ArrayList<>();

    long liveBytes;
    long lazyBytes;
    long lazyPages;
    long peakLiveBytes;
    long peakLazyBytes;
    long allocations;
    long failures;
    long frees;
    long searches;
    long purges;
    long purgedAreas;
    long notifierRounds;

    /**
     * @param maxRounds the notifier round cap, -1 for none
     * @param nonBlockingSkipsNotifier whether non-blocking requests skip the notifier
     */
    public FirstFitModel(AddressSpace space, long lazyMaxPages, int maxRounds, boolean nonBlockingSkipsNotifier) {
        this.space = space;
        this.lazyMaxPages = lazyMaxPages;
        this.maxRounds = maxRounds;
        this.nonBlockingSkipsNotifier = nonBlockingSkipsNotifier;
        free.add(new long[] {space.start(), space.end()});
    }

    /**
     * {@code alloc_vmap_area} with its overflow path.
     *
     * @param descriptorFault whether the descriptor allocation fails (ENOMEM, nothing else happens)
     * @param notifier the purge notifier chain as one call returning the round's freed total, or
     *     {@code null} for no chain
     */
    public Outcome allocate(VmapRequest request, boolean descriptorFault, LongSupplier notifier) {
        long ps = space.pageSize();
        long size = request.size();
        long vstart = request.hasWindow() ? request.vstart() : space.start();
        long vend = request.hasWindow() ? request.vend() : space.end();
        long guard = request.has(AllocFlag.NO_GUARD) ? 0 : ps;
        if (Long.remainderUnsigned(size, ps) != 0) {
            return rejected("size not a page multiple");
        }
        if (Addresses.lessThan(vstart, space.start()) || Addresses.greaterThan(vend, space.end())) {
            return rejected("window outside the space");
        }
        long need = size + guard;
        if (Addresses.lessThan(need, size) || Addresses.greaterThan(need, vend - vstart)) {
            return rejected("size + guard larger than the window");
        }
        if (descriptorFault) {
            failures++;
            return new Outcome(null, Errno.ENOMEM, 0, false, "");
        }
        boolean nonBlocking = request.has(AllocFlag.NON_BLOCKING);
        boolean purged = false;
        int rounds = 0;
        boolean cap = false;
        while (true) {
            searches++;
            int block = firstFit(need, request.align(), vstart, vend);
            if (block >= 0) {
                long at = alignedStart(free.get(block), request.align(), vstart);
                return new Outcome(place(block, at, need, request.owner().orElse("")), null, rounds, false, "");
            }
            if (!purged) {
                purge();
                purged = true;
                continue;
            }
            if (notifier == null || nonBlocking && nonBlockingSkipsNotifier) {
                break;
            }
            if (maxRounds != -1 && rounds >= maxRounds) {
                cap = true;
                break;
            }
            rounds++;
            long freed = notifier.getAsLong();
            notifierRounds++;
            if (freed > 0) {
                purged = false;
                continue;
            }
            break;
        }
        failures++;
        return new Outcome(null, Errno.EBUSY, rounds, cap, "");
    }

    private static Outcome rejected(String why) {
        return new Outcome(null, Errno.EINVAL, 0, false, why);
    }

    /** The start a request would get in {@code block}: ALIGN(max(block start, vstart), align). */
    private static long alignedStart(long[] block, long align, long vstart) {
        return Addresses.alignUp(Addresses.max(block[0], vstart), align);
    }

    /** The index of the first free block (address order) that can hold the request, or -1. */
    private int firstFit(long need, long align, long vstart, long vend) {
        for (int i = 0; i < free.size(); i++) {
            long[] b = free.get(i);
            if (Addresses.greaterOrEqual(b[0], vend)) {
                return -1;
            }
            long lo = Addresses.max(b[0], vstart);
            long at = Addresses.alignUp(lo, align);
            if (Addresses.lessThan(at, lo)) {
                continue; // rounding up wrapped past 2^64: no aligned start in this block
            }
            long end = at + need;
            if (Addresses.lessThan(end, at)) {
                continue; // the area would wrap
            }
            if (Addresses.lessOrEqual(end, b[1]) && Addresses.lessOrEqual(end, vend)) {
                return i;
            }
        }
        return -1;
    }

    private Area place(int block, long at, long need, String owner) {
        long[] b = free.remove(block);
        int at0 = block;
        if (Addresses.lessThan(b[0], at)) {
            free.add(at0++, new long[] {b[0], at});
        }
        if (Addresses.lessThan(at + need, b[1])) {
            free.add(at0, new long[] {at + need, b[1]});
        }
        Area a = new Area(at, at + need, owner);
        int i = 0;
        while (i < held.size() && Addresses.lessThan(held.get(i).start, at)) {
            i++;
        }
        held.add(i, a);
        liveBytes += need;
        if (Addresses.greaterThan(liveBytes, peakLiveBytes)) {
            peakLiveBytes = liveBytes;
        }
        allocations++;
        return a;
    }

    /** {@code vfree}: the area becomes lazy; crossing the threshold purges. */
    public void free(Area a) {
        if (a.lazy || !held.contains(a)) {
            throw new IllegalStateException("model: " + a + " is not live");
        }
        a.lazy = true;
        long bytes = a.end - a.start;
        liveBytes -= bytes;
        lazyBytes += bytes;
        if (Addresses.greaterThan(lazyBytes, peakLazyBytes)) {
            peakLazyBytes = lazyBytes;
        }
        lazyPages += bytes / space.pageSize();
        frees++;
        if (lazyPages > lazyMaxPages) {
            purge();
        }
    }

    /** {@code purge_vmap_area_lazy}: every lazy area becomes free; true if there was any. */
    public boolean purge() {
        int n = 0;
        for (int i = held.size() - 1; i >= 0; i--) {
            Area a = held.get(i);
            if (a.lazy) {
                held.remove(i);
                release(a.start, a.end);
                lazyBytes -= a.end - a.start;
                lazyPages -= (a.end - a.start) / space.pageSize();
                n++;
            }
        }
        if (n == 0) {
            return false;
        }
        purges++;
        purgedAreas += n;
        return true;
    }

    /** Returns [start, end) to the free list, merging with touching neighbours. */
    private void release(long start, long end) {
        int i = 0;
        while (i < free.size() && Addresses.lessThan(free.get(i)[0], start)) {
            i++;
        }
        long s = start;
        long e = end;
        if (i > 0 && free.get(i - 1)[1] == start) {
            s = free.remove(--i)[0];
        }
        if (i < free.size() && free.get(i)[0] == end) {
            e = free.remove(i)[1];
        }
        free.add(i, new long[] {s, e});
    }

    /** Every range in address order, as a {@link VmapSnapshot} of the allocator would list it. */
    public List<VmapSnapshot.Range> ranges() {
        List<VmapSnapshot.Range> out = new ArrayList<>();
        int h = 0;
        int f = 0;
        while (h < held.size() || f < free.size()) {
            boolean takeHeld = f == free.size()
                    || h < held.size() && Addresses.lessThan(held.get(h).start, free.get(f)[0]);
            if (takeHeld) {
                Area a = held.get(h++);
                out.add(new VmapSnapshot.Range(a.start, a.end, a.lazy ? VmapSnapshot.Kind.LAZY : VmapSnapshot.Kind.BUSY,
                        a.owner));
            } else {
                long[] b = free.get(f++);
                out.add(new VmapSnapshot.Range(b[0], b[1], VmapSnapshot.Kind.FREE, ""));
            }
        }
        return out;
    }

    /**
     * The model's values of the statistics it models, in the order of {@link #STAT_NAMES}.
     */
    public long[] stats() {
        long largest = 0;
        for (long[] b : free) {
            largest = Addresses.max(largest, b[1] - b[0]);
        }
        long freeBytes = space.size() - liveBytes - lazyBytes;
        long lazyAreas = held.stream().filter(a -> a.lazy).count();
        return new long[] {liveBytes, lazyBytes, freeBytes, held.size() - lazyAreas, lazyAreas, free.size(), largest,
            peakLiveBytes, peakLazyBytes, allocations, failures, frees, searches, purges, purgedAreas, purges,
            notifierRounds, lazyPages};
    }

    /** Names of the values {@link #stats()} returns. */
    public static final List<String> STAT_NAMES = List.of("liveBytes", "lazyBytes", "freeBytes", "liveAreas",
            "lazyAreas", "freeBlocks", "largestFreeBlock", "peakLiveBytes", "peakLazyBytes", "allocations",
            "allocationFailures", "frees", "searches", "purges", "purgedAreas", "tlbFlushes", "notifierRounds", "lazyPages");

    /** Live and lazy areas held. */
    public int heldCount() {
        return held.size();
    }
}
