package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.testsupport.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** docs/fidelity.md §1 (requests and results), §4 (wrap-around) and §6 (guard pages); §17 items 4–5. */
class AllocationRequestTest {

    static final List<String> NAMES = Allocators.NAMES;

    /** §1.1: precondition violations are IllegalArgumentException; nothing changes and nothing is counted. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void badRequestsThrowIllegalArgumentAndChangeNothing(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapArea kept = a.allocate(PAGE);
        a.free(a.allocate(PAGE));
        VmapSnapshot snapshot = a.snapshot();
        VmapStats stats = a.stats();
        long start = a.space().start();

        assertThatThrownBy(() -> a.allocate(PAGE + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097").hasMessageContaining("page size");
        assertThatThrownBy(() -> a.allocate(VmapRequest.builder(PAGE).window(0x1000, 0x5000).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1000");
        assertThatThrownBy(() -> a.allocate(VmapRequest.builder(2L * PAGE).window(start, start + 2L * PAGE).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("can never fit");
        assertThatThrownBy(() -> a.allocate(17L * PAGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.allocate(null)).isInstanceOf(NullPointerException.class);

        assertThat(a.snapshot()).isEqualTo(snapshot);
        assertThat(a.stats()).isEqualTo(stats);
        assertThat(kept.state()).isEqualTo(AreaState.LIVE);
    }

    /** §1.1 postconditions: every placement is aligned and inside its window (seeded random requests). */
    @ParameterizedTest
    @FieldSource("NAMES")
    void placementsAreAlignedAndInsideTheirWindow(String name) {
        long seed = Seeds.seed("postconditions " + name);
        SplittableRandom rnd = new SplittableRandom(seed);
        AddressSpace space = AddressSpace.x86_32();
        VmapAllocatorCore a = Allocators.create(name, AllocatorConfig.builder(space).ncpus(2).build());
        int placed = 0;
        for (int i = 0; i < 3_000; i++) {
            VmapRequest request = DifferentialPlacementTest.randomRequest(rnd, space, 32);
            VmapRequest r;
            try {
                r = RequestWindow.resolve(space, request);
            } catch (IllegalArgumentException e) {
                continue;
            }
            try {
                VmapArea area = a.allocate(request);
                placed++;
                assertThat(Addresses.isAligned(area.start(), r.align())).as(Seeds.replay(seed)).isTrue();
                assertThat(Addresses.greaterOrEqual(area.start(), r.vstart())).as(Seeds.replay(seed)).isTrue();
                assertThat(Addresses.lessOrEqual(area.end(), r.vend())).as(Seeds.replay(seed)).isTrue();
                assertThat(area.size()).isEqualTo(r.size());
                if (rnd.nextBoolean()) {
                    a.free(area);
                }
            } catch (VmapAllocationException e) {
                assertThat(e.errno()).isEqualTo(Errno.EBUSY);
            }
        }
        assertThat(placed).as(Seeds.replay(seed)).isPositive();
    }

