package io.vmapkit.api;

/**
 * Unsigned 64-bit address arithmetic on {@code long} values.
 *
 * <p>Kernel addresses are {@code unsigned long}. In Java, {@code 0xffffc90000000000L} (the x86-64
 * VMALLOC_START) is negative and so is an alignment of {@code 1L << 63}; comparing addresses with
 * {@code <} is therefore always a bug. Every helper here treats its arguments as unsigned and never
 * throws on wrap-around: wrapping is reported so callers can fail cleanly, as the kernel's
 * overflow checks do.
 */
public final class Addresses {

    private Addresses() {}

    /** Unsigned {@code a < b}. */
    public static boolean lessThan(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    /** Unsigned {@code a <= b}. */
    public static boolean lessOrEqual(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0;
    }

    /** Unsigned {@code a > b}. */
    public static boolean greaterThan(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    /** Unsigned {@code a >= b}. */
    public static boolean greaterOrEqual(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }

    /** The unsigned minimum. */
    public static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /** The unsigned maximum. */
    public static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    /**
     * Whether {@code a + b} wraps past 2^64 (the kernel's {@code addr + size < addr} test).
     * A sum that lands exactly on 2^64 wraps to 0 and counts as wrapped.
     */
    public static boolean addWraps(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0;
    }

    /** Whether {@code value} is a power of two, read as unsigned ({@code 1L << 63} is one). */
    public static boolean isPowerOfTwo(long value) {
        return value != 0 && (value & (value - 1)) == 0;
    }

    /**
     * The kernel's {@code ALIGN(addr, align)}: {@code addr} rounded up to a multiple of the power
     * of two {@code align}, modulo 2^64. The result wraps to a value below {@code addr} (often 0)
     * when the rounded address does not fit in 64 bits; use {@link #alignUpWraps} to detect that.
     *
     * @param align a power of two; not checked here (this is a hot-path helper)
     */
    public static long alignUp(long addr, long align) {
        long mask = align - 1;
        return (addr + mask) & ~mask;
    }

    /** Whether {@link #alignUp(long, long)} of these arguments wraps past 2^64. */
    public static boolean alignUpWraps(long addr, long align) {
        return Long.compareUnsigned(alignUp(addr, align), addr) < 0;
    }

    /** {@code addr} rounded down to a multiple of the power of two {@code align}. */
    public static long alignDown(long addr, long align) {
        return addr & -align;
    }

    /** Whether {@code addr} is a multiple of the power of two {@code align}. */
    public static boolean isAligned(long addr, long align) {
        return (addr & (align - 1)) == 0;
    }

    /**
     * The kernel's {@code fls(x)}: the 1-based position of the most significant set bit, 0 for 0.
     * Used by {@code lazy_max_pages() = fls(ncpus) * (32 MiB / PAGE_SIZE)}.
     */
    public static int fls(int x) {
        return 32 - Integer.numberOfLeadingZeros(x);
    }

    /** An address as the kernel prints it: {@code 0x} and lower-case hex, unsigned. */
    public static String hex(long addr) {
        return "0x" + Long.toHexString(addr);
    }

    /** A byte count as an unsigned decimal, with a binary-unit hint for large values. */
    public static String bytes(long size) {
        String dec = Long.toUnsignedString(size);
        if (Long.compareUnsigned(size, 1L << 20) >= 0 && size >= 0) {
            return dec + " bytes (" + human(size) + ")";
        }
        return dec + " bytes";
    }

    /** A byte count in the largest binary unit that keeps one decimal ("120.0 MiB"). */
    public static String human(long size) {
        if (size < 0) {
            return Long.toUnsignedString(size) + " B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = size;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? size + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
