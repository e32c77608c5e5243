package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link IdentityLinkedSet} against the structure it replaced: a {@code LinkedHashMap} keyed by an
 * identity wrapper (modelled here by an insertion-ordered list plus an {@link IdentityHashMap}).
 * Replay a failure with {@code -Dvmapkit.seed=<seed>}.
 */
class IdentityLinkedSetTest {

    /** Distinct objects that are all equal and share one hash code: only identity tells them apart. */
    private static final class Same {
        final int id;

        Same(int id) {
            this.id = id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Same;
        }

        @Override
        public int hashCode() {
            return 1;
        }

        @Override
        public String toString() {
            return "#" + id;
        }
    }

    @Test
    void behavesAsAnIdentityKeyedInsertionOrderedMapUnderRandomAddsAndRemoves() {
        checkAgainstModel(new IdentityLinkedSet<>(), "identity hash");
    }

    /** A hasher may give many elements one hash (as areas share none, but it must not matter): identity decides. */
    @Test
    void behavesAsAnIdentityKeyedInsertionOrderedMapWhenTheHasherGivesEveryElementTheSameHash() {
        checkAgainstModel(new IdentityLinkedSet<>(x -> 42), "constant hasher");
    }

    /** A hasher by a key of the element (the areas' start address) instead of the identity hash. */
    @Test
    void behavesAsAnIdentityKeyedInsertionOrderedMapWithAHasherByKey() {
        checkAgainstModel(new IdentityLinkedSet<>(x -> Long.hashCode((x.id % 64) * 4096L * 0x9E3779B97F4A7C15L)),
                "hasher by key (64 keys)");
    }

    private static void checkAgainstModel(IdentityLinkedSet<Same> set, String variant) {
        long seed = Long.getLong("vmapkit.seed", System.nanoTime());
        System.out.println("IdentityLinkedSetTest (" + variant + ") seed " + seed + " (replay with -Dvmapkit.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        List<Same> order = new ArrayList<>();
        IdentityHashMap<Same, Boolean> in = new IdentityHashMap<>();
        List<Same> pool = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            pool.add(new Same(i));
        }
        List<String> ops = new ArrayList<>();
        for (int step = 0; step < 50_000; step++) {
            Same x = pool.get(random.nextInt(random.nextBoolean() ? 40 : pool.size()));
            String where = variant + ", seed " + seed + " (replay with -Dvmapkit.seed=" + seed + "), step " + step + ", last ops " + ops.subList(Math.max(0, ops.size() - 20), ops.size());
            if (random.nextInt(3) != 0) {
                ops.add("add " + x);
                boolean added = in.put(x, Boolean.TRUE) == null;
                if (added) {
                    order.add(x);
                }
                assertThat(set.add(x)).as(where).isEqualTo(added);
            } else {
                ops.add("remove " + x);
                boolean removed = in.remove(x) != null;
                if (removed) {
                    order.removeIf(e -> e == x);
                }
                assertThat(set.remove(x)).as(where).isEqualTo(removed);
            }
            assertThat(set.size()).as(where).isEqualTo(order.size());
            if (step % 97 == 0) {
                assertThat(set.toList()).as(where).containsExactlyElementsOf(order);
                for (Same p : pool.subList(0, 40)) {
                    assertThat(set.contains(p)).as(where + " contains " + p).isEqualTo(in.containsKey(p));
                }
            }
        }
        String end = variant + ", seed " + seed + " (replay with -Dvmapkit.seed=" + seed + ")";
        assertThat(set.toList()).as(end).containsExactlyElementsOf(order);
        set.clear();
        assertThat(set.size()).as(end).isZero();
        assertThat(set.toList()).as(end).isEmpty();
    }
}
