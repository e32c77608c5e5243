package io.vmapkit.allocator;

import static io.vmapkit.allocator.RangeTree.NIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.testsupport.Seeds;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The augmented AVL tree under both placements (docs/fidelity.md §3.1, §3.5): random inserts,
 * removals and in-place range changes against a {@link TreeMap} model, with every structural
 * invariant (heights, balance, parent links, {@code subtree_max_size}, order) checked after each
 * change (every tenth change after the first 10,000). Keys are unsigned: the model flips the sign bit so its signed order is the unsigned one.
 */
class RangeTreeTest {

    @Test
    void randomChangesKeepEveryInvariantAndMatchAModel() {
        long seed = Seeds.seed("range tree");
        SplittableRandom rnd = new SplittableRandom(seed);
        RangeTree tree = new RangeTree(4);
        TreeMap<Long, long[]> model = new TreeMap<>(); // flipped start -> {start, end, node, slot base}
        java.util.Set<Long> slots = new java.util.HashSet<>(); // each range stays inside its own slot
        long slot = 1L << 20;
        for (int op = 0; op < 40_000; op++) {
            int dice = rnd.nextInt(10);
            if (dice < 5 || model.isEmpty()) {
                long index = rnd.nextLong(1 << 16) - (1 << 15); // slots around 0 and around the sign bit
                long start = (rnd.nextBoolean() ? index * slot : Long.MIN_VALUE + index * slot);
                if (!slots.add(start)) {
                    continue;
                }
                long end = start + 1 + rnd.nextLong(slot - 1);
                int node = tree.insert(start, end);
                model.put(start ^ Long.MIN_VALUE, new long[] {start, end, node, start});
            } else if (dice < 9) {
                long[] victim = pick(rnd, model);
                tree.remove((int) victim[2]);
                model.remove(victim[0] ^ Long.MIN_VALUE);
                slots.remove(victim[3]);
            } else {
                long[] r = pick(rnd, model);
                int node = (int) r[2];
                if (rnd.nextBoolean()) {
                    long end = r[0] + 1 + rnd.nextLong(r[3] + slot - r[0] - 1); // stays inside the slot
                    tree.setEnd(node, end);
                    r[1] = end;
                } else {
                    long start = r[1] - 1 - rnd.nextLong(r[1] - r[0]); // shrink or keep, still non-empty
                    tree.setStart(node, start);
                    model.remove(r[0] ^ Long.MIN_VALUE);
                    r[0] = start;
                    model.put(start ^ Long.MIN_VALUE, r);
                }
            }
            if (op < 10_000 || op % 10 == 0) {
                assertThat(tree.violation()).as(Seeds.replay(seed) + " after op " + op).isNull();
            }
            if (op % 97 == 0) {
                assertMatches(tree, model, seed);
            }
        }
        assertMatches(tree, model, seed);
    }

    private static long[] pick(SplittableRandom rnd, TreeMap<Long, long[]> model) {
        Map.Entry<Long, long[]> e = model.ceilingEntry(rnd.nextLong());
        return (e != null ? e : model.firstEntry()).getValue();
    }

    private static void assertMatches(RangeTree tree, TreeMap<Long, long[]> model, long seed) {
        assertThat(tree.count()).as(Seeds.replay(seed)).isEqualTo(model.size());
        int node = tree.first();
        long largest = 0;
        for (Map.Entry<Long, long[]> e : model.entrySet()) {
            long[] r = e.getValue();
            assertThat(node).as(Seeds.replay(seed)).isEqualTo((int) r[2]);
            assertThat(tree.start(node)).isEqualTo(r[0]);
            assertThat(tree.end(node)).isEqualTo(r[1]);
            assertThat(tree.find(r[0])).isEqualTo(node);
            assertThat(tree.floor(r[0])).isEqualTo(node);
            int next = tree.next(node);
            if (next != NIL) {
                assertThat(tree.prev(next)).isEqualTo(node);
            }
            if (Long.compareUnsigned(r[1] - r[0], largest) > 0) {
                largest = r[1] - r[0];
            }
            node = next;
        }
        assertThat(node).isEqualTo(NIL);
        assertThat(tree.largest()).isEqualTo(largest);
    }

    @Test
    void nodesKeepTheirIndicesWhenOthersAreRemoved() {
        RangeTree tree = new RangeTree(4);
        int[] nodes = new int[64];
        for (int i = 0; i < 64; i++) {
            nodes[i] = tree.insert(i * 10L, i * 10L + 5);
        }
        for (int i = 0; i < 64; i += 2) {
            tree.remove(nodes[i]); // includes nodes with two children, which are replaced by relinking
        }
        for (int i = 1; i < 64; i += 2) {
            assertThat(tree.start(nodes[i])).isEqualTo(i * 10L);
            assertThat(tree.find(i * 10L)).isEqualTo(nodes[i]);
        }
        assertThat(tree.violation()).isNull();
    }

    /** §3.3: propagation of {@code subtree_max_size} stops at the first ancestor whose value does not change. */
    @Test
    void subtreeMaxPropagationStopsAtTheFirstUnchangedAncestor() {
        RangeTree tree = new RangeTree(4);
        for (int i = 0; i < 1023; i++) {
            tree.insert(i * 100L, i * 100L + 10);
        }
        int leaf = tree.first();
        int height = tree.height(tree.root());
        assertThat(height).isGreaterThan(5);

        tree.setEnd(leaf, 5); // its parent still sees blocks of 10 elsewhere: one node recomputed, one unchanged
        assertThat(tree.lastFixUpVisits()).isEqualTo(2);
        assertThat(tree.largest()).isEqualTo(10);

        tree.setEnd(leaf, 50); // the new largest block: every ancestor changes, up to the root
        int depth = 0;
        for (int n = leaf; n != NIL; n = tree.parent(n)) {
            depth++;
        }
        assertThat(tree.lastFixUpVisits()).isEqualTo(depth);
        assertThat(tree.largest()).isEqualTo(50);
        assertThat(tree.violation()).isNull();
    }

    @Test
    void violationReportsOverlappingRanges() {
        RangeTree tree = new RangeTree(4);
        int a = tree.insert(0, 10);
        tree.insert(20, 30);
        tree.setEnd(a, 25);
        assertThat(tree.violation()).contains("overlaps");
    }
}