    /** §1.2: a failed descriptor allocation is ENOMEM at once: no search, no purge, no notifier. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void descriptorFailureIsEnomemWithoutPurgeOrNotifier(String name) {
        @SuppressWarnings("unchecked")
        NotifierChain<VmapPurgeEvent> chain = mock(NotifierChain.class);
        AtomicInteger failNext = new AtomicInteger();
        FaultInjector faults = site -> FaultInjector.VMAP_AREA_DESCRIPTOR.equals(site) && failNext.getAndSet(0) == 1;
        RecordingListener events = new RecordingListener();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8).faults(faults).purgeChain(chain).listener(events).build());
        VmapArea lazy = a.allocate(PAGE);
        a.free(lazy);
        events.clear();
        failNext.set(1);

        VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> a.allocate(PAGE));

        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.notifierRounds()).isZero();
        assertThat(lazy.state()).isEqualTo(AreaState.LAZY);
        assertThat(events.overflowSteps()).isEmpty();
        assertThat(events.events()).containsExactly("alloc-failed " + Long.toHexString(a.space().end()) + " size 8192", "failed ENOMEM");
        verifyNoInteractions(chain);
        VmapStats s = a.stats();
        assertThat(s.allocationFailures()).isEqualTo(1);
        assertThat(s.searches()).isEqualTo(1);
        assertThat(s.purges()).isZero();
        assertThat(a.allocate(PAGE).state()).isEqualTo(AreaState.LIVE);
    }

    /** §6 / §17 item 4: vmalloc(1 page) consumes 2 pages: placement, occupancy and lazy counter. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void guardPageIsCountedInPlacementAndOccupancy(String name) {
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(16).build());
        VmapArea first = a.allocate(PAGE);
        VmapArea second = a.allocate(PAGE);
        VmapArea bare = a.allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());
        VmapArea after = a.allocate(PAGE);

        assertThat(first.size()).isEqualTo(PAGE);
        assertThat(first.guardSize()).isEqualTo(PAGE);
        assertThat(first.reservedSize()).isEqualTo(2L * PAGE);
        assertThat(second.start()).isEqualTo(first.start() + 2L * PAGE);
        assertThat(bare.guardSize()).isZero();
        assertThat(bare.reservedSize()).isEqualTo(PAGE);
        assertThat(after.start()).isEqualTo(bare.start() + PAGE);
        assertThat(a.stats().liveBytes()).isEqualTo(7L * PAGE);
    }

    /**
     * §4 / §17 item 5, {@code align_shift_alloc_test}: one page with alignment {@code 1 << i} for i in
     * 0..63. Alignments with an aligned address inside the space succeed; the rest fail cleanly with
     * EBUSY, never with an arithmetic exception.
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void alignShiftAllocTestFailsHugeAlignmentsWithEbusy(String name) {
        for (AddressSpace space : List.of(AddressSpace.x86_64(), AddressSpace.x86_32(),
                AddressSpace.of("straddle", (1L << 63) - (1L << 24), 1L << 25, PAGE))) {
            VmapAllocatorCore a = Allocators.create(name, AllocatorConfig.builder(space).ncpus(1).build());
            int ok = 0;
            int busy = 0;
            for (int i = 0; i < 64; i++) {
                long align = 1L << i;
                long first = Addresses.alignUp(space.start(), align);
                boolean fits = !Addresses.lessThan(first, space.start()) && !Addresses.addWraps(first, 2L * PAGE)
                        && Addresses.lessOrEqual(first + 2L * PAGE, space.end());
                VmapRequest request = VmapRequest.builder(PAGE).align(align).flags(AllocFlag.NO_WARN).build();
                try {
                    VmapArea area = a.allocate(request);
                    assertThat(fits).as("%s align 1<<%d placed at %s", space.name(), i, Addresses.hex(area.start())).isTrue();
                    assertThat(area.start()).isEqualTo(first);
                    a.free(area);
                    a.purgeLazy();
                    ok++;
                } catch (VmapAllocationException e) {
                    assertThat(e.errno()).isEqualTo(Errno.EBUSY);
                    assertThat(fits).as("%s align 1<<%d failed", space.name(), i).isFalse();
                    busy++;
                }
            }
            assertThat(ok).isPositive();
            // the presets lie wholly above or below 2^63, so the huge alignments fail; 2^63 itself lies
            // in the straddling space, which every alignment up to 2^63 can use
            if (space.name().equals("straddle")) {
                assertThat(busy).isZero();
            } else {
                assertThat(busy).as(space.name()).isPositive();
            }
            assertThat(a.snapshot().violation()).isEmpty();
        }
    }

    /** §4: a space that ends at 2^64 - page: requests up to the very top fit exactly, beyond it fail cleanly. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void wrapAroundAtTheTopOfTheAddressRangeFailsCleanly(String name) {
        AddressSpace top = AddressSpace.of("top", -(1L << 20) - PAGE, 1L << 20, PAGE);
        VmapAllocatorCore a = Allocators.create(name, AllocatorConfig.builder(top).ncpus(1).debugChecks(true).build());
        VmapArea last = a.allocate(VmapRequest.builder(PAGE).window(top.end() - 2L * PAGE, top.end()).build());
        assertThat(last.end()).isEqualTo(top.end()).isEqualTo(-PAGE);
        assertThatThrownBy(() -> a.allocate(VmapRequest.builder(PAGE).align(1L << 63).flags(AllocFlag.NO_WARN).build()))
                .isInstanceOfSatisfying(VmapAllocationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        assertThatThrownBy(() -> a.allocate(VmapRequest.builder(PAGE).align(1L << 62).flags(AllocFlag.NO_WARN).build()))
                .isInstanceOf(VmapAllocationException.class);
        VmapArea aligned = a.allocate(VmapRequest.builder(PAGE).align(1L << 19).build());
        assertThat(aligned.start()).isEqualTo(-(1L << 20));
    }

    /**
     * §4: an alignment that wraps the candidate to 0 is caught even when vstart is 0, where the
     * kernel's {@code candidate < vstart} test cannot see it (a space starting at address 0).
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void alignmentThatWrapsToZeroIsCaughtEvenWhenVstartIsZero(String name) {
        AddressSpace whole = AddressSpace.of("whole", 0, -PAGE, PAGE);
        VmapAllocatorCore a = Allocators.create(name, AllocatorConfig.builder(whole).ncpus(1).debugChecks(true).build());
        VmapArea low = a.allocate(VmapRequest.builder((1L << 63) + PAGE).flags(AllocFlag.NO_GUARD).build());
        assertThat(low.start()).isZero();

        assertThatThrownBy(() -> a.allocate(VmapRequest.builder(PAGE).align(1L << 63).flags(AllocFlag.NO_WARN).build()))
                .isInstanceOfSatisfying(VmapAllocationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        assertThat(a.stats().liveAreas()).isEqualTo(1);
    }
}
