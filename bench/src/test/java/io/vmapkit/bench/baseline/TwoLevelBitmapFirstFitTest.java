package io.vmapkit.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TwoLevelBitmapFirstFitTest extends PageRangeAllocatorContract {

    @Override
    PageRangeAllocator create(long capacity) {
        return new TwoLevelBitmapFirstFit(capacity);
    }

    @Test
    void runsCarryAcrossWordBoundaries() {
        TwoLevelBitmapFirstFit a = new TwoLevelBitmapFirstFit(256);
        assertThat(a.alloc(60)).isZero();
        assertThat(a.alloc(10)).as("pages 60..69 span words 0 and 1").isEqualTo(60);
        assertThat(a.alloc(130)).as("pages 70..199 span words 1, 2 and 3").isEqualTo(70);
        a.free(60, 10);
        assertThat(a.alloc(10)).isEqualTo(60);
        assertThat(a.freePages()).isEqualTo(256 - 200);
    }

    @Test
    void theSummarySkipsFullWordsAndAFullWordBreaksARun() {
        int words = 130; // more than one summary word (64 words each)
        TwoLevelBitmapFirstFit a = new TwoLevelBitmapFirstFit(64L * words);
        assertThat(a.alloc(64 * 128)).isZero(); // words 0..127 full: summary word 0 all set, word 1 partly
        assertThat(a.alloc(1)).as("first page past the full words").isEqualTo(64 * 128);
        a.free(62, 2); // end of word 0
        a.free(128, 2); // start of word 2; word 1 stays full
        assertThat(a.alloc(4)).as("2 + 2 free pages around a full word are not a run of 4").isEqualTo(64 * 128 + 1);
        assertThat(a.alloc(2)).isEqualTo(62);
        assertThat(a.alloc(2)).isEqualTo(128);
    }

    @Test
    void pagesBeyondTheCapacityInTheLastWordAreNeverReturned() {
        TwoLevelBitmapFirstFit a = new TwoLevelBitmapFirstFit(70);
        assertThat(a.alloc(7)).isZero();
        assertThat(a.alloc(63)).isEqualTo(7);
        assertThat(a.alloc(1)).as("pages 70..127 of word 1 do not exist").isEqualTo(-1);
        assertThat(a.freePages()).isZero();
    }

    @Test
    void aCapacityAboveTheMaximumIsRefusedNamingIt() {
        long tooBig = TwoLevelBitmapFirstFit.MAX_CAPACITY + 1;
        assertThatThrownBy(() -> new TwoLevelBitmapFirstFit(tooBig)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Long.toString(tooBig));
    }
}
