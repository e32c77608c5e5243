package io.vmapkit.driver.i915;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * An intrusive doubly linked list in LRU order, the kernel's {@code list_head} as the driver uses it
 * ({@code list_add_tail}, {@code list_move_tail}, {@code list_del}): the links live in the element
 * ({@link Node}), so moving an element to the tail is a few pointer writes with no lookup and no
 * allocation. An element is on at most one list at a time, which is what the driver's lists need (an
 * object is on the unbound or the bound list; a VMA on the active or the inactive list).
 *
 * <p>{@link #addLast} of an element already on this list leaves it where it is, as
 * {@code LinkedHashSet.add} did; adding an element that is on another list is a model error.
 * Iteration is in LRU order, oldest first; changing the list while iterating it is not allowed (take
 * a {@link #toArray snapshot} first).
 *
 * <p>Guarded by the device's struct_mutex, like the elements.
 *
 * @param <E> the element type
 */
final class LruList<E extends LruList.Node> implements Iterable<E> {

    /** The links an element of an {@link LruList} carries. */
    abstract static class Node {
        private Node prev;
        private Node next;
        private LruList<?> list;
    }

    private final String name;
    private Node head;
    private Node tail;
    private int size;

    LruList(String name) {
        this.name = name;
    }

    /** Whether {@code e} is on this list. */
    boolean contains(E element) {
        return ((Node) element).list == this;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends {@code e} at the tail unless it is already on this list.
     *
     * @return whether it was added
     * @throws IllegalStateException if {@code e} is on another list
     */
    boolean addLast(E element) {
        Node e = element;
        if (e.list == this) {
            return false;
        }
        if (e.list != null) {
            throw new IllegalStateException("model error: " + e + " is on " + e.list.name + " and cannot join " + name);
        }
        e.list = this;
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        size++;
        return true;
    }

    /** Removes {@code e} if it is on this list; returns whether it was. */
    boolean remove(E element) {
        Node e = element;
        if (e.list != this) {
            return false;
        }
        Node p = e.prev;
        Node n = e.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        e.prev = null;
        e.next = null;
        e.list = null;
        size--;
        return true;
    }

    /** {@code list_move_tail}: moves {@code e} from whichever list it is on (or none) to this list's tail. */
    void moveToTail(E element) {
        Node e = element;
        if (e.list == this && tail == e) {
            return;
        }
        if (e.list != null) {
            @SuppressWarnings("unchecked")
            LruList<E> from = (LruList<E>) e.list;
            from.remove(element);
        }
        addLast(element);
    }

    /** The elements, oldest first: a snapshot. */
    E[] toArray(IntFunction<E[]> newArray) {
        E[] out = newArray.apply(size);
        int i = 0;
        for (E e : this) {
            out[i++] = e;
        }
        return out;
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private Node next = head;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Node e = next;
                next = e.next;
                return (E) e;
            }
        };
    }

    @Override
    public String toString() {
        return name + "[" + size + "]";
    }
}
