package io.vmapkit.bench.baseline;

/** The trivial first fit the baselines are checked against: one boolean per page, scanned from 0. */
final class LinearScanOracle {

    private final boolean[] used;
    private long freePages;

    LinearScanOracle(int capacity) {
        used = new boolean[capacity];
        freePages = capacity;
    }

    /** The lowest run of {@code pages} free pages, marked used; -1 if none. */
    long alloc(int pages) {
        int run = 0;
        for (int p = 0; p < used.length; p++) {
            run = used[p] ? 0 : run + 1;
            if (run == pages) {
                int start = p - pages + 1;
                for (int q = start; q <= p; q++) {
                    used[q] = true;
                }
                freePages -= pages;
                return start;
            }
        }
        return -1;
    }

    void free(long page, int pages) {
        for (long q = page; q < page + pages; q++) {
            if (!used[(int) q]) {
                throw new IllegalStateException("oracle: page " + q + " is already free");
            }
            used[(int) q] = false;
        }
        freePages += pages;
    }

    boolean isFree(long page) {
        return !used[(int) page];
    }

    long freePages() {
        return freePages;
    }
}
