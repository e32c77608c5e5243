package io.vmapkit.api.vmap;

import static io.vmapkit.api.Addresses.hex;

import io.vmapkit.api.Addresses;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every range of an address space at one instant, in address order: each live area, each lazy
 * area and each maximal free block. For visualisation and invariant checks.
 *
 * @param space the address space
 * @param ranges the ranges in ascending address order; immutable
 */
public record VmapSnapshot(AddressSpace space, List<Range> ranges) {

    /** What a range is. */
    public enum Kind {
        /** A live area. */
        BUSY,
        /** A lazily freed area waiting for a purge. */
        LAZY,
        /** A free block. */
        FREE
    }

    /**
     * One range {@code [start, end)}.
     *
     * @param start first address, unsigned
     * @param end address past the range, unsigned
     * @param kind what the range is
     * @param owner the owner of a busy or lazy area; empty string for none and for free blocks
     */
    public record Range(long start, long end, Kind kind, String owner) {
        /**
         * @throws IllegalArgumentException if the range is empty or inverted
         */
        public Range {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(owner, "owner");
            if (!Addresses.lessThan(start, end)) {
                throw new IllegalArgumentException("range [" + hex(start) + ", " + hex(end) + ") is empty or inverted");
            }
        }

        /** {@code end - start}. */
        public long size() {
            return end - start;
        }

        /** The owner, if any. */
        public Optional<String> ownerName() {
            return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
        }

        @Override
        public String toString() {
            return kind + "[" + hex(start) + ", " + hex(end) + ")" + (owner.isEmpty() ? "" : " " + owner);
        }
    }

    /** @param ranges copied */
    public VmapSnapshot {
        Objects.requireNonNull(space, "space");
        ranges = List.copyOf(ranges);
    }

    /** Total bytes of ranges of {@code kind}. */
    public long bytes(Kind kind) {
        long sum = 0;
        for (Range r : ranges) {
            if (r.kind() == kind) {
                sum += r.size();
            }
        }
        return sum;
    }

    /** The number of ranges of {@code kind}. */
    public long count(Kind kind) {
        return ranges.stream().filter(r -> r.kind() == kind).count();
    }

    /** The size of the largest free block, 0 if none. */
    public long largestFree() {
        long max = 0;
        for (Range r : ranges) {
            if (r.kind() == Kind.FREE && Addresses.greaterThan(r.size(), max)) {
                max = r.size();
            }
        }
        return max;
    }

    /**
     * Checks the snapshot's own consistency: ranges in order, none overlapping, all inside the
     * space, no two free blocks adjacent (free blocks are maximal), and together they tile the
     * space exactly.
     *
     * @return a description of the first violation, or empty if consistent
     */
    public Optional<String> violation() {
        long cursor = space.start();
        Range previous = null;
        for (Range r : ranges) {
            if (r.start() != cursor) {
                return Optional.of((Addresses.lessThan(r.start(), cursor) ? "overlap" : "gap")
                        + " at " + hex(cursor) + " before " + r);
            }
            if (previous != null && previous.kind() == Kind.FREE && r.kind() == Kind.FREE) {
                return Optional.of("adjacent free blocks " + previous + " and " + r + " are not merged");
            }
            if (!space.contains(r.start(), r.end())) {
                return Optional.of(r + " lies outside " + space);
            }
            cursor = r.end();
            previous = r;
        }
        if (cursor != space.end()) {
            return Optional.of("ranges end at " + hex(cursor) + ", not at the space end " + hex(space.end()));
        }
        return Optional.empty();
    }
}
