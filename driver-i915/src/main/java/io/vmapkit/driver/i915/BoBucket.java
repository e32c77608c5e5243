package io.vmapkit.driver.i915;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * One bucket of libdrm's buffer cache ({@link Client}): the buffers of one size in the order they
 * were returned, each with the step it was returned at ({@code bo_gem->free_time}). A FIFO over two
 * parallel ring arrays, so returning a buffer to the cache allocates nothing once the bucket has
 * grown to the number of buffers it holds at most.
 *
 * <p>Confined to the workload's thread, like its client.
 */
final class BoBucket {

    private static final int MIN_CAPACITY = 8;

    private GemObject[] objects = new GemObject[MIN_CAPACITY];
    private long[] freeTimes = new long[MIN_CAPACITY];
    /** Index of the head; the buffers are at head, head + 1, ... (mod capacity). */
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Appends {@code obj}, returned to the cache at step {@code freeTime}. */
    void addLast(GemObject obj, long freeTime) {
        if (size == objects.length) {
            grow();
        }
        int tail = (head + size) & (objects.length - 1);
        objects[tail] = obj;
        freeTimes[tail] = freeTime;
        size++;
    }

    /** The oldest buffer, which stays in the bucket. */
    GemObject peekFirst() {
        checkNotEmpty();
        return objects[head];
    }

    /** When the oldest buffer was returned. */
    long firstFreeTime() {
        checkNotEmpty();
        return freeTimes[head];
    }

    /** Removes and returns the oldest buffer. */
    GemObject pollFirst() {
        checkNotEmpty();
        GemObject obj = objects[head];
        objects[head] = null;
        head = (head + 1) & (objects.length - 1);
        size--;
        return obj;
    }

    private void checkNotEmpty() {
        if (size == 0) {
            throw new NoSuchElementException("the buffer-cache bucket is empty");
        }
    }

    /** Doubles the capacity (a power of two), the buffers moved to start at index 0. */
    private void grow() {
        int n = objects.length;
        GemObject[] o = Arrays.copyOf(objects, 2 * n);
        long[] t = Arrays.copyOf(freeTimes, 2 * n);
        // The part that wrapped around (indices 0 .. head - 1) follows the part from head on.
        System.arraycopy(objects, 0, o, n, head);
        System.arraycopy(freeTimes, 0, t, n, head);
        Arrays.fill(o, 0, head, null);
        objects = o;
        freeTimes = t;
        // Buffers now run from head to n + head - 1, contiguously: keep head where it is.
    }
}
