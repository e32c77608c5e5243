package io.vmapkit.api.vmap;

import static io.vmapkit.api.Addresses.bytes;
import static io.vmapkit.api.Addresses.hex;

import io.vmapkit.api.Addresses;
import java.util.Objects;

/**
 * The range of virtual addresses an allocator manages: {@code [start, end)} with a page size.
 *
 * <p>Addresses are unsigned 64-bit values. Both bounds are page-aligned and {@code start < end}
 * (unsigned), so the highest possible end is {@code 2^64 - pageSize}: a space never ends at 2^64,
 * which keeps "end" representable in a {@code long}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AddressSpace {

    /** The x86 page size, 4096 bytes. */
    public static final int DEFAULT_PAGE_SIZE = 4096;

    /** x86-32 {@code PAGE_OFFSET}: where the kernel's direct map of low memory starts. */
    public static final long X86_32_PAGE_OFFSET = 0xC000_0000L;

    /**
     * x86-32 {@code VMALLOC_END} on a HIGHMEM kernel: {@code PKMAP_BASE - 2 * PAGE_SIZE} with
     * {@code PKMAP_BASE = 0xff800000}.
     */
    public static final long X86_32_VMALLOC_END = 0xFF80_0000L - 2 * DEFAULT_PAGE_SIZE;

    /** x86-32 {@code VMALLOC_OFFSET}: the 8 MiB gap between the end of low memory and VMALLOC_START. */
    public static final long X86_32_VMALLOC_OFFSET = 8L << 20;

    /** x86-32 default {@code __VMALLOC_RESERVE}, 128 MiB; {@code vmalloc=<size>} sets it to size + VMALLOC_OFFSET. */
    public static final long X86_32_DEFAULT_RESERVE = 128L << 20;

    /** x86-64 4-level paging {@code VMALLOC_START}. */
    public static final long X86_64_VMALLOC_START = 0xffff_c900_0000_0000L;

    /** x86-64 4-level paging vmalloc size, 32 TiB. */
    public static final long X86_64_VMALLOC_SIZE = 32L << 40;

    private static final int MIN_PAGE_SIZE = 256;
    private static final int MAX_PAGE_SIZE = 1 << 30;

    private final String name;
    private final long start;
    private final long end;
    private final int pageSize;

    private AddressSpace(String name, long start, long end, int pageSize) {
        this.name = name;
        this.start = start;
        this.end = end;
        this.pageSize = pageSize;
    }

    /**
     * A space of {@code size} bytes at {@code start} with 4 KiB pages.
     *
     * @throws IllegalArgumentException as {@link #of(String, long, long, int)}
     */
    public static AddressSpace of(long start, long size) {
        return of("custom", start, size, DEFAULT_PAGE_SIZE);
    }

    /**
     * A named space of {@code size} bytes at {@code start}.
     *
     * @param name a label for reports
     * @param start page-aligned unsigned start address
     * @param size page-multiple unsigned size; {@code start + size} must not reach 2^64
     * @param pageSize a power of two from 256 to 2^30
     * @throws IllegalArgumentException naming the bad value
     */
    public static AddressSpace of(String name, long start, long size, int pageSize) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("address space name must not be blank");
        }
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException(
                    "page size " + pageSize + " is not a power of two between " + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE);
        }
        if (!Addresses.isAligned(start, pageSize)) {
            throw new IllegalArgumentException(
                    "address space start " + hex(start) + " is not aligned to the page size " + pageSize);
        }
        if (size == 0) {
            throw new IllegalArgumentException("address space size must not be 0");
        }
        if (!Addresses.isAligned(size, pageSize)) {
            throw new IllegalArgumentException(
                    "address space size " + bytes(size) + " is not a multiple of the page size " + pageSize);
        }
        long end = start + size;
        if (Addresses.addWraps(start, size)) {
            throw new IllegalArgumentException("address space " + hex(start) + " + " + bytes(size)
                    + " reaches or wraps past 2^64; the highest end is 2^64 - page size");
        }
        return new AddressSpace(name, start, end, pageSize);
    }

    /**
     * The x86-32 vmalloc area with the default 128 MiB reserve: 120 MiB usable, as
     * {@code VmallocTotal: 122880 kB} reports.
     */
    public static AddressSpace x86_32() {
        return x86_32(X86_32_DEFAULT_RESERVE);
    }

    /**
     * The x86-32 vmalloc area for a given {@code __VMALLOC_RESERVE}.
     *
     * <p>The layout follows {@code arch/x86}: VMALLOC_END is {@link #X86_32_VMALLOC_END}; low
     * memory ends {@code reserve} bytes below it ({@code MAXMEM = VMALLOC_END - PAGE_OFFSET -
     * __VMALLOC_RESERVE}), and VMALLOC_START lies {@link #X86_32_VMALLOC_OFFSET} above that. With
     * the default reserve that gives 120 MiB at {@code 0xf7ffe000}, leaving ≈888 MiB of low memory
     * (the nominal "896 MiB" counts the pkmap and fixmap area at the top).
     *
     * @param reserve {@code __VMALLOC_RESERVE} in bytes; {@code vmalloc=<size>} on the kernel
     *     command line sets it to size + 8 MiB
     * @throws IllegalArgumentException if the reserve is not a page multiple, leaves no vmalloc
     *     space, or leaves less than 16 MiB of low memory
     */
    public static AddressSpace x86_32(long reserve) {
        if (reserve <= X86_32_VMALLOC_OFFSET || !Addresses.isAligned(reserve, DEFAULT_PAGE_SIZE)) {
            throw new IllegalArgumentException("x86_32 vmalloc reserve " + bytes(reserve)
                    + " must be a page multiple larger than VMALLOC_OFFSET (8 MiB)");
        }
        long lowmem = X86_32_VMALLOC_END - X86_32_PAGE_OFFSET - reserve;
        if (lowmem < (16L << 20)) {
            throw new IllegalArgumentException("x86_32 vmalloc reserve " + bytes(reserve)
                    + " leaves " + bytes(Math.max(lowmem, 0)) + " of low memory; at least 16 MiB is needed");
        }
        long start = X86_32_PAGE_OFFSET + lowmem + X86_32_VMALLOC_OFFSET;
        return new AddressSpace("x86_32", start, X86_32_VMALLOC_END, DEFAULT_PAGE_SIZE);
    }

    /** The x86-64 (4-level paging) vmalloc area: 32 TiB at {@code 0xffffc90000000000}. */
    public static AddressSpace x86_64() {
        return of("x86_64", X86_64_VMALLOC_START, X86_64_VMALLOC_SIZE, DEFAULT_PAGE_SIZE);
    }

    /**
     * A preset by name: {@code x86_32} or {@code x86_64}.
     *
     * @throws IllegalArgumentException naming the unknown preset
     */
    public static AddressSpace preset(String name) {
        switch (Objects.requireNonNull(name, "name")) {
            case "x86_32": return x86_32();
            case "x86_64": return x86_64();
            default: throw new IllegalArgumentException("unknown address space preset '" + name + "' (known: x86_32, x86_64)");
        }
    }

    /** A label for reports: the preset name or "custom". */
    public String name() {
        return name;
    }

    /** The first address (unsigned). */
    public long start() {
        return start;
    }

    /** The address just past the space (unsigned, exclusive). */
    public long end() {
        return end;
    }

    /** {@code end - start} in bytes (unsigned; at most 2^64 - pageSize). */
    public long size() {
        return end - start;
    }

    /** The page size in bytes. */
    public int pageSize() {
        return pageSize;
    }

    /** The number of pages in the space. */
    public long pages() {
        return Long.divideUnsigned(size(), pageSize);
    }

    /** Whether {@code addr} lies in {@code [start, end)}. */
    public boolean contains(long addr) {
        return Addresses.greaterOrEqual(addr, start) && Addresses.lessThan(addr, end);
    }

    /** Whether the range {@code [from, to)} lies inside the space (and is not inverted). */
    public boolean contains(long from, long to) {
        return Addresses.greaterOrEqual(from, start) && Addresses.lessOrEqual(to, end) && Addresses.lessOrEqual(from, to);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AddressSpace)) {
            return false;
        }
        AddressSpace s = (AddressSpace) o;
        return start == s.start && end == s.end && pageSize == s.pageSize && name.equals(s.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, start, end, pageSize);
    }

    @Override
    public String toString() {
        return name + "[" + hex(start) + ", " + hex(end) + ") " + Addresses.human(size()) + ", page " + pageSize;
    }
}
