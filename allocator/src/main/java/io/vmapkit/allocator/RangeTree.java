package io.vmapkit.allocator;

import java.util.Arrays;

/**
 * An address-ordered AVL tree of disjoint half-open ranges {@code [start, end)}, keyed by the
 * unsigned start and augmented with {@code subtree_max_size}: the largest {@code end - start} in
 * each node's subtree, the node itself included.
 *
 * <p>The free-tree placement keeps its free blocks here; the busy-list placement keeps its busy
 * areas here. Nodes are {@code int} indices into one {@code long} array rather than objects: five
 * consecutive {@code long}s per node (start, end, subtree maximum, left and right links packed in
 * one, parent and height in another), so a node costs 40 bytes of heap, no object header, and a
 * search step touches one node's cache line rather than one in each of two arrays; index
 * {@link #NIL} (0) is the empty sentinel, whose size, subtree maximum and height are all 0.
 * A node keeps its index for as long as it is in the tree (removal relinks nodes rather than
 * copying keys), so callers may hold node indices across operations, as the busy-list hint does.
 *
 * <p>{@link #setStart} and {@link #setEnd} change a range in place; the caller guarantees that the
 * change keeps the tree ordered and disjoint. Every change propagates {@code subtree_max_size} and
 * heights upward and stops at the first ancestor whose values do not change.
 *
 * <p>Not thread-safe: the owning allocator's lock guards every call.
 */
final class RangeTree {

    /** The empty node. */
    static final int NIL = 0;

    // Node layout: n * WIDTH + START, END, MAX, KIDS (left << 32 | right), UP (parent << 32 | height).
    private static final int WIDTH = 5;
    private static final int START = 0;
    private static final int END = 1;
    private static final int MAX = 2;
    private static final int KIDS = 3;
    private static final int UP = 4;
    private static final long LOW = 0xFFFF_FFFFL;

    private long[] nodes;
    private int root = NIL;
    private int count;
    private int highWater = 1;   // first never-used index; 0 is NIL
    private int recycled = NIL;  // removed nodes, chained through their left link
    private int lastFixUpVisits; // nodes the last fix-up recomputed (tests of the early stop)

    RangeTree(int initialCapacity) {
        int capacity = Math.max(initialCapacity, 4);
        nodes = new long[capacity * WIDTH];
    }

    // ---- accessors ---------------------------------------------------------------------------

    int root() {
        return root;
    }

    /** Ranges in the tree. */
    int count() {
        return count;
    }

    int left(int n) {
        return (int) (nodes[n * WIDTH + KIDS] >>> 32);
    }

    int right(int n) {
        return (int) nodes[n * WIDTH + KIDS];
    }

    int parent(int n) {
        return (int) (nodes[n * WIDTH + UP] >>> 32);
    }

    int height(int n) {
        return (int) nodes[n * WIDTH + UP];
    }

    long start(int n) {
        return nodes[n * WIDTH + START];
    }

    long end(int n) {
        return nodes[n * WIDTH + END];
    }

    /** {@code end - start}, unsigned. */
    long size(int n) {
        return nodes[n * WIDTH + END] - nodes[n * WIDTH + START];
    }

    /** The largest range size in {@code n}'s subtree; 0 for {@link #NIL}. Unsigned. */
    long subtreeMax(int n) {
        return nodes[n * WIDTH + MAX];
    }

    /** The largest range size in the tree, 0 if empty. */
    long largest() {
        return subtreeMax(root);
    }

    // ---- navigation --------------------------------------------------------------------------

    /** The lowest range, or {@link #NIL}. */
    int first() {
        int n = root;
        if (n == NIL) {
            return NIL;
        }
        while (left(n) != NIL) {
            n = left(n);
        }
        return n;
    }

