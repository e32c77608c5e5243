package io.vmapkit.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link PageRangeAllocator} must do: lowest-address first fit, merge on free, refuse
 * bad input without changing anything — checked on fixed scenarios and against
 * {@link LinearScanOracle} on seeded random operation sequences.
 *
 * <p>The random test runs a fixed list of seeds plus one fresh seed per run; each seed is in the
 * display name and in every assertion message. Replay one with {@code -Dvmapkit.seed=<seed>}
 * (then only that seed runs). On a mismatch the message ends with the last operations.
 */
abstract class PageRangeAllocatorContract {

    /** A new, empty allocator over {@code capacity} pages. */
    abstract PageRangeAllocator create(long capacity);

    @Test
    void allocReturnsTheLowestFreeRunThatIsLongEnough() {
        PageRangeAllocator a = create(100);
        assertThat(a.alloc(3)).isEqualTo(0);
        assertThat(a.alloc(5)).isEqualTo(3);
        assertThat(a.alloc(2)).isEqualTo(8);
        a.free(3, 5); // hole [3, 8)
        assertThat(a.alloc(4)).as("fits the hole at its low end").isEqualTo(3);
        assertThat(a.alloc(2)).as("the 1-page rest [7, 8) is too short: next fit is above").isEqualTo(10);
        assertThat(a.alloc(1)).as("the 1-page rest is the lowest fit for one page").isEqualTo(7);
        assertThat(a.freePages()).isEqualTo(100 - 3 - 4 - 2 - 2 - 1);
    }

    @Test
    void freeMergesWithBothNeighbours() {
        PageRangeAllocator a = create(12);
        long left = a.alloc(4);
        long middle = a.alloc(4);
        long right = a.alloc(4);
        a.free(left, 4);
        a.free(right, 4);
        assertThat(a.alloc(5)).as("no run of 5 before the middle is freed").isEqualTo(-1);
        a.free(middle, 4);
        assertThat(a.alloc(12)).as("after merging, the whole capacity is one run").isEqualTo(0);
        assertThat(a.freePages()).isZero();
    }

    @Test
    void allocFailsWithMinusOneWhenNoRunIsLongEnoughAndChangesNothing() {
        PageRangeAllocator a = create(10);
        a.alloc(4);
        long second = a.alloc(4);
        a.alloc(2);
        a.free(second, 4);
        boolean[] before = freeMap(a);
        assertThat(a.alloc(5)).isEqualTo(-1);
        assertThat(a.alloc(11)).isEqualTo(-1);
        assertThat(freeMap(a)).isEqualTo(before);
        assertThat(a.freePages()).isEqualTo(4);
    }

    @Test
    void theWholeCapacityCanBeAllocatedOnceAndNothingBeyondIt() {
        PageRangeAllocator a = create(70);
        assertThat(a.alloc(71)).isEqualTo(-1);
        assertThat(a.alloc(70)).isEqualTo(0);
        assertThat(a.alloc(1)).isEqualTo(-1);
        assertThat(a.isFree(69)).isFalse();
        assertThat(a.isFree(70)).as("outside the capacity").isFalse();
        assertThat(a.isFree(-1)).as("outside the capacity").isFalse();
    }

    @Test
    void doubleFreeIsRefusedNamingTheRangeAndChangesNothing() {
        PageRangeAllocator a = create(64);
        long p = a.alloc(8);
        a.alloc(8);
        a.free(p, 8);
        boolean[] before = freeMap(a);
        long freeBefore = a.freePages();
        assertThatThrownBy(() -> a.free(p, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 8)").hasMessageContaining("double free");
        assertThatThrownBy(() -> a.free(4, 8)).as("half free, half allocated")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 12)");
        assertThatThrownBy(() -> a.free(20, 1)).as("never allocated")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[20, 21)");
        assertThat(freeMap(a)).isEqualTo(before);
        assertThat(a.freePages()).isEqualTo(freeBefore);
    }

