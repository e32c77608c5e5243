package io.vmapkit.allocator;

import java.util.Arrays;

/**
 * The allocator's areas that still hold address space: the live ones, and the lazy set (areas
 * freed but not yet purged, in the order they were freed). Each area knows its index
 * ({@link Area#slot}), so moving an area from live to lazy is O(1) (swap-remove), and a purge
 * detaches the whole lazy set at once.
 *
 * <p>Costs one array slot (4 bytes with compressed oops) per area plus growth slack. Not
 * thread-safe; runs under the core's lock.
 */
final class AreaIndex {

    private static final int MIN_CAPACITY = 16;

    private Area[] live = new Area[MIN_CAPACITY];
    private int liveCount;
    private Area[] lazy = new Area[MIN_CAPACITY];
    private int lazyCount;

    int liveCount() {
        return liveCount;
    }

    int lazyCount() {
        return lazyCount;
    }

    Area live(int i) {
        return live[i];
    }

    Area lazy(int i) {
        return lazy[i];
    }

    void addLive(Area a) {
        if (liveCount == live.length) {
            live = Arrays.copyOf(live, grow(live.length));
        }
        a.slot = liveCount;
        live[liveCount++] = a;
    }

    /** Moves a live area to the end of the lazy set. */
    void moveToLazy(Area a) {
        int s = a.slot;
        Area last = live[--liveCount];
        live[s] = last;
        last.slot = s;
        live[liveCount] = null;
        if (liveCount < live.length >> 2 && live.length > 4 * MIN_CAPACITY) {
            live = Arrays.copyOf(live, live.length >> 1);
        }
        if (lazyCount == lazy.length) {
            lazy = Arrays.copyOf(lazy, grow(lazy.length));
        }
        a.slot = lazyCount;
        lazy[lazyCount++] = a;
    }

    /** Empties the lazy set after a purge has taken its areas; their slots become -1. */
    void clearLazy() {
        for (int i = 0; i < lazyCount; i++) {
            lazy[i].slot = -1;
            lazy[i] = null;
        }
        lazyCount = 0;
    }

    private static int grow(int length) {
        return length + (length >> 1) + 1;
    }

    /** Array slots allocated (for memory reports). */
    int capacity() {
        return live.length + lazy.length;
    }
}
