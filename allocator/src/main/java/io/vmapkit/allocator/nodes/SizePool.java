package io.vmapkit.allocator.nodes;

import java.util.Arrays;

/**
 * One size class of a node's pools ({@code struct vmap_pool}): the starts of purged areas of
 * exactly one size, as a list with a head. {@code node_pool_add_va} adds at the head
 * ({@code list_add}), {@code node_pool_del_va} takes the head or, if its start is not aligned as
 * the request asks, moves it to the tail ({@code list_move_tail}); a decay takes from the head.
 * Stored as a circular array of {@code long} starts (the size is the class's), so a pool costs 8
 * bytes per area and no object.
 *
 * <p>Not thread-safe: guarded by the node's pool lock.
 */
final class SizePool {

    private long[] starts = new long[4];
    private int head;
    private int len;

    int len() {
        return len;
    }

    boolean isEmpty() {
        return len == 0;
    }

    /** The start at position {@code i} from the head. */
    long get(int i) {
        return starts[(head + i) & (starts.length - 1)];
    }

    long first() {
        return starts[head];
    }

    /** {@code list_add}: {@code start} becomes the head. */
    void addFirst(long start) {
        if (len == starts.length) {
            grow();
        }
        head = (head - 1) & (starts.length - 1);
        starts[head] = start;
        len++;
    }

    /** Removes and returns the head. */
    long removeFirst() {
        long s = starts[head];
        head = (head + 1) & (starts.length - 1);
        len--;
        return s;
    }

    /** {@code list_move_tail} of the head. */
    void moveFirstToLast() {
        long s = removeFirst();
        starts[(head + len) & (starts.length - 1)] = s;
        len++;
    }

    private void grow() {
        long[] bigger = new long[starts.length * 2];
        for (int i = 0; i < len; i++) {
            bigger[i] = get(i);
        }
        starts = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        long[] out = new long[len];
        for (int i = 0; i < len; i++) {
            out[i] = get(i);
        }
        return Arrays.toString(out);
    }
}
