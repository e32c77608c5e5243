package io.vmapkit.bench.baseline;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simplest first fit a Java user would write: a {@link TreeMap} of free ranges, start page to
 * end page (exclusive), walked in address order until one is long enough; frees merge with the
 * range ending at the freed start and the range starting at the freed end.
 *
 * <p>Allocation is O(number of free ranges before the fit), freeing O(log n); keys and values are
 * boxed {@code Long}s, as such code usually is. Not thread-safe.
 */
public final class TreeMapFirstFit implements PageRangeAllocator {

    private final long capacity;
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long freePages;

    /**
     * An allocator over {@code [0, capacity)} pages, all free.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public TreeMapFirstFit(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least one page");
        }
        this.capacity = capacity;
        this.free.put(0L, capacity);
        this.freePages = capacity;
    }

    @Override
    public long alloc(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("page count " + pages + " must be at least 1");
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long start = e.getKey();
            long end = e.getValue();
            if (end - start >= pages) {
                if (end - start == pages) {
                    free.remove(start);
                } else {
                    // Replacing the key means remove + put: the entry's key is immutable.
                    free.remove(start);
                    free.put(start + pages, end);
                }
                freePages -= pages;
                return start;
            }
        }
        return -1;
    }

    @Override
    public void free(long page, int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("page count " + pages + " must be at least 1");
        }
        if (page < 0 || page > capacity - pages) {
            throw new IllegalArgumentException("range [" + page + ", " + (page + pages) + ") lies outside [0, "
                    + capacity + ")");
        }
        long end = page + pages;
        Map.Entry<Long, Long> below = free.floorEntry(page);
        Map.Entry<Long, Long> above = free.ceilingEntry(page);
        if ((below != null && below.getValue() > page) || (above != null && above.getKey() < end)) {
            throw new IllegalArgumentException("range [" + page + ", " + end + ") is not entirely allocated: "
                    + "double free or overlap");
        }
        long start = page;
        if (below != null && below.getValue() == page) {
            start = below.getKey(); // merge with the range ending here: extend it in place
        }
        if (above != null && above.getKey() == end) {
            end = above.getValue();
            free.remove(above.getKey());
        }
        free.put(start, end);
        freePages += pages;
    }

    @Override
    public boolean isFree(long page) {
        if (page < 0 || page >= capacity) {
            return false;
        }
        Map.Entry<Long, Long> e = free.floorEntry(page);
        return e != null && e.getValue() > page;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long freePages() {
        return freePages;
    }

    /** The number of free ranges (maximal runs of free pages). */
    public int freeRanges() {
        return free.size();
    }

    @Override
    public String toString() {
        return "TreeMapFirstFit[capacity=" + capacity + ", free=" + freePages + " pages in " + free.size() + " ranges]";
    }
}
