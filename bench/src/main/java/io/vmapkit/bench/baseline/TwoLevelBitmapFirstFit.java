package io.vmapkit.bench.baseline;

/**
 * First fit over a bitmap of pages with a summary level: one bit per page (set = allocated) in
 * {@code long} words, and one summary bit per word, set when the word is full, so a search skips 64
 * full words per summary word. This is the "bitmap floor" baseline: a fast
 * path of a few ns, still linear in the number of non-full words before the fit.
 *
 * <p>The lowest run of {@code n} free pages is found word by word, carrying a run across word
 * boundaries; a full word (skipped through the summary) breaks the run. Within a word, a run of up
 * to 64 pages is found with log2(n) shift-and steps rather than by walking the word's runs, so a
 * search costs a few operations per non-full word before the fit. Pages past the capacity in the
 * last word are permanently marked allocated, so the search never returns them.
 *
 * <p>Memory: {@code capacity / 8} bytes plus 1/64 of that for the summary, independent of how
 * many areas are live. Not thread-safe.
 */
public final class TwoLevelBitmapFirstFit implements PageRangeAllocator {

    /** The largest capacity, 2^36 pages (an 8 GiB bitmap): word indexes stay far inside an {@code int}. */
    public static final long MAX_CAPACITY = 1L << 36;

    private final long capacity;
    private final long[] words;
    private final long[] summary;
    private long freePages;

    /**
     * An allocator over {@code [0, capacity)} pages, all free.
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive or above {@link #MAX_CAPACITY}
     */
    public TwoLevelBitmapFirstFit(long capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " must be between 1 and " + MAX_CAPACITY + " pages");
        }
        this.capacity = capacity;
        int nwords = (int) ((capacity + 63) >>> 6);
        this.words = new long[nwords];
        this.summary = new long[(nwords + 63) >>> 6];
        int tail = (int) (capacity & 63);
        if (tail != 0) {
            words[nwords - 1] = -1L << tail; // pages beyond the capacity: never free
        }
        for (int w = nwords; w < summary.length << 6; w++) {
            summary[w >>> 6] |= 1L << w; // summary bits beyond the last word: "full"
        }
        this.freePages = capacity;
    }

    @Override
    public long alloc(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("page count " + pages + " must be at least 1");
        }
        final int nwords = words.length;
        long runStart = 0;
        long runLen = 0;
        int prev = -2;
        for (int w = nextNonFull(0); w < nwords; w = nextNonFull(w + 1)) {
            if (w != prev + 1) {
                runLen = 0; // a full word lies between: the run is broken
            }
            prev = w;
            long used = words[w];
            long base = (long) w << 6;
            if (used == 0) {
                if (runLen == 0) {
                    runStart = base;
                }
                runLen += 64;
                if (runLen >= pages) {
                    return take(runStart, pages);
                }
                continue;
            }
            // A run carried in from the previous word continues through this word's low free bits.
            if (runLen > 0) {
                runLen += Long.numberOfTrailingZeros(used);
                if (runLen >= pages) {
                    return take(runStart, pages);
                }
            }
            // A run inside this word: bit i of m is set iff pages i .. i+pages-1 are all free.
            if (pages <= 64) {
                long m = runsOf(~used, pages);
                if (m != 0) {
                    return take(base + Long.numberOfTrailingZeros(m), pages);
                }
            }
            // Otherwise only the free bits at the top can start a run that goes on in the next word.
            runLen = Long.numberOfLeadingZeros(used);
            runStart = base + 64 - runLen;
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
        for (long p = page; p < end; ) {
            int w = (int) (p >>> 6);
            long wordEnd = Math.min(end, ((long) w + 1) << 6);
            long mask = mask((int) (p & 63), (int) (wordEnd - ((long) w << 6)));
            if ((words[w] & mask) != mask) {
                throw new IllegalArgumentException("range [" + page + ", " + end + ") is not entirely allocated: "
                        + "double free or overlap");
            }
            p = wordEnd;
        }
        for (long p = page; p < end; ) {
            int w = (int) (p >>> 6);
            long wordEnd = Math.min(end, ((long) w + 1) << 6);
            words[w] &= ~mask((int) (p & 63), (int) (wordEnd - ((long) w << 6)));
            summary[w >>> 6] &= ~(1L << w);
            p = wordEnd;
        }
        freePages += pages;
    }

    @Override
    public boolean isFree(long page) {
        return page >= 0 && page < capacity && (words[(int) (page >>> 6)] & (1L << page)) == 0;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long freePages() {
        return freePages;
    }

    @Override
    public String toString() {
        return "TwoLevelBitmapFirstFit[capacity=" + capacity + ", free=" + freePages + " pages]";
    }

    /** Marks {@code [start, start + pages)} allocated; the caller found it free. */
    private long take(long start, int pages) {
        long end = start + pages;
        for (long p = start; p < end; ) {
            int w = (int) (p >>> 6);
            long wordEnd = Math.min(end, ((long) w + 1) << 6);
            words[w] |= mask((int) (p & 63), (int) (wordEnd - ((long) w << 6)));
            if (words[w] == -1L) {
                summary[w >>> 6] |= 1L << w;
            }
            p = wordEnd;
        }
        freePages -= pages;
        return start;
    }

    /** The first word at or after {@code from} that is not full, or {@code words.length}. */
    private int nextNonFull(int from) {
        if (from >= words.length) {
            return words.length;
        }
        int s = from >>> 6;
        long m = ~summary[s] & (-1L << from);
        while (m == 0) {
            if (++s >= summary.length) {
                return words.length;
            }
            m = ~summary[s];
        }
        return (s << 6) + Long.numberOfTrailingZeros(m);
    }

    /**
     * Bit i of the result is set iff bits i .. i+n-1 of {@code free} are all set (runs do not wrap
     * past bit 63): log2(n) shift-and steps instead of a walk over the runs.
     */
    private static long runsOf(long free, int n) {
        long m = free;
        int have = 1;
        while (have < n && m != 0) {
            int shift = Math.min(have, n - have);
            m &= m >>> shift;
            have += shift;
        }
        return m;
    }

    /** Bits {@code [lo, hi)} of a word, {@code 0 <= lo < hi <= 64}. */
    private static long mask(int lo, int hi) {
        long upTo = hi == 64 ? -1L : (1L << hi) - 1;
        return upTo & (-1L << lo);
    }
}
