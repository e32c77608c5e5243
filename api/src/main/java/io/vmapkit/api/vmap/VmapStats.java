package io.vmapkit.api.vmap;

import java.util.Arrays;

/**
 * A consistent view of an allocator's occupancy and counters.
 *
 * <p>Occupancy always tiles the space: {@code liveBytes + lazyBytes + freeBytes == spaceBytes}.
 * Byte values include guard pages. Counters are cumulative since the allocator was created.
 *
 * <p><b>Growth.</b> This is a final class built with {@link #builder()}, not a record: a counter
 * added later gets a new accessor and a new builder method defaulting to 0, so a provider compiled
 * against an older vmapkit keeps working. Values not set on the builder are 0. Counters specific to
 * one allocator implementation (such as the free tree's split kinds) are not here: the
 * implementation exposes them itself.
 *
 * <p><b>Threading and ownership.</b> Immutable and thread-safe; the allocator makes a new one for
 * every {@link VmapAllocator#stats()} call and keeps no reference to it. A {@link Builder} is not
 * thread-safe and may be reused: {@link Builder#build()} copies its values.
 */
public final class VmapStats {
    private final long spaceBytes;
    private final long liveBytes;
    private final long lazyBytes;
    private final long freeBytes;
    private final long liveAreas;
    private final long lazyAreas;
    private final long freeBlocks;
    private final long largestFreeBlock;
    private final long peakLiveBytes;
    private final long peakLazyBytes;
    private final long allocations;
    private final long allocationFailures;
    private final long frees;
    private final long searches;
    private final long purges;
    private final long purgedAreas;
    private final long tlbFlushes;
    private final long notifierRounds;
    private final long lazyPages;
    private final long lazyMaxPages;

    private VmapStats(Builder b) {
        this.spaceBytes = b.spaceBytes;
        this.liveBytes = b.liveBytes;
        this.lazyBytes = b.lazyBytes;
        this.freeBytes = b.freeBytes;
        this.liveAreas = b.liveAreas;
        this.lazyAreas = b.lazyAreas;
        this.freeBlocks = b.freeBlocks;
        this.largestFreeBlock = b.largestFreeBlock;
        this.peakLiveBytes = b.peakLiveBytes;
        this.peakLazyBytes = b.peakLazyBytes;
        this.allocations = b.allocations;
        this.allocationFailures = b.allocationFailures;
        this.frees = b.frees;
        this.searches = b.searches;
        this.purges = b.purges;
        this.purgedAreas = b.purgedAreas;
        this.tlbFlushes = b.tlbFlushes;
        this.notifierRounds = b.notifierRounds;
        this.lazyPages = b.lazyPages;
        this.lazyMaxPages = b.lazyMaxPages;
    }

    /** A builder with every value at 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this view's values, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.spaceBytes = spaceBytes;
        b.liveBytes = liveBytes;
        b.lazyBytes = lazyBytes;
        b.freeBytes = freeBytes;
        b.liveAreas = liveAreas;
        b.lazyAreas = lazyAreas;
        b.freeBlocks = freeBlocks;
        b.largestFreeBlock = largestFreeBlock;
        b.peakLiveBytes = peakLiveBytes;
        b.peakLazyBytes = peakLazyBytes;
        b.allocations = allocations;
        b.allocationFailures = allocationFailures;
        b.frees = frees;
        b.searches = searches;
        b.purges = purges;
        b.purgedAreas = purgedAreas;
        b.tlbFlushes = tlbFlushes;
        b.notifierRounds = notifierRounds;
        b.lazyPages = lazyPages;
        b.lazyMaxPages = lazyMaxPages;
        return b;
    }

    /** Size of the address space. */
    public long spaceBytes() {
        return spaceBytes;
    }

    /** Bytes held by live areas. */
    public long liveBytes() {
        return liveBytes;
    }

    /** Bytes held by lazily freed, not yet purged areas. */
    public long lazyBytes() {
        return lazyBytes;
    }

    /** Bytes available to allocation. */
    public long freeBytes() {
        return freeBytes;
    }

    /** Number of live areas. */
    public long liveAreas() {
        return liveAreas;
    }

    /** Number of lazy areas. */
    public long lazyAreas() {
        return lazyAreas;
    }

    /** Number of maximal free blocks. */
    public long freeBlocks() {
        return freeBlocks;
    }

    /** Size of the largest free block. */
    public long largestFreeBlock() {
        return largestFreeBlock;
    }

    /** The highest {@code liveBytes} seen. */
    public long peakLiveBytes() {
        return peakLiveBytes;
    }

    /** The highest {@code lazyBytes} seen. */
    public long peakLazyBytes() {
        return peakLazyBytes;
    }

    /** Successful allocations. */
    public long allocations() {
        return allocations;
    }

    /** Allocations that failed (EBUSY or ENOMEM); rejected bad requests do not count. */
    public long allocationFailures() {
        return allocationFailures;
    }

    /** Areas freed (lazily). */
    public long frees() {
        return frees;
    }

    /** Searches of the free space (each retry counts). */
    public long searches() {
        return searches;
    }

    /** Purges that found something to purge. */
    public long purges() {
        return purges;
    }

    /** Areas returned to the free space by purges. */
    public long purgedAreas() {
        return purgedAreas;
    }

    /** TLB flushes counted (one per non-empty purge). */
    public long tlbFlushes() {
        return tlbFlushes;
    }

    /** Purge-notifier chain calls. */
    public long notifierRounds() {
        return notifierRounds;
    }

    /** The lazy counter {@code vmap_lazy_nr}, in pages. */
    public long lazyPages() {
        return lazyPages;
    }

