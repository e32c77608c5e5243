package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole {@code do_shrink_slab} passes (§12.3) against hand-computed tables: the five worked
 * examples of §12.4 and more, checked through the scans the shrinker saw, the start/end events and
 * the deferred work left behind.
 */
class ShrinkSlabPassTest {

    private final ShrinkRecorder events = new ShrinkRecorder();
    private final ShrinkerRegistry registry = ShrinkerRegistries.create(NotifierConfig.builder().listener(events).build());

    /** One expected pass. */
    private static Arguments row(String label, long freeable, int seeks, long batch, int[] priorities,
            long nr, long delta, long totalScan, List<Long> batches, long left, long nextDeferred) {
        return Arguments.of(label, freeable, seeks, batch, priorities, nr, delta, totalScan, batches, left, nextDeferred);
    }

    private static List<Long> times(int n, long nrToScan) {
        return Collections.nCopies(n, nrToScan);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // §12.4 row 1: below 4096 objects priority 12 gives nothing
                row("12.4 row 1", 1000, 2, 0, new int[] {12}, 0, 0, 0, List.of(), 0, 0),
                // §12.4 row 2: 2000 to scan, 15 batches of 128, 80 left and deferred
                row("12.4 row 2", 1000, 2, 0, new int[] {0}, 0, 2000, 2000, times(15, 128), 80, 80),
                // §12.4 row 3
                row("12.4 row 3", 100000, 2, 0, new int[] {12}, 0, 48, 48, List.of(), 48, 48),
                // §12.4 row 4: the 48 deferred by row 3 carried into a priority-10 pass
                row("12.4 row 4 (after row 3)", 100000, 2, 0, new int[] {12, 10}, 48, 194, 194, List.of(128L), 66, 114),
                // §12.4 row 5: i915's batch 4096 defers everything
                row("12.4 row 5 (batch 4096)", 100000, 2, 4096, new int[] {6}, 0, 3124, 3124, List.of(), 3124, 3124),
                // zero-seek: freeable / 2 at any priority; 500 = 3 x 128 + 116
                row("zero-seek", 1000, 0, 0, new int[] {12}, 0, 500, 500, times(3, 128), 116, 116),
                // seeks 1: (5000 >> 8) * 4 = 76
                row("seeks 1", 5000, 1, 0, new int[] {8}, 0, 76, 76, List.of(), 76, 76),
                // custom batch 50: 124 = 2 x 50 + 24
                row("batch 50", 1000, 2, 50, new int[] {4}, 0, 124, 124, List.of(50L, 50L), 24, 24),
                // small cache: total_scan 200 (cap 2 x 100); one batch; 72 deferred
                row("small cache", 100, 2, 0, new int[] {0}, 0, 200, 200, List.of(128L), 72, 72),
                // carried deferral hits the total_scan cap: 72 + 200 capped at 200; 144 deferred
                row("deferral capped (2nd pass)", 100, 2, 0, new int[] {0, 0}, 72, 200, 200, List.of(128L), 72, 144),
                // ... and next_deferred capped too: 144 + 200 - 128 = 216 -> 200
                row("deferral capped (3rd pass)", 100, 2, 0, new int[] {0, 0, 0}, 144, 200, 200, List.of(128L), 72, 200),
                // a cache smaller than one batch is scanned because total_scan >= freeable
                row("cache below a batch", 10, 2, 0, new int[] {0}, 0, 20, 20, List.of(20L), 0, 0),
                // deferral built up at priority 12 (48 per pass), then spent at priority 7:
                // delta (781 * 4 / 2) = 1562, total (144 >> 7) + 1562 = 1563 = 12 x 128 + 27, next 144 + 1562 - 1536
                row("three idle passes then priority 7", 100000, 2, 0, new int[] {12, 12, 12, 7},
                        144, 1562, 1563, times(12, 128), 27, 170));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void passMatchesTheHandComputedTable(String label, long freeable, int seeks, long batch, int[] priorities,
            long nr, long delta, long totalScan, List<Long> batches, long left, long nextDeferred) {
        ScriptedShrinker s = new ScriptedShrinker("cache", freeable).seeks(seeks).batch(batch);
        registry.register(s);
        for (int i = 0; i < priorities.length - 1; i++) {
            registry.shrinkSlab(priorities[i]);
        }
        s.scans.clear();
        events.starts.clear();
        events.ends.clear();
        int priority = priorities[priorities.length - 1];
        long freed = registry.shrinkSlab(priority);

        ShrinkRecorder.Start start = events.lastStart();
        assertThat(start.shrinker).isEqualTo("cache");
        assertThat(start.nid).isZero();
        assertThat(start.nr).as("nr_objects_to_shrink (deferred taken)").isEqualTo(nr);
        assertThat(start.cacheItems).isEqualTo(freeable);
        assertThat(start.delta).as("delta").isEqualTo(delta);
        assertThat(start.totalScan).as("total_scan").isEqualTo(totalScan);
        assertThat(start.priority).isEqualTo(priority);
        assertThat(s.scans).as("nr_to_scan of each batch").isEqualTo(batches);
        long scanned = batches.stream().mapToLong(Long::longValue).sum();
        assertThat(freed).as("freed = what the scans returned").isEqualTo(scanned);
        assertThat(registry.deferred(s)).as("next_deferred").isEqualTo(nextDeferred);
        ShrinkRecorder.End end = events.lastEnd();
        assertThat(end.unusedScan).isEqualTo(nr);
        assertThat(end.newScan).isEqualTo(nextDeferred);
        assertThat(end.totalScan).as("total_scan left").isEqualTo(left);
        assertThat(end.retval).isEqualTo(freed);
        assertThat(events.problems).isEmpty();
    }

