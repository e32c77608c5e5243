package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BoBucket} against the structure it replaced, an {@link ArrayDeque} of (buffer, free time)
 * pairs. Replay a failure with {@code -Dvmapkit.seed=<seed>}.
 */
class BoBucketTest {

    private record Entry(GemObject obj, long freeTime) {}

    @Test
    void behavesAsAFifoOfBuffersAndTheirFreeTimesUnderRandomAddsAndPolls() {
        long seed = Long.getLong("vmapkit.seed", System.nanoTime());
        System.out.println("BoBucketTest seed " + seed + " (replay with -Dvmapkit.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        BoBucket bucket = new BoBucket();
        ArrayDeque<Entry> model = new ArrayDeque<>();
        List<String> ops = new ArrayList<>();
        long now = 0;
        int nextId = 1;
        for (int step = 0; step < 50_000; step++) {
            String where = "seed " + seed + ", step " + step + ", last ops " + ops.subList(Math.max(0, ops.size() - 20), ops.size());
            // Phases that mostly add and mostly poll, so the bucket grows while its head is mid-array.
            boolean add = model.isEmpty() || random.nextInt(100) < ((step / 500) % 2 == 0 ? 65 : 35);
            if (add) {
                GemObject o = new GemObject(nextId++, 8, true);
                now += random.nextInt(3);
                ops.add("add " + o.id() + "@" + now);
                bucket.addLast(o, now);
                model.addLast(new Entry(o, now));
            } else {
                Entry e = model.pollFirst();
                ops.add("poll");
                assertThat(bucket.peekFirst()).as(where).isSameAs(e.obj());
                assertThat(bucket.firstFreeTime()).as(where).isEqualTo(e.freeTime());
                assertThat(bucket.pollFirst()).as(where).isSameAs(e.obj());
            }
            assertThat(bucket.size()).as(where).isEqualTo(model.size());
            assertThat(bucket.isEmpty()).as(where).isEqualTo(model.isEmpty());
        }
        while (!model.isEmpty()) {
            assertThat(bucket.pollFirst()).as("seed " + seed + ", draining").isSameAs(model.pollFirst().obj());
        }
        assertThat(bucket.isEmpty()).isTrue();
    }

    @Test
    void anEmptyBucketHasNoHead() {
        BoBucket bucket = new BoBucket();
        assertThatThrownBy(bucket::peekFirst).isInstanceOf(NoSuchElementException.class).hasMessageContaining("empty");
        assertThatThrownBy(bucket::firstFreeTime).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(bucket::pollFirst).isInstanceOf(NoSuchElementException.class);
        assertThat(bucket.size()).isZero();
    }
}
