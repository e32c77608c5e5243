package io.vmapkit.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TreeMapFirstFitTest extends PageRangeAllocatorContract {

    @Override
    PageRangeAllocator create(long capacity) {
        return new TreeMapFirstFit(capacity);
    }

    @Test
    void freeRangesStayMaximalAfterMerges() {
        TreeMapFirstFit a = new TreeMapFirstFit(40);
        long[] pages = new long[10];
        for (int i = 0; i < 10; i++) {
            pages[i] = a.alloc(4);
        }
        assertThat(a.freeRanges()).isZero();
        for (int i = 0; i < 10; i += 2) {
            a.free(pages[i], 4);
        }
        assertThat(a.freeRanges()).as("five separate holes").isEqualTo(5);
        for (int i = 1; i < 10; i += 2) {
            a.free(pages[i], 4);
        }
        assertThat(a.freeRanges()).as("every free merged back into one range").isEqualTo(1);
        assertThat(a.alloc(40)).isZero();
    }
}
