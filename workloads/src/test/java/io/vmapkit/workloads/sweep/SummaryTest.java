package io.vmapkit.workloads.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void studentsIntervalOfFiveValues() {
        // 1..5: mean 3; squared deviations 4+1+0+1+4 = 10, s = √(10/4) = 1.58114;
        // t(0.975, 4) = 2.776; half width = 2.776 · 1.581139 / 2.236068 = 4.389241 / 2.236068 = 1.962928
        // → [1.037072, 4.962928]
        Summary.Stats s = Summary.Stats.of(new double[] {3, 1, 5, 2, 4});
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.mean()).isEqualTo(3.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(5.0);
        assertThat(s.ciLow()).isCloseTo(1.037072, within(1e-6));
        assertThat(s.ciHigh()).isCloseTo(4.962928, within(1e-6));
    }

    @Test
    void equalValuesHaveAZeroWidthIntervalAndOneValueNone() {
        Summary.Stats same = Summary.Stats.of(new double[] {7, 7, 7});
        assertThat(same.ciLow()).isEqualTo(7.0);
        assertThat(same.ciHigh()).isEqualTo(7.0);
        Summary.Stats one = Summary.Stats.of(new double[] {7});
        assertThat(one.ciLow()).isNaN();
        assertThat(one.halfWidth()).isNaN();
    }

    @Test
    void tQuantilesFromTheTableAndAboveIt() {
        assertThat(Summary.t975(1)).isEqualTo(12.706);
        assertThat(Summary.t975(19)).isEqualTo(2.093);
        // published table values: t(0.975, 40) = 2.021, t(0.975, 120) = 1.980
        assertThat(Summary.t975(40)).isCloseTo(2.021, within(0.001));
        assertThat(Summary.t975(120)).isCloseTo(1.980, within(0.001));
    }
}
