package io.vmapkit.allocator.nodes;

import java.util.Arrays;

/**
 * A node's busy or lazy areas ({@code struct rb_list} without the tree: the allocator reaches an
 * area through its handle, so it needs no address lookup). Each area knows its index
 * ({@link NodeArea#slot}); removal is O(1) by swapping the last area in. A purge detaches the
 * whole list and sorts it by address, as the kernel's address-ordered lazy list is.
 *
 * <p>Not thread-safe: guarded by the owning node's busy or lazy lock.
 */
final class AreaList {

    private static final int MIN_CAPACITY = 8;

    private NodeArea[] areas = new NodeArea[MIN_CAPACITY];
    private int count;
    private long bytes;

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    NodeArea get(int i) {
        return areas[i];
    }

    void add(NodeArea a) {
        if (count == areas.length) {
            areas = Arrays.copyOf(areas, count + (count >> 1) + 1);
        }
        a.slot = count;
        areas[count++] = a;
        bytes += a.end - a.start;
    }

    void remove(NodeArea a) {
        int s = a.slot;
        NodeArea last = areas[--count];
        areas[s] = last;
        last.slot = s;
        areas[count] = null;
        a.slot = -1;
        bytes -= a.end - a.start;
        if (count < areas.length >> 2 && areas.length > 8 * MIN_CAPACITY) {
            areas = Arrays.copyOf(areas, areas.length >> 1);
        }
    }

    /** Takes every area out, in address order; their slots become -1. */
    NodeArea[] detachSorted() {
        NodeArea[] out = Arrays.copyOf(areas, count);
        for (NodeArea a : out) {
            a.slot = -1;
        }
        Arrays.sort(out, (x, y) -> Long.compareUnsigned(x.start, y.start));
        Arrays.fill(areas, 0, count, null);
        count = 0;
        bytes = 0;
        if (areas.length > 8 * MIN_CAPACITY) {
            areas = new NodeArea[MIN_CAPACITY];
        }
        return out;
    }
}
