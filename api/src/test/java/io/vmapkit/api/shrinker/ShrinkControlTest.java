package io.vmapkit.api.shrinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShrinkControlTest {

    @Test
    void specialValuesAreTheKernelsUnsignedConstants() {
        assertThat(Shrinker.SHRINK_STOP).as("~0UL").isEqualTo(-1L);
        assertThat(Shrinker.SHRINK_EMPTY).as("~0UL - 1").isEqualTo(-2L);
        assertThat(Shrinker.DEFAULT_SEEKS).isEqualTo(2);
        assertThat(Shrinker.SHRINK_BATCH).isEqualTo(128);
        assertThat(ShrinkerRegistry.DEF_PRIORITY).isEqualTo(12);
    }

    @Test
    void shrinkerDefaultsAreDefaultSeeksAndBatchZero() {
        Shrinker s = new Shrinker() {
            @Override public long countObjects(ShrinkControl sc) { return 0; }
            @Override public long scanObjects(ShrinkControl sc) { return 0; }
        };
        assertThat(s.seeks()).isEqualTo(2);
        assertThat(s.batch()).isZero();
        assertThat(s.name()).isEqualTo(s.getClass().getName());
    }

    @Test
    void nrScannedIsPresetToNrToScanAndMayBeLowered() {
        ShrinkControl sc = new ShrinkControl(0, 12, true);
        sc.setNrToScan(128);
        assertThat(sc.nrToScan()).isEqualTo(128);
        assertThat(sc.nrScanned()).isEqualTo(128);
        sc.setNrScanned(17);
        assertThat(sc.nrScanned()).isEqualTo(17);
        assertThat(sc.nid()).isZero();
        assertThat(sc.priority()).isEqualTo(12);
        assertThat(sc.canBlock()).isTrue();
        assertThat(sc).hasToString("ShrinkControl[nid=0, priority=12, nrToScan=128, nrScanned=17]");
    }

    @Test
    void badValuesAreRefusedAndChangeNothing() {
        assertThatThrownBy(() -> new ShrinkControl(-1, 0, true)).hasMessage("nid -1 is negative");
        assertThatThrownBy(() -> new ShrinkControl(0, 13, true)).hasMessage("priority 13 is outside 0..12");
        assertThatThrownBy(() -> new ShrinkControl(0, -1, true)).hasMessage("priority -1 is outside 0..12");
        ShrinkControl sc = new ShrinkControl(0, 0, false);
        sc.setNrToScan(64);
        assertThatThrownBy(() -> sc.setNrToScan(-1)).isInstanceOf(IllegalArgumentException.class).hasMessage("nr_to_scan -1 is negative");
        assertThatThrownBy(() -> sc.setNrScanned(-3)).isInstanceOf(IllegalArgumentException.class).hasMessage("nr_scanned -3 is negative");
        assertThat(sc.nrToScan()).isEqualTo(64);
        assertThat(sc.nrScanned()).isEqualTo(64);
    }
}
