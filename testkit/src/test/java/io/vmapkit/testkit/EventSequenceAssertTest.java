package io.vmapkit.testkit;

import static io.vmapkit.testkit.Events.overflowPurge;
import static io.vmapkit.testkit.Events.search;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.OverflowPurgeEvent;
import io.vmapkit.api.event.VmapSearchEvent;
import io.vmapkit.api.vmap.VmapRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventSequenceAssertTest {

    private final RecordingListener recorder = new RecordingListener();

    @BeforeEach
    void record() {
        VmapRequest r = VmapRequest.of(4096);
        recorder.vmapSearch(new VmapSearchEvent(r, false));
        recorder.freeVmapAreaNoflush(new FreeVmapAreaNoflushEvent(0x1000, 2, 8192));
        recorder.overflowPurge(new OverflowPurgeEvent(r, true));
        recorder.vmapSearch(new VmapSearchEvent(r, true));
    }

    @Test
    void aMatchingSubsequencePasses() {
        VmapAssertions.assertThat(recorder).events()
                .containsSubsequence(search(false), overflowPurge(true), search(true))
                .doesNotContain(Events.notifierRound())
                .hasCount(Events.any(VmapEvent.VmapSearch.class), 2)
                .onlyOf(VmapEvent.VmapSearch.class).containsExactly(search(false), search(true));
    }

    @Test
    void aFailureNamesTheMissingStepAndListsEveryRecordedEvent() {
        assertThatThrownBy(() -> VmapAssertions.assertThat(recorder).events()
                .containsSubsequence(search(false), Events.notifierRound(), search(true)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("found no NotifierRound after [search(false)]")
                .hasMessageContaining("recorded events (4):")
                .hasMessageContaining("1: FreeVmapAreaNoflush[vaStart=4096, nrLazy=2, nrLazyMax=8192]");
        assertThatThrownBy(() -> VmapAssertions.assertThat(recorder).events().containsExactly(search(false)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("but 4 were recorded");
        assertThatThrownBy(() -> VmapAssertions.assertThat(recorder).events().doesNotContain(overflowPurge()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("event 2 is one");
    }

    @Test
    void orderMatters() {
        assertThatThrownBy(() -> VmapAssertions.assertThat(recorder).events().containsSubsequence(search(true),
                search(false))).isInstanceOf(AssertionError.class);
    }
}
