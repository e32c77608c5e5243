package io.vmapkit.allocator;

import static io.vmapkit.allocator.RangeTree.NIL;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AddressSpace;

/**
 * The pre-5.2 placement (docs/fidelity.md §2): the busy areas, lazily freed ones included until they
 * are purged, in an address-ordered tree, walked first fit from the {@code free_vmap_cache} hint.
 *
 * <h2>Search (§2.2), step by step</h2>
 * <ol>
 *   <li>Drop the hint ({@code hint := none, cached_hole_size := 0}) if there is none, if the size
 *       is at most {@code cached_hole_size} (see below), if {@code vstart < cached_vstart} or if
 *       {@code align < cached_align}; then record vstart and align as the cached values.</li>
 *   <li>With a hint, the candidate is {@code ALIGN(hint.va_end, align)}; if it lies below vstart
 *       the hint is dropped and the search goes on as without one. Without a hint the candidate is
 *       {@code ALIGN(vstart, align)} and the walk starts at the lowest busy area ending at or above
 *       it (stopping early at one that contains it); if there is none the candidate is accepted.
 *       </li>
 *   <li>While the candidate range overlaps the current area and ends within vend: a gap in front
 *       of the area larger than {@code cached_hole_size} is recorded, the candidate moves to
 *       {@code ALIGN(area.va_end, align)}, and the walk steps to the next area (none left:
 *       accept).</li>
 *   <li>Accept if the candidate range ends within vend and the candidate is not below vstart (the
 *       late-4.x check that a huge alignment did not wrap it to 0); else fail.</li>
 *   <li>Insert the area and make it the hint.</li>
 * </ol>
 * Every {@code ALIGN} and every {@code candidate + size} is checked for wrap-around, and a wrap
 * fails the search at once.
 *
 * <h2>Purge (§2.3)</h2>
 * Before a purged area leaves the tree the hint is adjusted: dropped if the area ends below
 * {@code cached_vstart}, else moved to the area's predecessor if the area starts at or below the
 * hint. {@code cached_hole_size} and {@code cached_align} are left stale, as in the kernel.
 *
 * <h2>The hint test: exact or kernel-literal</h2>
 * The kernel drops the hint when {@code size < cached_hole_size}. {@code cached_hole_size} is the
 * largest usable gap seen below the hint, so a request of exactly that size could fit in it, but
 * the strict test keeps the hint and the walk starts above: the kernel then places the request
 * higher than the lowest fit (docs/fidelity.md §2.4). With {@code kernelHintTest = false} (provider
 * {@code busy-list}) the test is {@code size <= cached_hole_size}, and every placement is the
 * lowest-address fit, identical to {@code free-tree}'s. With {@code kernelHintTest = true}
 * (provider {@code busy-list-kernel}) the test is the kernel's, and each search where only the
 * strict test kept the hint is counted in {@link #exactSizeHintKeeps()}.
 *
 * <p>Why the {@code <=} variant is exact: a kept hint means every gap below it, measured at an
 * alignment no larger and a vstart no higher than the current ones, is smaller than the request,
 * so nothing below the hint can hold it; every purge below the hint moves the hint down to the
 * purged area's predecessor or drops it, so new gaps always lie above the hint. Differences that
 * are not placements: the kernel test {@code addr + cached_hole_size < va_start} is evaluated
 * without wrap-around here, and {@code vmap_area_pcpu_hole} is not modelled (no per-cpu
 * allocator).
 *
 * <p>Not thread-safe; runs under the core's lock.
 */
final class BusyListPlacement extends Placement {

    private final RangeTree busy;
    private final boolean kernelHintTest;
    private final long spaceStart;
    private final long spaceEnd;
    private long busyBytes;

    private int freeVmapCache = NIL;
    private long cachedHoleSize;
    private long cachedVstart;
    private long cachedAlign;
    private long exactSizeHintKeeps;
    private boolean lastSearchFromHint;
    private long walkSteps;

    BusyListPlacement(AddressSpace space, boolean kernelHintTest) {
        this.busy = new RangeTree(16);
        this.kernelHintTest = kernelHintTest;
        this.spaceStart = space.start();
        this.spaceEnd = space.end();
    }

