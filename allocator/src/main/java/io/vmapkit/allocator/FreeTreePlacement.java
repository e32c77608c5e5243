package io.vmapkit.allocator;

import static io.vmapkit.allocator.RangeTree.NIL;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.vmap.AddressSpace;

/**
 * The 5.2+ placement (docs/fidelity.md §3): free blocks in an address-ordered tree augmented with
 * {@code subtree_max_size}, searched for the lowest match, split four ways, merged with both
 * neighbours when a purge returns a range.
 *
 * <h2>Search (§3.2)</h2>
 * {@link #findLowestMatch} is {@code find_vmap_lowest_match}: it descends left while the left
 * subtree's max is at least the search length and {@code vstart} lies below the node, checks the
 * node, descends right while the right subtree's max is at least the length, and otherwise climbs
 * back toward the root checking each parent and then its right subtree; entering a right subtree
 * on the way back shifts {@code vstart := parent.va_start + 1} so the same subtree is not searched
 * twice. The search length is {@link #searchLength} of the configured {@link FreeTreeSearch}:
 * <ul>
 *   <li>{@code lowest-fit} (default, the 2021 fix for every alignment): {@code size}. Pruning then
 *       uses only necessary conditions, so the result is exactly the first free block in address
 *       order that holds the request after alignment, for any alignment: the placement of
 *       {@code busy-list} and of the linear oracle.</li>
 *   <li>{@code 5.2}: {@code size + align - 1} always.</li>
 *   <li>{@code 6.x} ({@code adjust_search_size}): {@code size} if {@code align <= PAGE_SIZE} or
 *       {@code vend - vstart == size}, else {@code size + align - 1}.</li>
 * </ul>
 * A longer length prunes blocks that fit only thanks to a favourable alignment, so {@code 5.2} and
 * {@code 6.x} may place a request higher than the lowest fit, or fail where it exists; they are not
 * placement-identical to {@code busy-list} by design.
 *
 * <h2>Splits (§3.3) and merges (§3.4)</h2>
 * FL removes the block, LE and RE shrink it in place, NE shrinks it to the part above the request
 * and inserts the part below as the block's in-order predecessor (no second search). NE needs a
 * node; the {@link FaultInjector#NE_FIT_NODE} fault stands for the kernel failing to get one, and
 * makes the search fail. A released range is merged with the next block if it starts at the
 * range's end, with the previous one if it ends at the range's start, or inserted alone, so free
 * blocks are always maximal. A released range that overlaps a free block is a model bug
 * ({@code "vmalloc bug"}) and throws {@link IllegalStateException}.
 *
 * <p>Not thread-safe; runs under the core's lock.
 */
final class FreeTreePlacement extends Placement {

    private final RangeTree tree;
    private final FaultInjector faults;
    private final FreeTreeSearch search;
    private final long pageSize;
    private final long[] fits = new long[5];
    private long freeBytes;
    private int lastFit;

    FreeTreePlacement(AddressSpace space, FaultInjector faults, FreeTreeSearch search) {
        this.faults = faults;
        this.search = search;
        this.pageSize = space.pageSize();
        this.tree = new RangeTree(16);
        tree.insert(space.start(), space.end());
        this.freeBytes = space.size();
    }

    @Override
    long reserve(long size, long align, long vstart, long vend) {
        int va = findLowestMatch(size, align, vstart, searchLength(search, size, align, vstart, vend));
        long nvaStart = startIn(va, size, align, vstart, vend);
        if (nvaStart == vend) {
            return vend;
        }
        if (!adjustToFit(va, nvaStart, size)) {
            return vend;
        }
        freeBytes -= size;
        return nvaStart;
    }

    /**
     * Where {@code variant} would place the request in the current free blocks, without placing it
     * (tests compare the variants on one state).
     *
     * @return the start, or {@code vend} if the search finds nothing
     */
    long peek(FreeTreeSearch variant, long size, long align, long vstart, long vend) {
        return startIn(findLowestMatch(size, align, vstart, searchLength(variant, size, align, vstart, vend)),
                size, align, vstart, vend);
    }

