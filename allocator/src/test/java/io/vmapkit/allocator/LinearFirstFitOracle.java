package io.vmapkit.allocator;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately simple model of the whole allocator for differential tests: held ranges (live
 * and lazy) in an address-sorted list, placement by a linear walk over the gaps, lazy frees that
 * purge when the lazy page count exceeds the threshold, and the overflow path without a notifier
 * (search, purge, search, fail). It shares no code with the allocator; it is meant to be obviously
 * right rather than fast.
 */
final class LinearFirstFitOracle {

    /** A held range. */
    static final class Entry {
        final long start;
        final long end;
        boolean lazy;

        Entry(long start, long end) {
            this.start = start;
            this.end = end;
        }

        @Override
        public String toString() {
            return (lazy ? "LAZY" : "BUSY") + "[" + Addresses.hex(start) + ", " + Addresses.hex(end) + ")";
        }
    }

    private final AddressSpace space;
    private final long lazyMaxPages;
    private final List<Entry> held = new ArrayList<>();
    private long lazyPages;
    long purges;

    LinearFirstFitOracle(AddressSpace space, long lazyMaxPages) {
        this.space = space;
        this.lazyMaxPages = lazyMaxPages;
    }

    /** Allocates with the overflow path; {@code null} means EBUSY. */
    Entry allocate(long size, long align, long vstart, long vend) {
        long at = firstFit(size, align, vstart, vend);
        if (!found) {
            purge();
            at = firstFit(size, align, vstart, vend);
            if (!found) {
                return null;
            }
        }
        return reserveAt(at, size);
    }

    private boolean found;

    /** The lowest aligned start in [vstart, vend) whose range is free; sets {@link #found}. */
    long firstFit(long size, long align, long vstart, long vend) {
        found = false;
        long cursor = space.start();
        for (int i = 0; i <= held.size(); i++) {
            long gapEnd = i < held.size() ? held.get(i).start : space.end();
            long lo = Addresses.max(cursor, vstart);
            if (Addresses.lessThan(lo, gapEnd)) {
                long c = Addresses.alignUp(lo, align);
                if (Addresses.lessThan(c, lo) || Addresses.addWraps(c, size)) {
                    return 0; // no aligned start at or above lo exists
                }
                long hi = Addresses.min(gapEnd, vend);
                if (Addresses.lessOrEqual(c + size, hi)) {
                    found = true;
                    return c;
                }
            }
            if (i < held.size()) {
                cursor = held.get(i).end;
            }
        }
        return 0;
    }

    Entry reserveAt(long start, long size) {
        Entry e = new Entry(start, start + size);
        int i = 0;
        while (i < held.size() && Addresses.lessThan(held.get(i).start, start)) {
            i++;
        }
        if (i > 0 && Addresses.greaterThan(held.get(i - 1).end, start)
                || i < held.size() && Addresses.greaterThan(e.end, held.get(i).start)) {
            throw new AssertionError("oracle: " + e + " overlaps a held range");
        }
        held.add(i, e);
        return e;
    }

    /** Removes a range as if it had never been allocated (re-synchronisation after a documented divergence). */
    void undo(Entry e) {
        if (!held.remove(e)) {
            throw new AssertionError("oracle: " + e + " is not held");
        }
    }

    void free(Entry e) {
        if (e.lazy) {
            throw new AssertionError("oracle: double free of " + e);
        }
        e.lazy = true;
        lazyPages += (e.end - e.start) / space.pageSize();
        if (lazyPages > lazyMaxPages) {
            purge();
        }
    }

    boolean purge() {
        boolean any = held.removeIf(e -> e.lazy);
        lazyPages = 0;
        if (any) {
            purges++;
        }
        return any;
    }

    List<Entry> held() {
        return held;
    }

    long lazyPages() {
        return lazyPages;
    }
}