    @Test
    void shrinkStopMidLoopEndsTheLoopAndDefersTheRest() {
        // 1000 at priority 0: 2000 to scan; STOP on the 4th batch -> 3 x 128 scanned, 2000 - 384 deferred
        ScriptedShrinker s = new ScriptedShrinker("stopper", 1000)
                .scan((call, sc) -> call == 4 ? Shrinker.SHRINK_STOP : 100);
        registry.register(s);
        assertThat(registry.shrinkSlab(0)).isEqualTo(300);
        assertThat(s.scans).containsExactly(128L, 128L, 128L, 128L);
        assertThat(registry.deferred(s)).isEqualTo(1616);
        assertThat(events.lastEnd().totalScan).isEqualTo(1616);
        assertThat(events.lastEnd().retval).isEqualTo(300);
        assertThat(events.problems).as("SHRINK_STOP is legitimate").isEmpty();
    }

    @Test
    void calleeLoweredNrScannedIsWhatTotalScanAndDeferralCount() {
        // each batch examines only 100 of 128: 19 batches bring 2000 down to 100 (< 128 and < 1000)
        ScriptedShrinker s = new ScriptedShrinker("partial", 1000).scan((call, sc) -> {
            sc.setNrScanned(100);
            return 50;
        });
        registry.register(s);
        assertThat(registry.shrinkSlab(0)).isEqualTo(19 * 50);
        assertThat(s.scans).isEqualTo(times(19, 128));
        assertThat(registry.deferred(s)).isEqualTo(100);
        assertThat(events.lastEnd().totalScan).isEqualTo(100);
        assertThat(events.problems).isEmpty();
    }

    @Test
    void shrinkControlCarriesNodePriorityAndPresetsNrScanned() {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScriptedShrinker s = new ScriptedShrinker("probe", 1000).scan((call, sc) -> {
            seen.add(sc.nid() + "/" + sc.priority() + "/" + sc.nrToScan() + "/" + sc.nrScanned() + "/" + sc.canBlock());
            return 0;
        });
        registry.register(s);
        registry.shrinkSlab(3); // (1000 >> 3) * 2 = 250 -> one batch of 128, then 122 < 128
        assertThat(seen).containsExactly("0/3/128/128/true");
    }

    @Test
    void emptyOrUnknownCountSkipsTheShrinkerWithoutTouchingItsDeferral() {
        ScriptedShrinker s = new ScriptedShrinker("idle", 100000);
        registry.register(s);
        registry.shrinkSlab(12);
        assertThat(registry.deferred(s)).isEqualTo(48);
        events.starts.clear();
        for (long count : new long[] {0, Shrinker.SHRINK_EMPTY}) {
            s.count = count;
            assertThat(registry.shrinkSlab(0)).isZero();
            assertThat(registry.deferred(s)).isEqualTo(48);
        }
        assertThat(events.starts).as("no mm_shrink_slab_start for a skipped shrinker").isEmpty();
        assertThat(s.scans).isEmpty();
        assertThat(events.problems).isEmpty();
    }

    @Test
    void batchIsReReadOnEveryPass() {
        ScriptedShrinker s = new ScriptedShrinker("retuned", 1000);
        registry.register(s);
        registry.shrinkSlab(4); // 124 < 128: nothing, 124 deferred
        assertThat(s.scans).isEmpty();
        s.batch(50);
        registry.shrinkSlab(4); // total (124 >> 4) + 124 = 131 -> 50, 50 (31 left)
        assertThat(s.scans).containsExactly(50L, 50L);
        assertThat(registry.deferred(s)).isEqualTo(124 + 124 - 100);
    }

    @Test
    void everyShrinkerOfThePassIsCalledAndTheirFreedIsSummed() {
        ScriptedShrinker a = new ScriptedShrinker("a", 1000);
        ScriptedShrinker b = new ScriptedShrinker("b", 100);
        registry.register(a);
        registry.register(b);
        assertThat(registry.shrinkSlab(0)).isEqualTo(1920 + 128);
        assertThat(events.starts).extracting(st -> st.shrinker).containsExactly("a", "b");
    }
}