    @Override
    long reserve(long size, long align, long vstart, long vend) {
        boolean smallEnoughForAHole = kernelHintTest
                ? Addresses.lessThan(size, cachedHoleSize)
                : Addresses.lessOrEqual(size, cachedHoleSize);
        if (freeVmapCache == NIL || smallEnoughForAHole
                || Addresses.lessThan(vstart, cachedVstart) || Addresses.lessThan(align, cachedAlign)) {
            dropHint();
        } else if (kernelHintTest && size == cachedHoleSize) {
            exactSizeHintKeeps++;
        }
        cachedVstart = vstart;
        cachedAlign = align;

        long addr;
        int first;
        if (freeVmapCache != NIL) {
            first = freeVmapCache;
            long hintEnd = busy.end(first);
            addr = Addresses.alignUp(hintEnd, align);
            if (Addresses.lessThan(addr, hintEnd) || Addresses.lessThan(addr, vstart)) {
                dropHint();
                first = NIL;
            } else if (Addresses.addWraps(addr, size)) {
                return vend;
            }
        } else {
            first = NIL;
            addr = 0;
        }
        lastSearchFromHint = freeVmapCache != NIL;
        if (freeVmapCache == NIL) {
            addr = Addresses.alignUp(vstart, align);
            if (Addresses.lessThan(addr, vstart) || Addresses.addWraps(addr, size)) {
                return vend;
            }
            int n = busy.root();
            while (n != NIL) {
                if (Addresses.greaterOrEqual(busy.end(n), addr)) {
                    first = n;
                    if (Addresses.lessOrEqual(busy.start(n), addr)) {
                        break;
                    }
                    n = busy.left(n);
                } else {
                    n = busy.right(n);
                }
            }
        }

        if (first != NIL) {
            while (Addresses.greaterThan(addr + size, busy.start(first))
                    && Addresses.lessOrEqual(addr + size, vend)) {
                long areaStart = busy.start(first);
                if (Addresses.lessThan(addr, areaStart)
                        && Addresses.greaterThan(areaStart - addr, cachedHoleSize)) {
                    cachedHoleSize = areaStart - addr;
                }
                long areaEnd = busy.end(first);
                addr = Addresses.alignUp(areaEnd, align);
                if (Addresses.lessThan(addr, areaEnd) || Addresses.addWraps(addr, size)) {
                    return vend;
                }
                int next = busy.next(first);
                walkSteps++;
                if (next == NIL) {
                    break;
                }
                first = next;
            }
        }

        if (Addresses.greaterThan(addr + size, vend) || Addresses.lessThan(addr, vstart)) {
            return vend;
        }
        freeVmapCache = busy.insert(addr, addr + size);
        busyBytes += size;
        return addr;
    }

    private void dropHint() {
        cachedHoleSize = 0;
        freeVmapCache = NIL;
    }

    @Override
    int lastFit() {
        return FIT_NONE;
    }

    /** {@code __free_vmap_area}: hint adjustment, then removal from the busy tree. */
    @Override
    void release(long start, long end) {
        int node = busy.find(start);
        if (node == NIL || busy.end(node) != end) {
            throw new IllegalStateException("vmalloc bug: purged range [" + Addresses.hex(start) + ", "
                    + Addresses.hex(end) + ") is not a busy area");
        }
        if (freeVmapCache != NIL) {
            if (Addresses.lessThan(end, cachedVstart)) {
                freeVmapCache = NIL;
            } else if (Addresses.lessOrEqual(start, busy.start(freeVmapCache))) {
                freeVmapCache = busy.prev(node);
            }
        }
        busy.remove(node);
        busyBytes -= end - start;
    }

    @Override
    long freeBytes() {
        return (spaceEnd - spaceStart) - busyBytes;
    }

    @Override
    long freeBlocks() {
        long[] blocks = {0};
        forEachFreeBlock((s, e) -> blocks[0]++);
        return blocks[0];
    }

    @Override
    long largestFreeBlock() {
        long[] largest = {0};
        forEachFreeBlock((s, e) -> {
            if (Addresses.greaterThan(e - s, largest[0])) {
                largest[0] = e - s;
            }
        });
        return largest[0];
    }

    /** The gaps between busy areas; O(n). */
    @Override
    void forEachFreeBlock(RangeSink sink) {
        long cursor = spaceStart;
        for (int n = busy.first(); n != NIL; n = busy.next(n)) {
            if (busy.start(n) != cursor) {
                sink.accept(cursor, busy.start(n));
            }
            cursor = busy.end(n);
        }
        if (cursor != spaceEnd) {
            sink.accept(cursor, spaceEnd);
        }
    }

    @Override
    String violation() {
        String v = busy.violation();
        if (v != null) {
            return "busy tree: " + v;
        }
        long sum = 0;
        for (int n = busy.first(); n != NIL; n = busy.next(n)) {
            sum += busy.size(n);
        }
        if (sum != busyBytes) {
            return "busy areas add up to " + Long.toUnsignedString(sum) + " bytes but the placement counts "
                    + Long.toUnsignedString(busyBytes);
        }
        if (freeVmapCache != NIL && busy.height(freeVmapCache) < 1) {
            return "free_vmap_cache points at removed node " + freeVmapCache;
        }
        return null;
    }

    @Override
    long fitCount(int fit) {
        return 0;
    }

    /** Whether this is the kernel-literal variant. */
    boolean kernelHintTest() {
        return kernelHintTest;
    }

    /** Searches in which only the kernel's strict {@code size < cached_hole_size} test kept the hint. */
    long exactSizeHintKeeps() {
        return exactSizeHintKeeps;
    }

    /**
     * Busy areas the first-fit walks have stepped past so far (the search loop's iterations): what
     * makes this algorithm O(n) when the hint is lost (white-box tests and measurements).
     */
    long walkSteps() {
        return walkSteps;
    }

    /** The start of the hint area, or {@code null} if there is no hint (white-box tests). */
    Long hintStart() {
        return freeVmapCache == NIL ? null : busy.start(freeVmapCache);
    }

    /** Whether the last search walked from the hint rather than from vstart (white-box tests). */
    boolean lastSearchFromHint() {
        return lastSearchFromHint;
    }

    long cachedHoleSize() {
        return cachedHoleSize;
    }

    long cachedVstart() {
        return cachedVstart;
    }

    long cachedAlign() {
        return cachedAlign;
    }

    /** The busy tree (white-box tests). */
    RangeTree busyTree() {
        return busy;
    }
}
