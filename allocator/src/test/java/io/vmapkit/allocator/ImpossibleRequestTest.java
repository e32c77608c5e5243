package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.vmapkit.api.Errno;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Deviation D3 and its switch {@link AllocatorConfig#rejectImpossibleRequests()}: a request whose
 * size plus guard exceeds its window is refused up front by default; with the switch off it goes
 * the kernel's way (docs/fidelity.md §1.2, §5.1): the search fails, the overflow path purges, calls the
 * notifier chain, and the allocation fails with EBUSY, counted as a failure. Every other kind of bad
 * input is refused with {@link IllegalArgumentException} in both modes. The space is 16 pages; a
 * window of 2 pages cannot hold a 2-page request plus its guard.
 */
class ImpossibleRequestTest {

    static final List<String> NAMES = Allocators.NAMES;

    private final RecordingListener events = new RecordingListener();

    @SuppressWarnings("unchecked")
    private final NotifierBlock<VmapPurgeEvent> block = mock(NotifierBlock.class);

    private VmapAllocatorCore allocator(String name, boolean rejectImpossible) {
        when(block.name()).thenReturn("cache");
        when(block.notifierCall(eq(VmapPurgeEvent.ACTION), any())).thenReturn(Notify.DONE);
        return Allocators.create(name, Allocators.small(16).rejectImpossibleRequests(rejectImpossible)
                .purgeChain(TestChain.of("vmap_notify_list", block)).listener(events).build());
    }

    private static VmapRequest tooLargeForItsWindow(VmapAllocatorCore a) {
        long start = a.space().start() + 4L * PAGE;
        return VmapRequest.builder(2L * PAGE).window(start, start + 2L * PAGE).flags(AllocFlag.NO_WARN).build();
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void requestThatCanNeverFitItsWindowIsRefusedUpFrontWithoutPurgeNotifierOrCount(String name) {
        VmapAllocatorCore a = allocator(name, true);
        VmapArea lazy = a.allocate(PAGE);
        a.free(lazy);
        VmapSnapshot snapshot = a.snapshot();
        VmapStats stats = a.stats();
        events.clear();

        assertThatThrownBy(() -> a.allocate(tooLargeForItsWindow(a))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 8192 bytes").hasMessageContaining("4096 guard").hasMessageContaining("can never fit");

        verify(block, never()).notifierCall(any(Long.class), any());
        assertThat(events.events()).isEmpty();
        assertThat(a.snapshot()).isEqualTo(snapshot);
        assertThat(a.stats()).isEqualTo(stats);
        assertThat(lazy.state()).as("nothing purged").isEqualTo(AreaState.LAZY);
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void withoutRejectImpossibleARequestLargerThanItsWindowPurgesCallsTheNotifierAndFailsWithEbusy(String name) {
        VmapAllocatorCore a = allocator(name, false);
        VmapArea lazy = a.allocate(PAGE);
        a.free(lazy);
        VmapStats before = a.stats();
        events.clear();

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class,
                () -> a.allocate(tooLargeForItsWindow(a)));

        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.getMessage()).contains("vmap allocation for size 12288 failed");
        assertThat(e.notifierRounds()).isEqualTo(1);
        assertThat(events.overflowSteps()).containsExactly(
                "search failed", "purge purged", "search failed", "notify round 1 freed 0");
        assertThat(events.events()).contains("failed EBUSY");
        verify(block, times(1)).notifierCall(eq(VmapPurgeEvent.ACTION), any());
        assertThat(lazy.state()).as("the purge ran in vain, as in the kernel").isEqualTo(AreaState.PURGED);
        VmapStats after = a.stats();
        assertThat(after.allocationFailures()).isEqualTo(before.allocationFailures() + 1);
        assertThat(after.searches()).isEqualTo(before.searches() + 2);
        assertThat(after.purges()).isEqualTo(before.purges() + 1);
        assertThat(after.notifierRounds()).isEqualTo(before.notifierRounds() + 1);
        assertThat(after.liveAreas()).isEqualTo(before.liveAreas());
        assertThat(a.snapshot().violation()).isEmpty();
    }

    /** Larger than the whole space, and close to 2^64 without reaching it: EBUSY, no arithmetic failure. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void withoutRejectImpossibleSizesUpToJustBelow2To64FailCleanlyWithEbusy(String name) {
        for (AddressSpace space : List.of(AddressSpace.x86_32(), AddressSpace.x86_64(),
                AddressSpace.of("top", -(1L << 24) - PAGE, 1L << 24, PAGE))) {
            VmapAllocatorCore a = Allocators.create(name, AllocatorConfig.builder(space).ncpus(1)
                    .rejectImpossibleRequests(false).debugChecks(true).build());
            VmapArea kept = a.allocate(PAGE);
            for (long size : new long[] {space.size(), space.size() + PAGE, 1L << 62, -2L * PAGE}) {
                for (long align : new long[] {1, PAGE, 1L << 63}) {
                    VmapRequest r = VmapRequest.builder(size).align(align).flags(AllocFlag.NO_WARN).build();
                    VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(r));
                    assertThat(e).as("%s in %s", r, space).isNotNull();
                    assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                }
            }
            assertThat(a.stats().allocationFailures()).isEqualTo(12);
            assertThat(kept.state()).isEqualTo(AreaState.LIVE);
            assertThat(a.snapshot().violation()).isEmpty();
        }
    }

    /**
     * docs/fidelity.md §1.1: preconditions are {@code -EINVAL} in 6.x, {@link IllegalArgumentException}
     * here, whatever the switch: size 0, a size that is not a page multiple, an alignment that is
     * not a power of two, an empty or inverted window, a window outside the space, and a size whose
     * guard page takes it to 2^64 (the kernel's {@code size + PAGE_SIZE} would wrap to 0).
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void badInputThatIsNotCanNeverFitIsRefusedInBothModesAndChangesNothing(String name) {
        for (boolean reject : new boolean[] {true, false}) {
            VmapAllocatorCore a = allocator(name, reject);
            VmapArea kept = a.allocate(PAGE);
            a.free(a.allocate(PAGE));
            VmapSnapshot snapshot = a.snapshot();
            VmapStats stats = a.stats();
            long start = a.space().start();
            events.clear();

            refused(() -> a.allocate(VmapRequest.of(0)), "size must not be 0");
            refused(() -> a.allocate(PAGE + 1), "4097");
            refused(() -> a.allocate(VmapRequest.builder(PAGE).align(3 * PAGE).build()), "not a power of two");
            refused(() -> a.allocate(VmapRequest.builder(PAGE).window(start + PAGE, start + PAGE).build()), "empty");
            refused(() -> a.allocate(VmapRequest.builder(PAGE).window(start + 2 * PAGE, start).build()), "inverted");
            refused(() -> a.allocate(VmapRequest.builder(PAGE).window(0x1000, 0x5000).build()), "lies outside");
            refused(() -> a.allocate(VmapRequest.of(-PAGE)), reject ? "can never fit" : "reaches 2^64");

            assertThat(a.snapshot()).as("reject=%s", reject).isEqualTo(snapshot);
            assertThat(a.stats()).as("reject=%s", reject).isEqualTo(stats);
            assertThat(events.events()).isEmpty();
            assertThat(kept.state()).isEqualTo(AreaState.LIVE);
            verify(block, never()).notifierCall(any(Long.class), any());
        }
    }

    private static void refused(Executable call, String message) {
        assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
