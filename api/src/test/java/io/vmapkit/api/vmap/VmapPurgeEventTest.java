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
