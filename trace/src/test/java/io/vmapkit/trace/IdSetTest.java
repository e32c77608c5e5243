package io.vmapkit.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The used-id set: intervals that merge, so the writer's ids 1, 2, 3 … cost one interval. */
class IdSetTest {

    @Test
    void consecutiveIdsTakeOneInterval() {
        IdSet s = new IdSet();
        for (long id = 1; id <= 100_000; id++) {
            assertThat(s.add(id)).isTrue();
        }
        assertThat(s.intervals()).isEqualTo(1);
        assertThat(s.contains(1)).isTrue();
        assertThat(s.contains(100_000)).isTrue();
        assertThat(s.contains(100_001)).isFalse();
        assertThat(s.add(5)).as("already there").isFalse();
    }

    @Test
    void idsOutOfOrderMergeWhenTheGapCloses() {
        IdSet s = new IdSet();
        s.add(10);
        s.add(12);
        assertThat(s.intervals()).as("[10] and [12]").isEqualTo(2);
        assertThat(s.contains(11)).isFalse();
        s.add(11);
        assertThat(s.intervals()).as("[10, 12]").isEqualTo(1);
        s.add(Long.MAX_VALUE);
        s.add(Long.MAX_VALUE - 1);
        assertThat(s.intervals()).as("[10, 12] and [MAX-1, MAX]").isEqualTo(2);
        assertThat(s.contains(Long.MAX_VALUE)).isTrue();
        assertThat(s.contains(9)).isFalse();
    }
}