    /** The in-order successor of {@code n}, or {@link #NIL}. */
    int next(int n) {
        int r = right(n);
        if (r != NIL) {
            while (left(r) != NIL) {
                r = left(r);
            }
            return r;
        }
        int p = parent(n);
        while (p != NIL && right(p) == n) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    /** The in-order predecessor of {@code n}, or {@link #NIL}. */
    int prev(int n) {
        int l = left(n);
        if (l != NIL) {
            while (right(l) != NIL) {
                l = right(l);
            }
            return l;
        }
        int p = parent(n);
        while (p != NIL && left(p) == n) {
            n = p;
            p = parent(p);
        }
        return p;
    }

    /** The node whose range starts exactly at {@code start}, or {@link #NIL}. */
    int find(long start) {
        int n = root;
        while (n != NIL) {
            int c = Long.compareUnsigned(start, start(n));
            if (c == 0) {
                return n;
            }
            n = c < 0 ? left(n) : right(n);
        }
        return NIL;
    }

    /** The node with the greatest start that is {@code <= addr} (unsigned), or {@link #NIL}. */
    int floor(long addr) {
        int n = root;
        int best = NIL;
        while (n != NIL) {
            if (Long.compareUnsigned(start(n), addr) <= 0) {
                best = n;
                n = right(n);
            } else {
                n = left(n);
            }
        }
        return best;
    }

    // ---- changes -----------------------------------------------------------------------------

    /** Inserts {@code [start, end)} at its place by start; returns its node. */
    int insert(long start, long end) {
        int n = newNode(start, end);
        if (root == NIL) {
            root = n;
            count++;
            return n;
        }
        int p = root;
        for (;;) {
            if (Long.compareUnsigned(start, start(p)) < 0) {
                if (left(p) == NIL) {
                    setLeft(p, n);
                    break;
                }
                p = left(p);
            } else {
                if (right(p) == NIL) {
                    setRight(p, n);
                    break;
                }
                p = right(p);
            }
        }
        setParent(n, p);
        count++;
        fixUp(p, NIL);
        return n;
    }

    /**
     * Inserts {@code [start, end)} as the in-order predecessor of {@code successor} (or as the last
     * range if {@code successor} is {@link #NIL}), without searching from the root; the caller
     * guarantees the order.
     */
    int insertBefore(int successor, long start, long end) {
        int n = newNode(start, end);
        count++;
        int p;
        if (successor == NIL) {
            if (root == NIL) {
                root = n;
                return n;
            }
            p = root;
            while (right(p) != NIL) {
                p = right(p);
            }
            setRight(p, n);
        } else if (left(successor) == NIL) {
            p = successor;
            setLeft(p, n);
        } else {
            p = left(successor);
            while (right(p) != NIL) {
                p = right(p);
            }
            setRight(p, n);
        }
        setParent(n, p);
        fixUp(p, NIL);
        return n;
    }

    /** Moves the start of {@code n}; the caller keeps the tree ordered and disjoint. */
    void setStart(int n, long start) {
        nodes[n * WIDTH + START] = start;
        fixUp(n, NIL);
    }

    /** Moves the end of {@code n}; the caller keeps the tree ordered and disjoint. */
    void setEnd(int n, long end) {
        nodes[n * WIDTH + END] = end;
        fixUp(n, NIL);
    }

    /** Removes node {@code z}; other nodes keep their indices. */
    void remove(int z) {
        int l = left(z);
        int r = right(z);
        int p = parent(z);
        int fixFrom;
        int barrier = NIL;
        if (l == NIL || r == NIL) {
            int child = l != NIL ? l : r;
            replaceChild(p, z, child);
            if (child != NIL) {
                setParent(child, p);
            }
            fixFrom = p;
        } else {
            // Splice the successor y into z's place.
            int y = r;
            while (left(y) != NIL) {
                y = left(y);
            }
            if (y != r) {
                int yp = parent(y);
                int yr = right(y);
                setLeft(yp, yr);
                if (yr != NIL) {
                    setParent(yr, yp);
                }
                setRight(y, r);
                setParent(r, y);
                fixFrom = yp;
            } else {
                fixFrom = y;
            }
            setLeft(y, l);
            setParent(l, y);
            replaceChild(p, z, y);
            setParent(y, p);
            // y now stands for z's old subtree: give it z's old values so the early stop above y
            // compares like with like; the walk may not stop before it has recomputed y.
            setHeight(y, height(z));
            nodes[y * WIDTH + MAX] = subtreeMax(z);
            barrier = y;
        }
        recycle(z);
        count--;
        fixUp(fixFrom, barrier);
    }

    /** Removes every range. */
    void clear() {
        root = NIL;
        count = 0;
        highWater = 1;
        recycled = NIL;
    }

    // ---- balancing and augmentation ------------------------------------------------------------

    /**
     * Recomputes heights and subtree maxima from {@code n} upward, rebalancing as needed, and stops
     * at the first subtree whose height and maximum are unchanged as its parent sees them. When
     * {@code barrier} is not NIL the walk does not stop before it has processed {@code barrier}.
     */
    private void fixUp(int n, int barrier) {
        boolean mayStop = barrier == NIL;
        int visits = 0;
        while (n != NIL) {
            visits++;
            int p = parent(n);
            int oldHeight = height(n);
            long oldMax = subtreeMax(n);
            if (n == barrier) {
                mayStop = true;
            }
            int top = rebalance(n);
            if (mayStop && height(top) == oldHeight && subtreeMax(top) == oldMax) {
                break;
            }
            n = p;
        }
        lastFixUpVisits = visits;
    }

    /** How many nodes the last change recomputed on its way up (white-box tests of the early stop). */
    int lastFixUpVisits() {
        return lastFixUpVisits;
    }

    private int rebalance(int n) {
        update(n);
        int l = left(n);
        int r = right(n);
        int balance = height(l) - height(r);
        if (balance > 1) {
            if (height(left(l)) < height(right(l))) {
                rotateLeft(l);
            }
            return rotateRight(n);
        }
        if (balance < -1) {
            if (height(right(r)) < height(left(r))) {
                rotateRight(r);
            }
            return rotateLeft(n);
        }
        return n;
    }

    private void update(int n) {
        int l = left(n);
        int r = right(n);
        int hl = height(l);
        int hr = height(r);
        setHeight(n, 1 + (hl > hr ? hl : hr));
        long max = size(n);
        long ml = subtreeMax(l);
        long mr = subtreeMax(r);
        if (Long.compareUnsigned(ml, max) > 0) {
            max = ml;
        }
        if (Long.compareUnsigned(mr, max) > 0) {
            max = mr;
        }
        nodes[n * WIDTH + MAX] = max;
    }

    private int rotateLeft(int x) {
        int y = right(x);
        int b = left(y);
        int p = parent(x);
        setRight(x, b);
        if (b != NIL) {
            setParent(b, x);
        }
        setLeft(y, x);
        setParent(x, y);
        setParent(y, p);
        replaceChild(p, x, y);
        update(x);
        update(y);
        return y;
    }

    private int rotateRight(int x) {
        int y = left(x);
        int b = right(y);
        int p = parent(x);
        setLeft(x, b);
        if (b != NIL) {
            setParent(b, x);
        }
        setRight(y, x);
        setParent(x, y);
        setParent(y, p);
        replaceChild(p, x, y);
        update(x);
        update(y);
        return y;
    }

    private void replaceChild(int p, int old, int now) {
        if (p == NIL) {
            root = now;
        } else if (left(p) == old) {
            setLeft(p, now);
        } else {
            setRight(p, now);
        }
    }

    private void setLeft(int n, int c) {
        int i = n * WIDTH + KIDS;
        nodes[i] = ((long) c << 32) | (nodes[i] & LOW);
    }

    private void setRight(int n, int c) {
        int i = n * WIDTH + KIDS;
        nodes[i] = (nodes[i] & ~LOW) | (c & LOW);
    }

    private void setParent(int n, int p) {
        int i = n * WIDTH + UP;
        nodes[i] = ((long) p << 32) | (nodes[i] & LOW);
    }

    private void setHeight(int n, int h) {
        int i = n * WIDTH + UP;
        nodes[i] = (nodes[i] & ~LOW) | (h & LOW);
    }

    // ---- node storage --------------------------------------------------------------------------

    private int newNode(long start, long end) {
        int n;
        if (recycled != NIL) {
            n = recycled;
            recycled = left(n);
        } else {
            if (highWater * WIDTH == nodes.length) {
                grow();
            }
            n = highWater++;
        }
        int i = n * WIDTH;
        nodes[i + START] = start;
        nodes[i + END] = end;
        nodes[i + MAX] = end - start;
        nodes[i + KIDS] = 0;                   // left NIL, right NIL
        nodes[i + UP] = 1;                     // parent NIL, height 1
        return n;
    }

    private void recycle(int n) {
        int i = n * WIDTH;
        nodes[i + KIDS] = (long) recycled << 32; // the free list runs through the left link
        nodes[i + UP] = LOW;                      // parent NIL, height -1: marks a recycled node
        recycled = n;
    }

    private void grow() {
        int capacity = nodes.length / WIDTH;
        int grown = capacity + (capacity >> 1) + 1;
        nodes = Arrays.copyOf(nodes, grown * WIDTH);
    }

    /** Node slots allocated in the backing arrays (for memory reports). */
    int capacity() {
        return nodes.length / WIDTH;
    }

    // ---- checks --------------------------------------------------------------------------------

    /**
     * Checks every structural invariant: parent links, AVL heights and balance, subtree maxima,
     * strict address order of disjoint non-empty ranges, and the node count.
     *
     * @return a description of the first violation, or {@code null}
     */
    String violation() {
        if (root != NIL && parent(root) != NIL) {
            return "root " + root + " has parent " + parent(root);
        }
        int[] seen = {0};
        String v = check(root, seen);
        if (v != null) {
            return v;
        }
        if (seen[0] != count) {
            return "tree holds " + seen[0] + " nodes but counts " + count;
        }
        long previousEnd = 0;
        boolean firstRange = true;
        for (int n = first(); n != NIL; n = next(n)) {
            if (Long.compareUnsigned(start(n), end(n)) >= 0) {
                return "node " + n + " has empty or inverted range " + describe(n);
            }
            if (!firstRange && Long.compareUnsigned(previousEnd, start(n)) > 0) {
                return "node " + n + " " + describe(n) + " overlaps or precedes the range ending at 0x"
                        + Long.toHexString(previousEnd);
            }
            previousEnd = end(n);
            firstRange = false;
        }
        return null;
    }

    private String check(int n, int[] seen) {
        if (n == NIL) {
            return null;
        }
        seen[0]++;
        int l = left(n);
        int r = right(n);
        if (l != NIL && parent(l) != n) {
            return "left child " + l + " of " + n + " has parent " + parent(l);
        }
        if (r != NIL && parent(r) != n) {
            return "right child " + r + " of " + n + " has parent " + parent(r);
        }
        String v = check(l, seen);
        if (v == null) {
            v = check(r, seen);
        }
        if (v != null) {
            return v;
        }
        int h = 1 + Math.max(height(l), height(r));
        if (height(n) != h) {
            return "node " + n + " has height " + height(n) + ", expected " + h;
        }
        if (Math.abs(height(l) - height(r)) > 1) {
            return "node " + n + " is unbalanced: " + height(l) + " vs " + height(r);
        }
        long max = size(n);
        if (Long.compareUnsigned(subtreeMax(l), max) > 0) {
            max = subtreeMax(l);
        }
        if (Long.compareUnsigned(subtreeMax(r), max) > 0) {
            max = subtreeMax(r);
        }
        if (subtreeMax(n) != max) {
            return "node " + n + " " + describe(n) + " has subtree_max_size 0x" + Long.toHexString(subtreeMax(n))
                    + ", expected 0x" + Long.toHexString(max);
        }
        return null;
    }

    String describe(int n) {
        return "[0x" + Long.toHexString(start(n)) + ", 0x" + Long.toHexString(end(n)) + ")";
    }
}
