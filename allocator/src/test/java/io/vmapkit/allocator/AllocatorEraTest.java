package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Allocator rules that changed between releases, each checked against the kernel lines it follows.
 *
 * <ul>
 *   <li>Drain worker: {@code drain_vmap_area_work} in U. Rezki's "mm/vmalloc: Move draining areas
 *       out of caller context" (posted 25 Jan 2022; 5.18) and in {@code mm/vmalloc.c} ≈6.3–6.6:
 *       {@code do { mutex_lock; __purge_vmap_area_lazy(ULONG_MAX, 0); mutex_unlock; nr_lazy =
 *       vmap_lazy_nr } while (nr_lazy > lazy_max_pages())} — purge first, check after.</li>
 *   <li>{@code NO_WARN}: {@code mm/vmalloc.c alloc_vmap_area}, overflow exit, before F. Fainelli's
 *       "mm: Silence vmap() allocation failures based on caller gfp_flags" (posted 27 Apr 2017):
 *       {@code if (printk_ratelimit()) pr_warn(...)} with no {@code __GFP_NOWARN} test.</li>
 *   <li>Empty purge: U. Rezki's tracepoint patch for {@code __purge_vmap_area_lazy} turns the empty
 *       list's {@code return false} into {@code goto out}, where
 *       {@code trace_purge_vmap_area_lazy(start, end, num_purged_areas)} fires with the caller's
 *       {@code (ULONG_MAX, 0)} and 0.</li>
 * </ul>
 */
class AllocatorEraTest {

    static final List<String> NAMES = Allocators.NAMES;

    private static VmapAllocatorCore create(String name, AllocatorConfig config, EraSwitches era) {
        return (VmapAllocatorCore) Allocators.provider(name).create(config, era);
    }

    /**
     * The probe. lazy_max_pages 4; three one-page areas (two pages each with the guard):
     * the third free takes the counter to 6 > 4 and schedules the worker. Before it runs, a
     * synchronous purge empties the lazy set (purge 1), and one more area is freed (2 pages, below
     * the threshold). The worker then purges first: purge 2, nothing lazy. Checking first would have
     * found 2 <= 4 and left them (lazy 2, purges 1).
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void drainWorkerPurgesFirstThenChecksSoAnInterveningSynchronousPurgeLeavesNothingLazy(String name) {
        List<Runnable> queued = new ArrayList<>();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4)
                .lazyPurgeMode(LazyPurgeMode.BACKGROUND).drainExecutor(queued::add).build());
        List<VmapArea> three = List.of(a.allocate(PAGE), a.allocate(PAGE), a.allocate(PAGE));
        VmapArea late = a.allocate(PAGE);
        three.forEach(a::free);
        assertThat(a.stats().lazyPages()).isEqualTo(6);
        assertThat(queued).hasSize(1);

        assertThat(a.purgeLazy()).isTrue();
        a.free(late);
        assertThat(a.stats().lazyPages()).isEqualTo(2);
        assertThat(a.stats().purges()).isEqualTo(1);

        queued.remove(0).run();

        assertThat(a.stats().lazyPages()).as("the worker purged although 2 <= lazy_max_pages").isZero();
        assertThat(a.stats().purges()).isEqualTo(2);
        assertThat(queued).isEmpty();
    }

    /**
     * The worker's loop: frees made while its first purge runs (here by a listener of the purge
     * event, 3 areas = 6 pages) leave the counter over the threshold, so it purges again before it
     * ends; no second task is queued (the first is still running).
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void drainWorkerPurgesAgainWhileTheCounterIsStillOverTheThreshold(String name) {
        List<Runnable> queued = new ArrayList<>();
        List<VmapArea> freedDuringPurge = new CopyOnWriteArrayList<>();
        VmapAllocatorCore[] self = new VmapAllocatorCore[1];
        VmapListener refill = new VmapListener() {
            @Override
            public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                if (freedDuringPurge.isEmpty()) {
                    for (int i = 0; i < 3; i++) {
                        VmapArea x = self[0].allocate(PAGE);
                        freedDuringPurge.add(x);
                        self[0].free(x);
                    }
                }
            }
        };
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(64).lazyMaxPages(4).listener(refill)
                .lazyPurgeMode(LazyPurgeMode.BACKGROUND).drainExecutor(queued::add).build());
        self[0] = a;
        for (int i = 0; i < 3; i++) {
            a.free(a.allocate(PAGE));
        }
        assertThat(queued).hasSize(1);

        queued.remove(0).run();

        assertThat(freedDuringPurge).hasSize(3);
        assertThat(a.stats().purges()).as("first purge, then the loop's second").isEqualTo(2);
        assertThat(a.stats().lazyPages()).isZero();
        assertThat(queued).isEmpty();
    }

    /** Before ≈4.12 the overflow warning ignores NO_WARN: a 4.7 allocator warns anyway. */
    @Test
    void noWarnIsNotHonouredBeforeFourTwelveSoTheFourSevenOverflowPathWarnsAnyway() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("io.vmapkit.allocator");
        boolean parents = jul.getUseParentHandlers();
        jul.addHandler(handler);
        jul.setUseParentHandlers(false);
        try {
            VmapRequest quiet = VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build();
            VmapAllocatorCore v47 = create("busy-list-kernel", Allocators.small(8).build(), new EraSwitches(false, false));
            v47.allocate(7L * PAGE);
            assertThatThrownBy(() -> v47.allocate(quiet)).isInstanceOf(VmapAllocationException.class);
            assertThat(records).extracting(LogRecord::getMessage)
                    .containsExactly("vmap allocation for size 8192 failed: use vmalloc=<size> to increase size");

            records.clear();
            VmapAllocatorCore later = create("busy-list-kernel", Allocators.small(8).build(), EraSwitches.DEFAULT);
            later.allocate(7L * PAGE);
            assertThatThrownBy(() -> later.allocate(quiet)).isInstanceOf(VmapAllocationException.class);
            assertThat(records).as("4.12+: NO_WARN suppresses the warning").isEmpty();
        } finally {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(parents);
        }
    }

    /** 6.x traces an empty purge too: start ULONG_MAX, end 0, npurged 0; nothing is flushed or counted. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void sixXTracesAnEmptyPurgeWithUlongMaxZeroAndNoFlush(String name) {
        List<long[]> events = new CopyOnWriteArrayList<>();
        VmapListener recorder = new VmapListener() {
            @Override
            public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                long start = event.start();
                long end = event.end();
                long npurged = event.npurged();
                events.add(new long[] {start, end, npurged});
            }
        };
        VmapAllocatorCore v6 = create(name, Allocators.small(16).listener(recorder).build(), new EraSwitches(true, true));
        assertThat(v6.purgeLazy()).isFalse();
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsExactly(-1L, 0L, 0L);
        assertThat(v6.stats().tlbFlushes()).isZero();
        assertThat(v6.stats().purges()).isZero();

        // a non-empty purge is traced as always: one area of 2 pages at the space's start
        v6.free(v6.allocate(PAGE));
        assertThat(v6.purgeLazy()).isTrue();
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).containsExactly(0x10_0000L, 0x10_0000L + 2 * PAGE, 1L);

        events.clear();
        VmapAllocatorCore byDefault = create(name, Allocators.small(16).listener(recorder).build(), EraSwitches.DEFAULT);
        assertThat(byDefault.purgeLazy()).isFalse();
        assertThat(events).as("by default only non-empty purges are reported").isEmpty();
    }
}
