package io.vmapkit.api.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import org.junit.jupiter.api.Test;

class PageValuesTest {

    @Test
    void oomEventCountsFreedPagesForARequest() {
        OomEvent e = new OomEvent(32);
        assertThat(e.requestedPages()).isEqualTo(32);
        e.add(8);
        assertThat(e.freed()).isEqualTo(8);
        assertThat(e).hasToString("OomEvent[requestedPages=32, freed=8]");
        assertThatThrownBy(() -> new OomEvent(0)).hasMessage("requested pages 0 must be positive");
    }

    @Test
    void pageAllocationFailureIsEnomem() {
        PageAllocationException e = new PageAllocationException(16, "no pages");
        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.requestedPages()).isEqualTo(16);
    }

    @Test
    void allocatedPagesAreTotalMinusFree() {
        assertThat(new PagePoolStats(100, 30, 5, 1, 2, 10, 1, 0).allocatedPages()).isEqualTo(70);
    }
}
