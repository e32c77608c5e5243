package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.mockito.ArgumentCaptor;

/**
 * docs/fidelity.md §5 and §17 items 6–9: the overflow path's exact order, the notifier rounds, the
 * cap, non-blocking requests and the failure warning. The space is 8 pages: a 3-page "cached"
 * area plus guard and a 3-page filler plus guard fill it, and a 1-page request (2 with guard)
 * finds no room until the cached area is released and purged.
 */
class OverflowPathTest {

    static final List<String> NAMES = Allocators.NAMES;

    private final RecordingListener events = new RecordingListener();

    private VmapAllocatorCore full(String name, AllocatorConfig.Builder config) {
        VmapAllocatorCore a = Allocators.create(name, config.listener(events).build());
        return a;
    }

    private static VmapRequest onePage() {
        return VmapRequest.builder(PAGE).owner("requester").build();
    }

    @SuppressWarnings("unchecked")
    private static NotifierBlock<VmapPurgeEvent> mockBlock(String name) {
        NotifierBlock<VmapPurgeEvent> block = mock(NotifierBlock.class);
        when(block.name()).thenReturn(name);
        return block;
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void overflowPathRunsSearchPurgeSearchNotifySearchPurgeSearch(String name) {
        NotifierBlock<VmapPurgeEvent> block = mockBlock("i915");
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
        VmapArea cached = a.allocate(VmapRequest.builder(3L * PAGE).owner("i915").build());
        a.allocate(3L * PAGE);
        when(block.notifierCall(eq(0L), any())).thenAnswer(inv -> {
            a.free(cached);
            inv.getArgument(1, VmapPurgeEvent.class).add(4);
            return Notify.OK;
        });
        events.clear();

        VmapArea area = a.allocate(onePage());

        assertThat(events.overflowSteps()).containsExactly(
                "search failed", "purge empty", "search failed", "notify round 1 freed 4",
                "search failed", "purge purged", "search found");
        assertThat(area.start()).isEqualTo(cached.start());
        ArgumentCaptor<VmapPurgeEvent> event = ArgumentCaptor.forClass(VmapPurgeEvent.class);
        verify(block, times(1)).notifierCall(eq(VmapPurgeEvent.ACTION), event.capture());
        assertThat(event.getValue().round()).isEqualTo(1);
        assertThat(event.getValue().neededBytes()).isEqualTo(2L * PAGE);
        assertThat(event.getValue().request()).isEqualTo(RequestWindow.resolve(a.space(), onePage()));
        assertThat(event.getValue().contributors()).containsExactly("i915");
        VmapStats s = a.stats();
        assertThat(s.notifierRounds()).isEqualTo(1);
        assertThat(s.searches()).isEqualTo(2 + 4);
        assertThat(s.tlbFlushes()).isEqualTo(1);
    }

    /**
     * §7.4: a non-blocking request's overflow purge that gets the purge lock (nobody else purges)
     * reports, like a blocking one, whether it purged anything: "purged" with a lazy area to purge
     * (the 3-page hole is then found), "empty" with none (the space stays full: the request fails).
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void nonBlockingOverflowPurgeThatGetsTheLockReportsWhetherItPurged(String name) {
        VmapRequest nonBlocking = VmapRequest.builder(PAGE).flags(AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();
        VmapAllocatorCore a = full(name, Allocators.small(8));
        VmapArea lazy = a.allocate(3L * PAGE);   // 3 pages + the guard page = 4 of the 8
        a.allocate(3L * PAGE);                   // the other 4: the space is full
        a.free(lazy);                            // lazy: its 4 pages are not free until purged
        events.clear();

        a.allocate(nonBlocking);                 // 1 page + guard = 2 of the purged 4

        assertThat(events.overflowSteps()).containsExactly("search failed", "purge purged", "search found");

        a.allocate(onePage());                   // the last 2 pages; nothing is lazy
        events.clear();
        assertThatThrownBy(() -> a.allocate(nonBlocking)).isInstanceOf(VmapAllocationException.class);
        assertThat(events.overflowSteps()).containsExactly("search failed", "purge empty", "search failed");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void overflowPathPurgesOnceBeforeCallingTheNotifier(String name) {
        NotifierBlock<VmapPurgeEvent> block = mockBlock("cache");
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
        VmapArea lazy = a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);
        a.free(lazy);
        events.clear();

        a.allocate(onePage());

        verify(block, never()).notifierCall(any(Long.class), any());
        assertThat(events.overflowSteps()).containsExactly("search failed", "purge purged", "search found");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void notifierThatFreesNothingEndsInEbusyWithTheKernelMessage(String name) {
        NotifierBlock<VmapPurgeEvent> block = mockBlock("idle");
        when(block.notifierCall(eq(0L), any())).thenReturn(Notify.DONE);
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
        a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);
        events.clear();

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(onePage()));

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.getMessage()).isEqualTo("vmap allocation for size 8192 failed: use vmalloc=<size> to increase size");
        assertThat(e.notifierRounds()).isEqualTo(1);
        assertThat(e.roundCapReached()).isFalse();
        assertThat(e.claimedProgress()).isEmpty();
        assertThat(e.request()).isEqualTo(RequestWindow.resolve(a.space(), onePage()));
        assertThat(events.overflowSteps()).containsExactly(
                "search failed", "purge empty", "search failed", "notify round 1 freed 0");
        assertThat(events.events()).contains("alloc-failed " + Long.toHexString(a.space().end()) + " size 8192", "failed EBUSY");
        assertThat(a.stats().allocationFailures()).isEqualTo(1);
    }

    /** §17 item 7: every round gets a fresh event at freed = 0, and freed can only grow. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void freedIsZeroedBeforeEachRoundAndIsAddOnly(String name) {
        List<VmapPurgeEvent> seen = new ArrayList<>();
        List<Long> freedAtEntry = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        VmapArea[] cached = new VmapArea[1];
        VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
        NotifierBlock<VmapPurgeEvent> block = NotifierBlock.of("slow-reclaimer", 0, (action, event) -> {
            seen.add(event);
            freedAtEntry.add(event.freed());
            try {
                event.add(-5);
            } catch (IllegalArgumentException e) {
                refused.add(e);
            }
            if (event.round() == 3) {
                allocator[0].free(cached[0]);
            }
            event.add(1);
            return Notify.OK;
        });
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
        allocator[0] = a;
        cached[0] = a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);

        a.allocate(onePage());

        assertThat(seen).extracting(VmapPurgeEvent::round).containsExactly(1, 2, 3);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(freedAtEntry).containsExactly(0L, 0L, 0L);
        assertThat(refused).hasSize(3);
        assertThat(seen).allSatisfy(e -> assertThat(e.freed()).isEqualTo(1));
    }

    /** §5.3 / §17 item 8: a block that claims progress without releasing anything hits the cap and is named. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void lyingBlockHitsTheRoundCapAndIsNamed(String name) {
        NotifierBlock<VmapPurgeEvent> liar = NotifierBlock.of("liar", 10, (action, event) -> {
            event.add(1);
            return Notify.OK;
        });
        NotifierBlock<VmapPurgeEvent> honest = NotifierBlock.of("honest", 0, (action, event) -> Notify.DONE);
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", liar, honest)));
        a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);
        events.clear();

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(onePage()));

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.roundCapReached()).isTrue();
        assertThat(e.notifierRounds()).isEqualTo(AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS);
        assertThat(e.claimedProgress()).containsExactly("liar");
        assertThat(e.getMessage()).startsWith("vmap allocation for size 8192 failed: use vmalloc=<size> to increase size")
                .contains("cap of 8").contains("liar");
        assertThat(events.failures).containsExactly(List.of("liar"));
        assertThat(a.stats().notifierRounds()).isEqualTo(8);
        assertThat(events.overflowSteps()).filteredOn(s -> s.startsWith("notify")).hasSize(8);
        // after the last round: search, purge, search, then the cap ends it
        List<String> steps = events.overflowSteps();
        assertThat(steps.subList(steps.size() - 4, steps.size()))
                .containsExactly("notify round 8 freed 1", "search failed", "purge empty", "search failed");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void roundCapIsConfigurable(String name) {
        NotifierBlock<VmapPurgeEvent> liar = NotifierBlock.of("liar", 0, (action, event) -> {
            event.add(1);
            return Notify.OK;
        });
        VmapAllocatorCore a = full(name, Allocators.small(8).maxNotifierRounds(3)
                .purgeChain(TestChain.of("vmap_notify_list", liar)));
        a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(onePage()));

        assertThat(e.notifierRounds()).isEqualTo(3);
        assertThat(e.roundCapReached()).isTrue();
    }

    /** §5.3: "unlimited" reproduces the kernel's loop, which ends only when a block really frees. */
    @ParameterizedTest
    @FieldSource("NAMES")
    @Timeout(20)
    void unlimitedCapLoopsLikeTheKernelUntilABlockReallyFrees(String name) {
        AtomicInteger rounds = new AtomicInteger();
        VmapArea[] cached = new VmapArea[1];
        VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
        NotifierBlock<VmapPurgeEvent> eventually = NotifierBlock.of("eventually", 0, (action, event) -> {
            if (rounds.incrementAndGet() == 50) {
                allocator[0].free(cached[0]);
            }
            event.add(1);
            return Notify.OK;
        });
        VmapAllocatorCore a = full(name, Allocators.small(8).maxNotifierRounds(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS)
                .purgeChain(TestChain.of("vmap_notify_list", eventually)));
        allocator[0] = a;
        cached[0] = a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);

        VmapArea area = a.allocate(onePage());

        assertThat(area.start()).isEqualTo(cached[0].start());
        assertThat(rounds.get()).isEqualTo(50);
        assertThat(a.stats().notifierRounds()).isEqualTo(50);
    }