    /**
     * The caller's part of {@code __alloc_vmap_area}: the aligned start in the found block, or
     * {@code vend} if none was found or the request would end beyond {@code vend}.
     */
    private long startIn(int va, long size, long align, long vstart, long vend) {
        if (va == NIL) {
            return vend;
        }
        long blockStart = tree.start(va);
        long nvaStart = Addresses.alignUp(Addresses.greaterThan(blockStart, vstart) ? blockStart : vstart, align);
        // isWithin already ruled out wrap-around; the window's end is checked only now, as the
        // kernel does: a lower block cannot fit below vend if this one does not.
        if (Addresses.greaterThan(nvaStart + size, vend)) {
            return vend;
        }
        return nvaStart;
    }

    /**
     * The search length of {@code variant} (docs/fidelity.md §3.2 table): {@code size} for
     * {@code lowest-fit}; {@code size + align - 1} for {@code 5.2}; for {@code 6.x}
     * ({@code adjust_search_size}) {@code size} when {@code align <= PAGE_SIZE} or the window
     * {@code vend - vstart} is exactly {@code size}, else {@code size + align - 1}. All unsigned; a
     * sum past 2^64 saturates at 2^64 - 1, longer than any block.
     */
    long searchLength(FreeTreeSearch variant, long size, long align, long vstart, long vend) {
        boolean adjust;
        switch (variant) {
            case KERNEL_5_2:
                adjust = true;
                break;
            case KERNEL_6_X:
                adjust = Addresses.greaterThan(align, pageSize) && vend - vstart != size;
                break;
            default:
                adjust = false;
        }
        if (!adjust) {
            return size;
        }
        long overhead = align - 1;
        return Addresses.addWraps(size, overhead) ? -1L : size + overhead;
    }

    /**
     * {@code find_vmap_lowest_match} with the climb of the 2021 fix and 6.x's vstart shift,
     * searching with {@code length}.
     *
     * @return with {@code length == size}, the lowest free block that holds the request; with a
     *     longer length, the lowest block the pruned descent reaches that holds it; or
     *     {@link RangeTree#NIL}
     */
    int findLowestMatch(long size, long align, long vstart, long length) {
        int node = tree.root();
        while (node != NIL) {
            if (Addresses.greaterOrEqual(tree.subtreeMax(tree.left(node)), length)
                    && Addresses.lessThan(vstart, tree.start(node))) {
                node = tree.left(node);
                continue;
            }
            if (isWithin(node, size, align, vstart)) {
                return node;
            }
            if (Addresses.greaterOrEqual(tree.subtreeMax(tree.right(node)), length)) {
                node = tree.right(node);
                continue;
            }
            // Climb back and take the first right subtree that may hold the request; vstart moves
            // past the parent so that subtree is not entered again on a later climb.
            while ((node = tree.parent(node)) != NIL) {
                if (isWithin(node, size, align, vstart)) {
                    return node;
                }
                if (Addresses.greaterOrEqual(tree.subtreeMax(tree.right(node)), length)
                        && Addresses.lessOrEqual(vstart, tree.start(node))) {
                    vstart = tree.start(node) + 1;
                    node = tree.right(node);
                    break;
                }
            }
        }
        return NIL;
    }

    /**
     * {@code is_within_this_va}: the aligned candidate {@code ALIGN(max(va_start, vstart))} does not
     * wrap, lies at or above vstart, and the request ends inside the block. The explicit test that
     * the alignment itself did not wrap covers a space starting at address 0, where the kernel's
     * {@code candidate < vstart} test cannot see a candidate that wrapped to 0.
     */
    private boolean isWithin(int va, long size, long align, long vstart) {
        long blockStart = tree.start(va);
        long base = Addresses.greaterThan(blockStart, vstart) ? blockStart : vstart;
        long candidate = Addresses.alignUp(base, align);
        if (Addresses.lessThan(candidate, base) || Addresses.addWraps(candidate, size)) {
            return false;
        }
        return Addresses.lessOrEqual(candidate + size, tree.end(va));
    }

