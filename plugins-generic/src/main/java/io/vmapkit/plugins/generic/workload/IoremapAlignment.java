package io.vmapkit.plugins.generic.workload;

/**
 * The alignment the kernel gives an ioremap ({@code __get_vm_area_node} with {@code VM_IOREMAP}):
 * the size rounded up to a power of two, at least one page and at most
 * {@code 1 << IOREMAP_MAX_ORDER}, computed from the size without the guard page. The generic
 * default of {@code IOREMAP_MAX_ORDER} is {@code 7 + PAGE_SHIFT} (512 KiB with 4 KiB pages);
 * architectures with huge vmap mappings raise it, hence the parameter. Stateless.
 */
final class IoremapAlignment {

    private IoremapAlignment() {}

    /**
     * @param size the mapping's size in bytes, a page multiple, &gt; 0
     * @param page the page size, a power of two
     * @param maxAlign {@code 1 << IOREMAP_MAX_ORDER}, a power of two ≥ {@code page}
     * @return the alignment in bytes
     */
    static long of(long size, long page, long maxAlign) {
        long pow = Long.highestOneBit(size);
        if (pow < size) {
            pow <<= 1; // get_count_order: round up
        }
        return Math.min(Math.max(pow, page), maxAlign);
    }
}