    /** §1.3 / §17 item 9: a non-blocking request skips the notifier in the 4.7–5.14 era only. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void nonBlockingRequestSkipsTheNotifierOnlyInThe47To514Era(String name) {
        VmapRequest nonBlocking = VmapRequest.builder(PAGE).flags(AllocFlag.NON_BLOCKING).build();
        VmapArea[] cached = new VmapArea[1];
        VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
        NotifierBlock<VmapPurgeEvent> block = mockBlock("cache");
        when(block.notifierCall(eq(0L), any())).thenAnswer(inv -> {
            allocator[0].free(cached[0]);
            inv.getArgument(1, VmapPurgeEvent.class).add(1);
            return Notify.OK;
        });

        VmapAllocatorCore era47 = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
        era47.allocate(3L * PAGE);
        era47.allocate(3L * PAGE);
        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> era47.allocate(nonBlocking));
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.notifierRounds()).isZero();
        verify(block, never()).notifierCall(any(Long.class), any());

        VmapAllocatorCore later = full(name, Allocators.small(8).nonBlockingSkipsNotifier(false)
                .purgeChain(TestChain.of("vmap_notify_list", block)));
        allocator[0] = later;
        cached[0] = later.allocate(3L * PAGE);
        later.allocate(3L * PAGE);
        assertThat(later.allocate(nonBlocking).start()).isEqualTo(cached[0].start());
        verify(block, times(1)).notifierCall(eq(0L), any());
    }

    /** §7.4: the overflow purge of a non-blocking request only try-locks the purge lock. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void nonBlockingOverflowPurgeGivesUpWhileAnotherPurgeRuns(String name) throws Exception {
        PurgeGate gate = new PurgeGate();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8).listener(io.vmapkit.api.event.VmapListener.composite(gate, events)).build());
        VmapArea lazy = a.allocate(PAGE);
        a.allocate(5L * PAGE);
        a.free(lazy);
        ExecutorService purger = Executors.newSingleThreadExecutor();
        try {
            purger.submit(a::purgeLazy);
            assertThat(gate.awaitPurging()).isTrue();
            VmapArea other = a.allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build()); // fits in the last page
            a.free(other); // back to lazy, not yet purged
            events.clear();
            VmapRequest nonBlocking = VmapRequest.builder(PAGE).flags(AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> a.allocate(nonBlocking)).isInstanceOf(VmapAllocationException.class));
            assertThat(events.overflowSteps()).containsExactly("search failed", "purge empty", "search failed");
        } finally {
            gate.open();
            purger.shutdown();
            assertThat(purger.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * §5.1 step 2 and §7.4, deviation D12 switched off: the kernel's overflow purge is the
     * synchronous {@code purge_vmap_area_lazy()} for every caller, so with
     * {@code nonBlockingPurgeTrylock(false)} a non-blocking request waits for the running purge,
     * then purges what is lazy itself and succeeds. The same layout as the test above.
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void withoutTrylockTheNonBlockingOverflowPurgeWaitsForTheRunningPurgeAndSucceeds(String name) throws Exception {
        PurgeGate gate = new PurgeGate();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8).nonBlockingPurgeTrylock(false)
                .listener(io.vmapkit.api.event.VmapListener.composite(gate, events)).build());
        VmapArea lazy = a.allocate(PAGE);
        a.allocate(5L * PAGE);
        a.free(lazy);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            threads.submit(a::purgeLazy);
            assertThat(gate.awaitPurging()).isTrue();
            VmapArea other = a.allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());
            a.free(other); // lazy again; only a purge makes room for two pages
            events.clear();
            VmapRequest nonBlocking = VmapRequest.builder(PAGE).flags(AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();
            java.util.concurrent.Future<VmapArea> request = threads.submit(() -> a.allocate(nonBlocking));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.purgeLockQueueLength() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(a.purgeLockQueueLength()).as("the request waits for the purge lock").isEqualTo(1);
            assertThat(request.isDone()).isFalse();
            assertThat(events.overflowSteps()).containsExactly("search failed");

            gate.open();
            VmapArea area = request.get(10, TimeUnit.SECONDS);

            assertThat(area.start()).isEqualTo(lazy.start());
            assertThat(events.overflowSteps()).containsExactly("search failed", "purge purged", "search found");
            assertThat(other.state()).isEqualTo(io.vmapkit.api.vmap.AreaState.PURGED);
            assertThat(a.snapshot().violation()).isEmpty();
        } finally {
            gate.open();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The allocator's lock is not held while the chain runs: a callback on another thread can read state. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void allocatorLockIsNotHeldWhileTheNotifierChainRuns(String name) throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<VmapStats> observed = new ArrayList<>();
            VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
            NotifierBlock<VmapPurgeEvent> block = NotifierBlock.of("observer", 0, (action, event) -> {
                try {
                    observed.add(other.submit(allocator[0]::stats).get(10, TimeUnit.SECONDS));
                    allocator[0].snapshot();
                } catch (Exception e) {
                    throw new AssertionError("the allocator lock was held during the notifier call", e);
                }
                return Notify.DONE;
            });
            VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(TestChain.of("vmap_notify_list", block)));
            allocator[0] = a;
            a.allocate(3L * PAGE);
            a.allocate(3L * PAGE);
            assertThatThrownBy(() -> a.allocate(onePage())).isInstanceOf(VmapAllocationException.class);
            assertThat(observed).hasSize(1);
            assertThat(observed.get(0).liveAreas()).isEqualTo(2);
        } finally {
            other.shutdownNow();
        }
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void chainThatThrowsIsContainedAndCountsWhatWasAdded(String name) {
        @SuppressWarnings("unchecked")
        NotifierChain<VmapPurgeEvent> chain = mock(NotifierChain.class);
        when(chain.name()).thenReturn("broken");
        when(chain.call(eq(0L), any())).thenThrow(new IllegalStateException("chain broke"));
        VmapAllocatorCore a = full(name, Allocators.small(8).purgeChain(chain));
        a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);
        VmapStats before = a.stats();

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build()));

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(a.snapshot().violation()).isEmpty();
        assertThat(a.stats().liveBytes()).isEqualTo(before.liveBytes());
    }

    /** §5.1 step 4: the warning is the kernel's, limited by printk_ratelimit (10 per 5 s), and NO_WARN suppresses it. */
    @Test
    void failureWarningIsTheKernelsAndIsRateLimitedAndNoWarnSuppressesIt() {
        AtomicLong now = new AtomicLong(1_000);
        VmapClock clock = now::get;
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
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
            VmapAllocatorCore a = Allocators.create("free-tree", Allocators.small(8).clock(clock).build());
            a.allocate(7L * PAGE);
            for (int i = 0; i < 15; i++) {
                assertThatThrownBy(() -> a.allocate(PAGE)).isInstanceOf(VmapAllocationException.class);
            }
            assertThat(records).hasSize(10);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(r.getMessage()).isEqualTo("vmap allocation for size 8192 failed: use vmalloc=<size> to increase size");
            });
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> a.allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build()))
                        .isInstanceOf(VmapAllocationException.class);
            }
            assertThat(records).hasSize(10);
            now.addAndGet(TimeUnit.SECONDS.toNanos(5));
            assertThatThrownBy(() -> a.allocate(PAGE)).isInstanceOf(VmapAllocationException.class);
            assertThat(records).hasSize(12);
            assertThat(records.get(10).getMessage()).isEqualTo("alloc_vmap_area: 5 callbacks suppressed");
            assertThat(records.get(11).getMessage()).startsWith("vmap allocation for size 8192 failed");
        } finally {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(parents);
        }
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void throwingListenerIsContainedAndStateStaysConsistent(String name) {
        io.vmapkit.api.event.VmapListener bomb = new io.vmapkit.api.event.VmapListener() {
            @Override
            public void allocVmapArea(AllocVmapAreaEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8).listener(bomb).debugChecks(true).build());
        VmapArea x = a.allocate(PAGE);
        a.free(x);
        assertThat(a.purgeLazy()).isTrue();
        assertThat(a.stats().tlbFlushes()).isEqualTo(1);
        assertThat(a.snapshot().violation()).isEmpty();
    }
}