    /** {@code classify_va_fit_type} + {@code adjust_va_to_fit_type}. */
    private boolean adjustToFit(int va, long nvaStart, long size) {
        long blockStart = tree.start(va);
        long blockEnd = tree.end(va);
        long nvaEnd = nvaStart + size;
        int fit;
        if (blockStart == nvaStart) {
            if (nvaEnd == blockEnd) {
                tree.remove(va);
                fit = FIT_FULL;
            } else {
                tree.setStart(va, nvaEnd);
                fit = FIT_LEFT_EDGE;
            }
        } else if (nvaEnd == blockEnd) {
            tree.setEnd(va, nvaStart);
            fit = FIT_RIGHT_EDGE;
        } else {
            if (faults.shouldFail(FaultInjector.NE_FIT_NODE)) {
                return false;
            }
            tree.setStart(va, nvaEnd);
            tree.insertBefore(va, blockStart, nvaStart);
            fit = FIT_NO_EDGE;
        }
        fits[fit]++;
        lastFit = fit;
        return true;
    }

    @Override
    int lastFit() {
        return lastFit;
    }

    /** {@code merge_or_add_vmap_area}. */
    @Override
    void release(long start, long end) {
        int node = tree.root();
        int prev = NIL;
        int next = NIL;
        while (node != NIL) {
            if (Addresses.lessThan(start, tree.start(node))) {
                next = node;
                node = tree.left(node);
            } else {
                prev = node;
                node = tree.right(node);
            }
        }
        if (prev != NIL && Addresses.greaterThan(tree.end(prev), start)) {
            throw overlap(start, end, prev);
        }
        if (next != NIL && Addresses.greaterThan(end, tree.start(next))) {
            throw overlap(start, end, next);
        }
        boolean withNext = next != NIL && tree.start(next) == end;
        boolean withPrev = prev != NIL && tree.end(prev) == start;
        if (withNext && withPrev) {
            long mergedEnd = tree.end(next);
            tree.remove(next);
            tree.setEnd(prev, mergedEnd);
        } else if (withNext) {
            tree.setStart(next, start);
        } else if (withPrev) {
            tree.setEnd(prev, end);
        } else {
            tree.insertBefore(next, start, end);
        }
        freeBytes += end - start;
    }

    private IllegalStateException overlap(long start, long end, int block) {
        return new IllegalStateException("vmalloc bug: [" + Addresses.hex(start) + ", " + Addresses.hex(end)
                + ") overlaps with free block " + tree.describe(block));
    }

    @Override
    long freeBytes() {
        return freeBytes;
    }

    @Override
    long freeBlocks() {
        return tree.count();
    }

    @Override
    long largestFreeBlock() {
        return tree.largest();
    }

    @Override
    void forEachFreeBlock(RangeSink sink) {
        for (int n = tree.first(); n != NIL; n = tree.next(n)) {
            sink.accept(tree.start(n), tree.end(n));
        }
    }

    @Override
    String violation() {
        String v = tree.violation();
        if (v != null) {
            return "free tree: " + v;
        }
        long sum = 0;
        int previous = NIL;
        for (int n = tree.first(); n != NIL; n = tree.next(n)) {
            if (previous != NIL && tree.end(previous) == tree.start(n)) {
                return "free blocks " + tree.describe(previous) + " and " + tree.describe(n) + " are adjacent, not merged";
            }
            sum += tree.size(n);
            previous = n;
        }
        if (sum != freeBytes) {
            return "free blocks add up to " + Long.toUnsignedString(sum) + " bytes but the placement counts "
                    + Long.toUnsignedString(freeBytes);
        }
        return null;
    }

    @Override
    long fitCount(int fit) {
        return fits[fit];
    }

    /** The tree, for white-box tests and memory reports. */
    RangeTree tree() {
        return tree;
    }
}
