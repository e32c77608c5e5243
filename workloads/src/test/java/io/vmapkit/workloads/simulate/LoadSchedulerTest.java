package io.vmapkit.workloads.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seeded interleaving of several loads. */
class LoadSchedulerTest {

    @Test
    void oneLoadIsChosenEveryTimeUntilItFinishes() {
        LoadScheduler s = new LoadScheduler(new int[] {5}, 7);
        for (int i = 0; i < 1000; i++) {
            assertThat(s.next()).isZero();
        }
        s.finished(0);
        assertThat(s.next()).isEqualTo(-1);
    }

    @Test
    void oneSeedGivesOneInterleavingAndAnotherSeedAnother() {
        long seed = Seeds.seed("LoadSchedulerTest.oneSeedGivesOneInterleaving");
        List<Integer> a = draw(seed, 1000);
        assertThat(draw(seed, 1000)).as(Seeds.replay(seed)).isEqualTo(a);
        // two different sequences of 1000 draws from three loads coincide with probability 3^-1000 at most
        assertThat(draw(seed + 1, 1000)).as(Seeds.replay(seed)).isNotEqualTo(a);
    }

    @Test
    void eachLoadGetsItsShareByWeight() {
        long seed = Seeds.seed("LoadSchedulerTest.eachLoadGetsItsShareByWeight");
        LoadScheduler s = new LoadScheduler(new int[] {1, 3}, seed);
        int n = 100_000;
        int second = 0;
        for (int i = 0; i < n; i++) {
            second += s.next();
        }
        // load 1 has weight 3 of 4: binomial(100000, 0.75), mean 75000, standard deviation
        // sqrt(100000 * 0.75 * 0.25) = 137; 1000 is more than 7 standard deviations
        assertThat(second).as(Seeds.replay(seed)).isBetween(74_000, 76_000);
    }

    @Test
    void aFinishedLoadIsNeverChosenAgainAndTheLastEndsTheRun() {
        long seed = Seeds.seed("LoadSchedulerTest.aFinishedLoadIsNeverChosenAgain");
        LoadScheduler s = new LoadScheduler(new int[] {2, 2, 2}, seed);
        s.finished(1);
        s.finished(1); // twice is the same as once
        for (int i = 0; i < 10_000; i++) {
            assertThat(s.next()).as(Seeds.replay(seed)).isIn(0, 2);
        }
        s.finished(0);
        for (int i = 0; i < 100; i++) {
            assertThat(s.next()).as(Seeds.replay(seed)).isEqualTo(2);
        }
        s.finished(2);
        assertThat(s.next()).isEqualTo(-1);
    }

    @Test
    void badWeightsAreRefused() {
        assertThatThrownBy(() -> new LoadScheduler(new int[0], 1)).hasMessage("no load to schedule");
        assertThatThrownBy(() -> new LoadScheduler(new int[] {1, 0}, 1))
                .hasMessage("a load's weight must be at least 1, not 0 in [1, 0]");
    }

    private static List<Integer> draw(long seed, int n) {
        LoadScheduler s = new LoadScheduler(new int[] {1, 2, 3}, seed);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next());
        }
        return out;
    }
}