    /** The purge threshold {@code lazy_max_pages()}. */
    public long lazyMaxPages() {
        return lazyMaxPages;
    }

    /** Whether live, lazy and free bytes add up to the space. */
    public boolean tiles() {
        return liveBytes + lazyBytes + freeBytes == spaceBytes;
    }

    private long[] values() {
        return new long[] {
            spaceBytes,
            liveBytes,
            lazyBytes,
            freeBytes,
            liveAreas,
            lazyAreas,
            freeBlocks,
            largestFreeBlock,
            peakLiveBytes,
            peakLazyBytes,
            allocations,
            allocationFailures,
            frees,
            searches,
            purges,
            purgedAreas,
            tlbFlushes,
            notifierRounds,
            lazyPages,
            lazyMaxPages
        };
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof VmapStats && Arrays.equals(values(), ((VmapStats) o).values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    /** Every value by name, in declaration order, as a record would print them. */
    @Override
    public String toString() {
        return "VmapStats["
                + "spaceBytes=" + spaceBytes
                + ", liveBytes=" + liveBytes
                + ", lazyBytes=" + lazyBytes
                + ", freeBytes=" + freeBytes
                + ", liveAreas=" + liveAreas
                + ", lazyAreas=" + lazyAreas
                + ", freeBlocks=" + freeBlocks
                + ", largestFreeBlock=" + largestFreeBlock
                + ", peakLiveBytes=" + peakLiveBytes
                + ", peakLazyBytes=" + peakLazyBytes
                + ", allocations=" + allocations
                + ", allocationFailures=" + allocationFailures
                + ", frees=" + frees
                + ", searches=" + searches
                + ", purges=" + purges
                + ", purgedAreas=" + purgedAreas
                + ", tlbFlushes=" + tlbFlushes
                + ", notifierRounds=" + notifierRounds
                + ", lazyPages=" + lazyPages
                + ", lazyMaxPages=" + lazyMaxPages
                + "]";
    }

    /**
     * Collects the values of a {@link VmapStats}; each setter returns this builder. Unset values
     * are 0. Not thread-safe.
     */
    public static final class Builder {
        private long spaceBytes;
        private long liveBytes;
        private long lazyBytes;
        private long freeBytes;
        private long liveAreas;
        private long lazyAreas;
        private long freeBlocks;
        private long largestFreeBlock;
        private long peakLiveBytes;
        private long peakLazyBytes;
        private long allocations;
        private long allocationFailures;
        private long frees;
        private long searches;
        private long purges;
        private long purgedAreas;
        private long tlbFlushes;
        private long notifierRounds;
        private long lazyPages;
        private long lazyMaxPages;

        private Builder() {}

        /** Sets {@link VmapStats#spaceBytes()}. */
        public Builder spaceBytes(long value) {
            this.spaceBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#liveBytes()}. */
        public Builder liveBytes(long value) {
            this.liveBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#lazyBytes()}. */
        public Builder lazyBytes(long value) {
            this.lazyBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#freeBytes()}. */
        public Builder freeBytes(long value) {
            this.freeBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#liveAreas()}. */
        public Builder liveAreas(long value) {
            this.liveAreas = value;
            return this;
        }

        /** Sets {@link VmapStats#lazyAreas()}. */
        public Builder lazyAreas(long value) {
            this.lazyAreas = value;
            return this;
        }

        /** Sets {@link VmapStats#freeBlocks()}. */
        public Builder freeBlocks(long value) {
            this.freeBlocks = value;
            return this;
        }

        /** Sets {@link VmapStats#largestFreeBlock()}. */
        public Builder largestFreeBlock(long value) {
            this.largestFreeBlock = value;
            return this;
        }

        /** Sets {@link VmapStats#peakLiveBytes()}. */
        public Builder peakLiveBytes(long value) {
            this.peakLiveBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#peakLazyBytes()}. */
        public Builder peakLazyBytes(long value) {
            this.peakLazyBytes = value;
            return this;
        }

        /** Sets {@link VmapStats#allocations()}. */
        public Builder allocations(long value) {
            this.allocations = value;
            return this;
        }

        /** Sets {@link VmapStats#allocationFailures()}. */
        public Builder allocationFailures(long value) {
            this.allocationFailures = value;
            return this;
        }

        /** Sets {@link VmapStats#frees()}. */
        public Builder frees(long value) {
            this.frees = value;
            return this;
        }

        /** Sets {@link VmapStats#searches()}. */
        public Builder searches(long value) {
            this.searches = value;
            return this;
        }

        /** Sets {@link VmapStats#purges()}. */
        public Builder purges(long value) {
            this.purges = value;
            return this;
        }

        /** Sets {@link VmapStats#purgedAreas()}. */
        public Builder purgedAreas(long value) {
            this.purgedAreas = value;
            return this;
        }

        /** Sets {@link VmapStats#tlbFlushes()}. */
        public Builder tlbFlushes(long value) {
            this.tlbFlushes = value;
            return this;
        }

        /** Sets {@link VmapStats#notifierRounds()}. */
        public Builder notifierRounds(long value) {
            this.notifierRounds = value;
            return this;
        }

        /** Sets {@link VmapStats#lazyPages()}. */
        public Builder lazyPages(long value) {
            this.lazyPages = value;
            return this;
        }

        /** Sets {@link VmapStats#lazyMaxPages()}. */
        public Builder lazyMaxPages(long value) {
            this.lazyMaxPages = value;
            return this;
        }

        /** A view holding the values set so far. */
        public VmapStats build() {
            return new VmapStats(this);
        }
    }
}
