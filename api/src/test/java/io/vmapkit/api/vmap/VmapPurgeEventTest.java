package io.vmapkit.api.vmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmapPurgeEventTest {

    private final VmapRequest request = VmapRequest.of(8192).withWindow(0x10000, 0x20000);

    @Test
    void purgeEventCarriesTheFailingRequestRoundAndNeededBytesWithActionZero() {
        VmapPurgeEvent e = new VmapPurgeEvent(request, 12288, 2);
        assertThat(VmapPurgeEvent.ACTION).isZero();
        assertThat(e.request()).isSameAs(request);
        assertThat(e.neededBytes()).isEqualTo(12288);
        assertThat(e.round()).isEqualTo(2);
        assertThat(e.freed()).as("freed is zeroed before each round").isZero();
        e.add(3);
        assertThat(e).hasToString("VmapPurgeEvent[round=2, request=" + request + ", freed=3]");
    }

    @Test
    void roundStartsAtOne() {
        assertThatThrownBy(() -> new VmapPurgeEvent(request, 4096, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("notifier round 0 must be at least 1");
    }

    @Test
    void theEventIsAFinalFreedCounterThatAttributesToTheRunningBlock() {
        assertThat(java.lang.reflect.Modifier.isFinal(VmapPurgeEvent.class.getModifiers())).isTrue();
        VmapPurgeEvent e = new VmapPurgeEvent(request, 12288, 1);
        io.vmapkit.api.notifier.NotifierBlock<VmapPurgeEvent> i915 =
                io.vmapkit.api.notifier.NotifierBlock.of("i915", 0, (a, d) -> io.vmapkit.api.notifier.Notify.DONE);
        e.enterCallback(i915);
        e.add(2);
        e.exitCallback(i915, io.vmapkit.api.notifier.Notify.DONE, null);
        e.add(1);
        assertThat(e.freed()).isEqualTo(3);
        assertThat(e.contributions()).containsExactly(java.util.Map.entry("i915", 2L),
                java.util.Map.entry(io.vmapkit.api.notifier.FreedCounter.OUTSIDE_CALLBACK, 1L));
        assertThat(e.contributors()).containsExactly("i915", io.vmapkit.api.notifier.FreedCounter.OUTSIDE_CALLBACK);
        assertThatThrownBy(() -> e.add(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.freed()).isEqualTo(3);
    }

    @Test
    void aTestEventCoversTheWholeSpaceAndNeedsOneGuardPage() {
        AddressSpace space = AddressSpace.of(0x10_0000L, 64 * 4096);
        VmapPurgeEvent e = VmapPurgeEvent.of(space, 4096, 2);
        assertThat(e.request().size()).isEqualTo(4096);
        assertThat(e.request().hasWindow()).isTrue();
        assertThat(e.request().vstart()).isEqualTo(0x10_0000L);
        assertThat(e.request().vend()).isEqualTo(0x10_0000L + 64 * 4096);
        assertThat(e.neededBytes()).as("4096 + one 4096-byte guard page").isEqualTo(8192);
        assertThat(e.round()).isEqualTo(2);
        assertThatThrownBy(() -> VmapPurgeEvent.of(space, 100, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purge event size 100");
        // 64 pages of space: 63 plus the guard fit, 64 do not
        assertThat(VmapPurgeEvent.of(space, 63 * 4096, 1).neededBytes()).isEqualTo(64 * 4096);
        assertThatThrownBy(() -> VmapPurgeEvent.of(space, 64 * 4096, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullRequestSaysHowToMakeATestEvent() {
        assertThatThrownBy(() -> new VmapPurgeEvent(null, 4096, 1)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("VmapPurgeEvent.of(space, sizeBytes, round)");
    }

    @Test
    void allocationExceptionCarriesRequestRoundsCapAndClaimants() {
        List<String> claimants = new ArrayList<>(List.of("liar"));
        VmapAllocationException e = new VmapAllocationException(Errno.EBUSY, "vmap allocation for size 8192 failed",
                request, 8, true, claimants);
        claimants.clear();
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e.request()).isSameAs(request);
        assertThat(e.notifierRounds()).isEqualTo(8);
        assertThat(e.roundCapReached()).isTrue();
        assertThat(e.claimedProgress()).containsExactly("liar");
        assertThat(Errno.of(e)).isEqualTo(Errno.EBUSY);
    }
}