    @Test
    void freeOutsideTheCapacityIsRefusedNamingTheRange() {
        PageRangeAllocator a = create(64);
        a.alloc(64);
        assertThatThrownBy(() -> a.free(-1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[-1, 1)").hasMessageContaining("outside");
        assertThatThrownBy(() -> a.free(63, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[63, 65)").hasMessageContaining("outside");
        assertThat(a.freePages()).isZero();
    }

    @Test
    void nonPositivePageCountsAndCapacitiesAreRefused() {
        PageRangeAllocator a = create(8);
        assertThatThrownBy(() -> a.alloc(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> a.alloc(-3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        a.alloc(2);
        assertThatThrownBy(() -> a.free(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThat(a.freePages()).isEqualTo(6);
        assertThatThrownBy(() -> create(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    static LongStream seeds() {
        String replay = System.getProperty("vmapkit.seed");
        if (replay != null) {
            return LongStream.of(Long.parseLong(replay));
        }
        return LongStream.concat(LongStream.of(1, 2, 3, 20190102, 0xC0FFEEL, -7), LongStream.of(System.nanoTime()));
    }

    static Stream<Long> seedList() {
        return seeds().boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seedList")
    void matchesTheLinearScanOracle(long seed) {
        System.out.println(getClass().getSimpleName() + ".matchesTheLinearScanOracle seed " + seed
                + " (replay with -Dvmapkit.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int capacity = 1 + random.nextInt(700); // crosses word and summary boundaries, odd tails
        PageRangeAllocator a = create(capacity);
        LinearScanOracle oracle = new LinearScanOracle(capacity);
        List<long[]> live = new ArrayList<>();
        Deque<String> log = new ArrayDeque<>();
        log.add("create(" + capacity + ")");
        for (int op = 0; op < 3000; op++) {
            if (live.isEmpty() || random.nextInt(100) < 55) {
                int pages = randomPages(random, capacity);
                long expected = oracle.alloc(pages);
                long actual = a.alloc(pages);
                record(log, "alloc(" + pages + ") = " + actual);
                assertThat(actual).as("seed %d, op %d: alloc(%d) must return the lowest fit; last ops:%n%s",
                        seed, op, pages, String.join("\n", log)).isEqualTo(expected);
                if (actual >= 0) {
                    live.add(new long[] {actual, pages});
                }
            } else {
                long[] victim = live.remove(random.nextInt(live.size()));
                oracle.free(victim[0], (int) victim[1]);
                a.free(victim[0], (int) victim[1]);
                record(log, "free(" + victim[0] + ", " + victim[1] + ")");
            }
            assertThat(a.freePages()).as("seed %d, op %d: free pages; last ops:%n%s", seed, op, String.join("\n", log))
                    .isEqualTo(oracle.freePages());
            if (op % 100 == 0) {
                assertSameFreeMap(a, oracle, capacity, seed, op, log);
            }
        }
        assertSameFreeMap(a, oracle, capacity, seed, -1, log);
    }

    /** Mostly small runs; some around a word (64 pages), so whole words fill and empty; a few of any size. */
    private static int randomPages(SplittableRandom random, int capacity) {
        int kind = random.nextInt(8);
        if (kind == 0) {
            return 1 + random.nextInt(capacity);
        }
        if (kind == 1) {
            return Math.min(capacity, 50 + random.nextInt(90));
        }
        return 1 + random.nextInt(Math.min(capacity, 12));
    }

    private static void record(Deque<String> log, String op) {
        log.add(op);
        if (log.size() > 40) {
            log.removeFirst();
        }
    }

    private static void assertSameFreeMap(PageRangeAllocator a, LinearScanOracle oracle, int capacity, long seed,
            int op, Deque<String> log) {
        for (int p = 0; p < capacity; p++) {
            assertThat(a.isFree(p)).as("seed %d, op %d: isFree(%d); last ops:%n%s", seed, op, p, String.join("\n", log))
                    .isEqualTo(oracle.isFree(p));
        }
    }

    static boolean[] freeMap(PageRangeAllocator a) {
        boolean[] map = new boolean[(int) a.capacity()];
        for (int p = 0; p < map.length; p++) {
            map[p] = a.isFree(p);
        }
        return map;
    }
}
