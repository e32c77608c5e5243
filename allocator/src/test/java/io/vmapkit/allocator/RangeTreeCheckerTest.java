package io.vmapkit.allocator;

import static io.vmapkit.allocator.RangeTree.NIL;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RangeTree#violation()} checked: every test builds a sound tree, damages one thing on
 * purpose, and expects the checker to name that damage. The damage is done by reflection on the
 * tree's node array (layout read from the class's own constants), so no production code exists only
 * to be broken.
 */
class RangeTreeCheckerTest {

    private RangeTree tree;
    private int a;
    private int b;
    private int c;

    /** Three ranges inserted in order; the AVL rotation makes b the root with a left and c right. */
    @BeforeEach
    void threeRanges() {
        tree = new RangeTree(4);
        a = tree.insert(0x1000, 0x2000);   // size 0x1000
        b = tree.insert(0x3000, 0x5000);   // size 0x2000
        c = tree.insert(0x6000, 0x9000);   // size 0x3000
        assertThat(tree.violation()).isNull();
        assertThat(tree.root()).isEqualTo(b);
        assertThat(tree.left(b)).isEqualTo(a);
        assertThat(tree.right(b)).isEqualTo(c);
    }

    private static int constant(String name) {
        try {
            Field f = RangeTree.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test's white-box access to RangeTree." + name + " broke", e);
        }
    }

    private static Object field(RangeTree t, String name) {
        try {
            Field f = RangeTree.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test's white-box access to RangeTree." + name + " broke", e);
        }
    }

    private static void setInt(RangeTree t, String name, int value) {
        try {
            Field f = RangeTree.class.getDeclaredField(name);
            f.setAccessible(true);
            f.setInt(t, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the test's white-box access to RangeTree." + name + " broke", e);
        }
    }

    private void poke(int node, String slot, long value) {
        long[] nodes = (long[]) field(tree, "nodes");
        nodes[node * constant("WIDTH") + constant(slot)] = value;
    }

    /** Writes a node's links and height: KIDS = left << 32 | right, UP = parent << 32 | height. */
    private void link(int node, int left, int right, int parent, int height) {
        poke(node, "KIDS", ((long) left << 32) | (right & 0xFFFF_FFFFL));
        poke(node, "UP", ((long) parent << 32) | (height & 0xFFFF_FFFFL));
    }

    @Test
    void rootWithAParentIsNamed() {
        link(b, a, c, c, 2);
        assertThat(tree.violation()).isEqualTo("root " + b + " has parent " + c);
    }

    @Test
    void leftChildWithAnotherParentIsNamed() {
        link(a, NIL, NIL, c, 1);
        assertThat(tree.violation()).isEqualTo("left child " + a + " of " + b + " has parent " + c);
    }

    @Test
    void rightChildWithAnotherParentIsNamed() {
        link(c, NIL, NIL, a, 1);
        assertThat(tree.violation()).isEqualTo("right child " + c + " of " + b + " has parent " + a);
    }

    @Test
    void wrongHeightOfALeafIsNamed() {
        link(c, NIL, NIL, b, 2); // a leaf has height 1
        assertThat(tree.violation()).isEqualTo("node " + c + " has height 2, expected 1");
    }

    @Test
    void wrongHeightOfTheRootIsNamed() {
        link(b, a, c, NIL, 3); // 1 + max(1, 1) = 2
        assertThat(tree.violation()).isEqualTo("node " + b + " has height 3, expected 2");
    }

    @Test
    void chainOfThreeWithCorrectHeightsIsUnbalanced() {
        // relink as a right-leaning chain a -> b -> c with true heights 3, 2, 1
        setInt(tree, "root", a);
        link(a, NIL, b, NIL, 3);
        link(b, NIL, c, a, 2);
        link(c, NIL, NIL, b, 1);
        // subtree maxima: c 0x3000, b max(0x2000, 0x3000) = 0x3000, a max(0x1000, 0x3000) = 0x3000
        poke(b, "MAX", 0x3000);
        poke(a, "MAX", 0x3000);
        assertThat(tree.violation()).isEqualTo("node " + a + " is unbalanced: 0 vs 2");
    }

    @Test
    void wrongSubtreeMaxOfALeafIsNamed() {
        poke(a, "MAX", 0x7000);
        assertThat(tree.violation()).isEqualTo("node " + a + " [0x1000, 0x2000) has subtree_max_size 0x7000, expected 0x1000");
    }

    @Test
    void subtreeMaxThatIgnoresTheRightChildIsNamed() {
        poke(b, "MAX", 0x2000); // the root's own size; c's 0x3000 is larger
        assertThat(tree.violation()).isEqualTo("node " + b + " [0x3000, 0x5000) has subtree_max_size 0x2000, expected 0x3000");
    }

    @Test
    void subtreeMaxThatIgnoresTheLeftChildIsNamed() {
        // a tree whose largest range is on the left
        RangeTree t = new RangeTree(4);
        int x = t.insert(0x0000, 0x5000);  // size 0x5000
        int y = t.insert(0x6000, 0x7000);  // size 0x1000
        int z = t.insert(-0x2000L, -0x1000L); // unsigned top of the space, size 0x1000
        tree = t;
        assertThat(t.violation()).isNull();
        assertThat(t.root()).isEqualTo(y); // rotation: y root, x left, z right
        assertThat(t.left(y)).isEqualTo(x);
        assertThat(t.right(y)).isEqualTo(z);
        poke(y, "MAX", 0x1000); // y's own size; x's 0x5000 is larger
        assertThat(t.violation()).isEqualTo("node " + y + " [0x6000, 0x7000) has subtree_max_size 0x1000, expected 0x5000");
    }

    @Test
    void countDisagreeingWithTheNodesIsNamed() {
        setInt(tree, "count", 4);
        assertThat(tree.violation()).isEqualTo("tree holds 3 nodes but counts 4");
    }

    @Test
    void emptyRangeIsNamed() {
        tree.setEnd(c, 0x6000);
        assertThat(tree.violation()).isEqualTo("node " + c + " has empty or inverted range [0x6000, 0x6000)");
    }

    @Test
    void overlappingRangesAreNamed() {
        tree.setEnd(a, 0x3001);
        assertThat(tree.violation()).isEqualTo("node " + b + " [0x3000, 0x5000) overlaps or precedes the range ending at 0x3001");
    }

    @Test
    void overlapOfTheLastRangeIsNamed() {
        tree.setEnd(b, 0x6800);
        assertThat(tree.violation()).isEqualTo("node " + c + " [0x6000, 0x9000) overlaps or precedes the range ending at 0x6800");
    }

    @Test
    void touchingRangesAreSound() {
        tree.setEnd(a, 0x3000); // [0x1000, 0x3000) then [0x3000, 0x5000): disjoint, half-open
        assertThat(tree.violation()).isNull();
    }
}
