package io.vmapkit.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;

/**
 * Checks the footprint method on the baselines, whose per-area cost can be derived by hand: the
 * TreeMap holds one entry and two boxed {@code Long}s per free range, the bitmap nothing per area.
 */
class MemoryFootprintTest {

    private static final int AREAS = 10_000;

    @Test
    void aTreeMapHoleCostsOneEntryAndTwoBoxedLongs() throws ClassNotFoundException {
        long entry = ClassLayout.parseClass(Class.forName("java.util.TreeMap$Entry")).instanceSize();
        long boxed = ClassLayout.parseClass(Long.class).instanceSize();

        MemoryFootprint.Row holes = MemoryFootprint.measure("treemap", "holes", AREAS);

        // The few pages below 128 are cached boxes shared with the JDK: allow 1 %.
        assertThat(holes.jolBytesPerArea()).as("%s", holes).isCloseTo((double) entry + 2 * boxed, withinPercentage(1));
        assertThat(holes.objectsPerArea()).as("%s", holes).isCloseTo(3.0, within(0.03));
        assertThat(holes.topClasses()).contains("Entry", "Long");
    }

    @Test
    void packedAreasCostTheTreeMapNothingAndTheBitmapIsFixedSize() {
        MemoryFootprint.Row treemap = MemoryFootprint.measure("treemap", "packed", AREAS);
        assertThat(treemap.jolBytesPerArea()).as("one free range before and after: %s", treemap).isCloseTo(0.0, within(0.01));

        MemoryFootprint.Row bitmap = MemoryFootprint.measure("bitmap", "holes", AREAS);
        assertThat(bitmap.jolBytesPerArea()).as("%s", bitmap).isZero();
        assertThat(bitmap.fixedBytes()).as("one bit per page").isGreaterThanOrEqualTo(MemoryFootprint.BASELINE_PAGES / 8);
    }

    @Test
    void anUnknownLayoutSubjectOrCountIsRefusedNamingIt() {
        assertThatThrownBy(() -> MemoryFootprint.measure("treemap", "sparse", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sparse");
        assertThatThrownBy(() -> MemoryFootprint.measure("no-such-allocator", "packed", 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-allocator");
        assertThatThrownBy(() -> MemoryFootprint.measure("treemap", "packed", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }
}
