package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@code do_shrink_slab} by era ({@link SlabForm}): a worked table per form, computed by hand
 * (derivations beside each row), checked through whole passes of a registry built with that form.
 * All rows use seeks 2 and batch 128 (SHRINK_BATCH).
 *
 * <p>Sources read (the arithmetic is this project's own; no kernel code copied):
 * <ul>
 *   <li>3.12–4.15: {@code mm/vmscan.c do_shrink_slab(shrinkctl, shrinker, nr_scanned, nr_eligible)}
 *       of the 4.x kernels ({@code delta = (4 * nr_scanned) / seeks; delta *= freeable;
 *       do_div(delta, nr_eligible + 1)}, {@code total_scan = nr + delta}, the
 *       {@code delta < freeable / 4} clamp to {@code freeable / 2}, the {@code 2 * freeable} cap,
 *       {@code next_deferred = total_scan} before the clamps, minus {@code scanned}, floored at 0);</li>
 *   <li>4.16–5.12: J. Bacik, "mm: use sc->priority for slab shrink targets" (9092c71bb724) and a
 *       5.10-based {@code mm/vmscan.c do_shrink_slab(shrinkctl, shrinker, priority)}
 *       ({@code delta = (freeable >> priority) * 4 / seeks}, the rest unchanged);</li>
 *   <li>5.13+: Y. Shi, "mm: vmscan: shrink deferred objects proportional to priority"
 *       ({@code total_scan = (nr >> priority) + delta}, clamp removed, {@code next_deferred}
 *       capped at {@code 2 * freeable}); {@code mm/shrinker.c do_shrink_slab} (6.7+).</li>
 * </ul>
 */
class ShrinkArithmeticByEraTest {

    private static final int STOP_PASSES_NONE = 0;

    private static Arguments row(SlabForm form, String label, long freeable, int[] priorities, int stopPasses,
            long nr, long delta, long totalScan, List<Long> batches, long left, long nextDeferred) {
        return Arguments.of(form, label, freeable, priorities, stopPasses, nr, delta, totalScan, batches, left, nextDeferred);
    }

    private static List<Long> times(int n, long nrToScan) {
        return Collections.nCopies(n, nrToScan);
    }

    /*
     * 3.12 form, pressure of a priority-p pass: nr_eligible = E = 2^20 = 1,048,576,
     * nr_scanned = E >> p; delta = (4 * (E >> p) / 2) * freeable / (E + 1).
     */
    static Stream<Arguments> kernel312() {
        SlabForm f = SlabForm.KERNEL_3_12;
        return Stream.of(
                // p 12: E >> 12 = 256; 4 * 256 / 2 = 512; 512 * 1000 / 1,048,577 = 0 -> nothing to scan
                row(f, "3.12: 1000 @12", 1000, new int[] {12}, STOP_PASSES_NONE, 0, 0, 0, List.of(), 0, 0),
                // p 0: 4 * E / 2 = 2^21; 2^21 * 1000 = 2,097,152,000; / 1,048,577 = 1999 (x 2000 = 2,097,154,000 too much);
                // 1999 >= 1000 / 4, no clamp; cap 2000; 15 x 128 = 1920, 79 left; next 1999 - 1920 = 79
                row(f, "3.12: 1000 @0", 1000, new int[] {0}, STOP_PASSES_NONE, 0, 1999, 1999, times(15, 128), 79, 79),
                // p 12: 512 * 100,000 = 51,200,000; / 1,048,577 = 48 (49 x = 51,380,273 too much); clamp min(48, 50,000)
                row(f, "3.12: 100000 @12", 100000, new int[] {12}, STOP_PASSES_NONE, 0, 48, 48, List.of(), 48, 48),
                // then p 10: E >> 10 = 1024; 2048 * 100,000 = 204,800,000; / 1,048,577 = 195 (196 x = 205,521,092 too much);
                // total nr + delta = 48 + 195 = 243; 195 < 25,000 so min(243, 50,000) = 243; one batch, 115 left;
                // next 48 + 195 - 128 = 115
                row(f, "3.12: 100000 @12 then @10", 100000, new int[] {12, 10}, STOP_PASSES_NONE,
                        48, 195, 243, List.of(128L), 115, 115),
                // three p-0 passes stopped at their first batch: next 1999, 3998, 5997 (never capped);
                // then p 6: E >> 6 = 16,384; 32,768 * 1000 = 32,768,000; / 1,048,577 = 31; total 5997 + 31 = 6028;
                // 31 < 250 so min(6028, 500) = 500 = 3 x 128 + 116; next 5997 + 31 - 384 = 5644
                row(f, "3.12: backlog of three stopped passes, then @6", 1000, new int[] {0, 0, 0, 6}, 3,
                        5997, 31, 500, times(3, 128), 116, 5644));
    }

    /* 4.16 form: delta = (freeable >> p) * 4 / 2; total = nr + delta with the clamp; next uncapped. */
    static Stream<Arguments> kernel416() {
        SlabForm f = SlabForm.KERNEL_4_16;
        return Stream.of(
                // 1000 >> 12 = 0
                row(f, "4.16: 1000 @12", 1000, new int[] {12}, STOP_PASSES_NONE, 0, 0, 0, List.of(), 0, 0),
                // 1000 * 4 / 2 = 2000 >= 250, no clamp; cap 2000; 15 x 128 = 1920; next 2000 - 1920 = 80
                row(f, "4.16: 1000 @0", 1000, new int[] {0}, STOP_PASSES_NONE, 0, 2000, 2000, times(15, 128), 80, 80),
                // (100,000 >> 12) = 24; 24 * 4 / 2 = 48; clamp min(48, 50,000)
                row(f, "4.16: 100000 @12", 100000, new int[] {12}, STOP_PASSES_NONE, 0, 48, 48, List.of(), 48, 48),
                // (100,000 >> 10) = 97; 97 * 2 = 194; total 48 + 194 = 242 (5.13: 194); one batch, 114 left;
                // next 48 + 194 - 128 = 114
                row(f, "4.16: 100000 @12 then @10", 100000, new int[] {12, 10}, STOP_PASSES_NONE,
                        48, 194, 242, List.of(128L), 114, 114),
                // stopped p-0 passes defer 2000, 4000, 6000 (uncapped); then p 6: (1000 >> 6) = 15, delta 30;
                // total 6030; 30 < 250 so min(6030, 500) = 500 = 3 x 128 + 116; next 6000 + 30 - 384 = 5646
                row(f, "4.16: backlog of three stopped passes, then @6", 1000, new int[] {0, 0, 0, 6}, 3,
                        6000, 30, 500, times(3, 128), 116, 5646));
    }

    /* 5.13 form: total = (nr >> p) + delta, cap 2 * freeable; next capped at 2 * freeable. */
    static Stream<Arguments> kernel513() {
        SlabForm f = SlabForm.KERNEL_5_13;
        return Stream.of(
                row(f, "5.13: 1000 @0", 1000, new int[] {0}, STOP_PASSES_NONE, 0, 2000, 2000, times(15, 128), 80, 80),
                // (48 >> 10) + 194 = 194; one batch, 66 left; next 48 + 194 - 128 = 114
                row(f, "5.13: 100000 @12 then @10", 100000, new int[] {12, 10}, STOP_PASSES_NONE,
                        48, 194, 194, List.of(128L), 66, 114),
                // stopped p-0 passes: next min(2000, 2000), then min(4000, 2000) twice -> 2000;
                // then p 6: (2000 >> 6) + 30 = 31 + 30 = 61 < 128 and < 1000: no batch; next min(2030, 2000) = 2000
                row(f, "5.13: backlog of three stopped passes, then @6", 1000, new int[] {0, 0, 0, 6}, 3,
                        2000, 30, 61, List.of(), 61, 2000));
    }

    static Stream<Arguments> everyEra() {
        return Stream.of(kernel312(), kernel416(), kernel513()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyEra")
    void doShrinkSlabOfEachEraMatchesItsHandComputedTable(SlabForm form, String label, long freeable, int[] priorities,
            int stopPasses, long nr, long delta, long totalScan, List<Long> batches, long left, long nextDeferred) {
        ShrinkRecorder events = new ShrinkRecorder();
        ShrinkerRegistry registry = ShrinkerRegistries.create(NotifierConfig.builder().listener(events).build(), form);
        int[] pass = {0};
        ScriptedShrinker s = new ScriptedShrinker("cache", freeable)
                .scan((call, sc) -> pass[0] < stopPasses ? Shrinker.SHRINK_STOP : sc.nrToScan());
        registry.register(s);
        for (int i = 0; i < priorities.length - 1; i++) {
            registry.shrinkSlab(priorities[i]);
            pass[0]++;
        }
        s.scans.clear();
        int priority = priorities[priorities.length - 1];

        long freed = registry.shrinkSlab(priority);

        ShrinkRecorder.Start start = events.lastStart();
        assertThat(start.nr).as(label + ": nr (deferred taken)").isEqualTo(nr);
        assertThat(start.delta).as(label + ": delta").isEqualTo(delta);
        assertThat(start.totalScan).as(label + ": total_scan").isEqualTo(totalScan);
        assertThat(s.scans).as(label + ": nr_to_scan of each batch").isEqualTo(batches);
        assertThat(freed).isEqualTo(batches.stream().mapToLong(Long::longValue).sum());
        assertThat(events.lastEnd().totalScan).as(label + ": total_scan left").isEqualTo(left);
        assertThat(registry.deferred(s)).as(label + ": next_deferred").isEqualTo(nextDeferred);
        assertThat(events.problems).isEmpty();
    }

    /** The 3.12 delta with the kernel's own pressure values, independent of the model's LRU stand-in. */
    @Test
    void deltaOf312FormIsFourNrScannedOverSeeksTimesFreeableOverNrEligiblePlusOne() {
        // drop_caches passes 1000 / 1000: (4 * 1000 / 2) * 1000 = 2,000,000; / 1001 = 1998 (1998 x 1001 = 1,999,998)
        assertThat(SlabArithmetic.pressureDelta(1000, 1000, 1000, 2)).isEqualTo(1998);
        // 4 * 32 / 2 = 64; 64 * 100,000 = 6,400,000; / 1,000,001 = 6
        assertThat(SlabArithmetic.pressureDelta(100_000, 32, 1_000_000, 2)).isEqualTo(6);
        // seeks 3 truncates first: 4 * 1 / 3 = 1; 1 * 3000 / 10 = 300 (not 4 * 3000 / 30 = 400)
        assertThat(SlabArithmetic.pressureDelta(3000, 1, 9, 3)).isEqualTo(300);
        // zero-seek: freeable / 2 (the kernel's form has no zero-seek case; it would divide by zero)
        assertThat(SlabArithmetic.pressureDelta(1000, 1000, 1000, 0)).isEqualTo(500);
        // saturates instead of wrapping: (4 * 2^61 / 2) * 2^61 is far past 2^63
        assertThat(SlabArithmetic.pressureDelta(1L << 61, 1L << 61, 0, 2)).isEqualTo(Long.MAX_VALUE);
    }

    /** Before 5.13 a delta under a quarter of the cache limits {@code nr + delta} to half of it. */
    @Test
    void before513TotalScanIsNrPlusDeltaClampedToHalfTheCacheWhenDeltaIsBelowAQuarter() {
        // delta 249 < 1000 / 4: min(5000 + 249, 500) = 500
        assertThat(SlabArithmetic.totalScanNrPlusDelta(5000, 249, 1000)).isEqualTo(500);
        // delta 250 is not below 250: no clamp, then the 2 x freeable cap: min(5250, 2000)
        assertThat(SlabArithmetic.totalScanNrPlusDelta(5000, 250, 1000)).isEqualTo(2000);
        // small numbers pass unchanged: 10 + 300 = 310
        assertThat(SlabArithmetic.totalScanNrPlusDelta(10, 300, 1000)).isEqualTo(310);
    }

    /** Before 5.13 deferred work is {@code nr + delta - scanned}, never capped. */
    @Test
    void before513NextDeferredIsNrPlusDeltaMinusScannedUncapped() {
        assertThat(SlabArithmetic.nextDeferredUncapped(6000, 30, 384)).isEqualTo(5646);
        assertThat(SlabArithmetic.nextDeferredUncapped(10, 20, 128)).isZero();
        // 5.13 caps the same values at 2 * freeable = 2000
        assertThat(SlabArithmetic.nextDeferred(6000, 30, 384, 1000)).isEqualTo(2000);
    }

    @Test
    void formsParseByTheirFirstReleaseAndRejectOthersNamingTheValue() {
        assertThat(SlabForm.fromLabel("3.12")).isEqualTo(SlabForm.KERNEL_3_12);
        assertThat(SlabForm.fromLabel("4.16")).isEqualTo(SlabForm.KERNEL_4_16);
        assertThat(SlabForm.fromLabel("5.13")).isEqualTo(SlabForm.KERNEL_5_13);
        assertThatThrownBy(() -> SlabForm.fromLabel("4.9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'4.9'").hasMessageContaining("3.12, 4.16, 5.13");
    }

    @Test
    void theDefaultRegistryRunsThe513Form() {
        DefaultShrinkerRegistry r = (DefaultShrinkerRegistry) ShrinkerRegistries.create(NotifierConfig.defaults());
        assertThat(r.form()).isEqualTo(SlabForm.KERNEL_5_13);
    }
}
