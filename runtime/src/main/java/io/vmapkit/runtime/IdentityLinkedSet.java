package io.vmapkit.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A set of objects compared by identity that remembers the order they were added in, as a
 * {@code LinkedHashMap} keyed by an identity wrapper would, but without allocating anything per
 * {@link #add} or {@link #remove}: the objects sit in an append-only array (a removed one leaves a
 * hole, and holes are squeezed out when the array fills), and an open-addressing table of indices
 * into that array finds them by a hash. Each table slot keeps the element's hash beside its index,
 * so probing and deleting compare and move slots without touching the elements themselves.
 *
 * <p>The hash is {@link System#identityHashCode} unless the owner gives a {@linkplain
 * #IdentityLinkedSet(ToIntFunction) hasher}: any function of the element that stays the same while
 * it is in the set (equal hashes only cost probes; membership is always decided by identity). The
 * first identity hash of a new object is a call into the VM (tens of nanoseconds) that an object
 * which carries a fixed key of its own, as an area its start address, need not pay.
 *
 * <p>A {@link TrackingContext} records every area and page run its plugin holds here, one add and
 * one remove per allocation, so this is on every allocation's path.
 *
 * <p>Not thread-safe: the owning context guards it with its monitor.
 *
 * @param <T> the element type
 */
final class IdentityLinkedSet<T> {

    private static final int MIN_CAPACITY = 8;

    private Object[] items = new Object[MIN_CAPACITY];
    /**
     * {@code hash << 32 | (index + 1)} into {@link #items}, 0 for an empty slot; twice as long as
     * items, a power of two.
     */
    private long[] table = new long[2 * MIN_CAPACITY];
    private int end;
    private int size;
    private final ToIntFunction<? super T> hasher;

    /** A set hashing its elements by {@link System#identityHashCode}. */
    IdentityLinkedSet() {
        this(System::identityHashCode);
    }

    /**
     * A set hashing its elements with {@code hasher}, which must give an element the same value for
     * as long as it is in the set and must not throw.
     */
    IdentityLinkedSet(ToIntFunction<? super T> hasher) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    int size() {
        return size;
    }

    boolean contains(T x) {
        return slotOf(x) >= 0;
    }

    /** Adds {@code x} at the end unless it is already here; returns whether it was added. */
    boolean add(T x) {
        if (slotOf(x) >= 0) {
            return false;
        }
        if (end == items.length) {
            // Squeeze out the holes; grow only if the set really is more than half full.
            resize(size >= items.length / 2 ? items.length * 2 : items.length);
        }
        items[end] = x;
        place(hash(x), ++end);
        size++;
        return true;
    }

    /** Removes {@code x}; returns whether it was here. */
    boolean remove(T x) {
        int slot = slotOf(x);
        if (slot < 0) {
            return false;
        }
        items[(int) table[slot] - 1] = null;
        size--;
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int mask = table.length - 1;
        int hole = slot;
        int j = slot;
        for (;;) {
            j = (j + 1) & mask;
            long v = table[j];
            if (v == 0) {
                break;
            }
            int home = (int) (v >>> 32) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = v;
                hole = j;
            }
        }
        table[hole] = 0;
        return true;
    }

    /** The elements in the order they were added (a copy). */
    @SuppressWarnings("unchecked")
    List<T> toList() {
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < end; i++) {
            if (items[i] != null) {
                out.add((T) items[i]);
            }
        }
        return out;
    }

    void clear() {
        items = new Object[MIN_CAPACITY];
        table = new long[2 * MIN_CAPACITY];
        end = 0;
        size = 0;
    }

    private int slotOf(Object x) {
        int h = hash(x);
        int mask = table.length - 1;
        int i = h & mask;
        for (long v = table[i]; v != 0; v = table[i]) {
            if ((int) (v >>> 32) == h && items[(int) v - 1] == x) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Puts index {@code oneBased} - 1, whose element hashes to {@code h}, into the table. */
    private void place(int h, int oneBased) {
        int mask = table.length - 1;
        int i = h & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = ((long) h << 32) | oneBased;
    }

    /**
     * Squeezes the holes out of {@link #items} and rebuilds the table, into new arrays of
     * {@code capacity} when growing, else in place (nothing allocated: a set that holds about as
     * many elements as it did a while ago, the steady state of allocate-free traffic, never
     * allocates).
     */
    private void resize(int capacity) {
        Object[] old = items;
        int oldEnd = end;
        if (capacity == old.length) {
            Arrays.fill(table, 0L);
        } else {
            items = new Object[capacity];
            table = new long[2 * capacity];
        }
        end = 0;
        for (int k = 0; k < oldEnd; k++) {
            Object x = old[k];
            if (x != null) {
                items[end] = x;
                place(hash(x), ++end);
            }
        }
        if (items == old) {
            Arrays.fill(old, end, oldEnd, null);
        } else {
            Arrays.fill(old, null);
        }
    }

    @SuppressWarnings("unchecked")
    private int hash(Object x) {
        int h = hasher.applyAsInt((T) x) * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
