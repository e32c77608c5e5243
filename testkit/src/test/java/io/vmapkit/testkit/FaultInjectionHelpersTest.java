package io.vmapkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The testkit's failslab-style helpers: {@link SeededFaultInjector}, {@link FaultyNotifierBlock}, {@link FaultyShrinker}. */
class FaultInjectionHelpersTest {

    private static List<Boolean> decisions(SeededFaultInjector f, String site, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.shouldFail(site));
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameDecisionsAndTheRateIsRoughlyKept() {
        SeededFaultInjector a = SeededFaultInjector.builder(42).rate(FaultInjector.PAGE_POOL, 0.25).build();
        SeededFaultInjector b = SeededFaultInjector.builder(42).rate(FaultInjector.PAGE_POOL, 0.25)
                .rate(FaultInjector.NE_FIT_NODE, 0.9).build();
        List<Boolean> da = decisions(a, FaultInjector.PAGE_POOL, 4000);
        assertThat(decisions(b, FaultInjector.PAGE_POOL, 4000)).as("another site does not change this one's decisions")
                .isEqualTo(da);
        assertThat(a.injected(FaultInjector.PAGE_POOL)).isBetween(800L, 1200L);
        assertThat(a.consulted(FaultInjector.PAGE_POOL)).isEqualTo(4000);
        assertThat(a.shouldFail(FaultInjector.VMAP_AREA_DESCRIPTOR)).as("unconfigured sites never fail").isFalse();
    }

    @Test
    void skipFirstTimesAndArmingBehaveAsFailslabsSpaceTimesAndEnable() {
        SeededFaultInjector f = SeededFaultInjector.builder(1).rate("s", 1.0).skipFirst("s", 3).times("s", 2)
                .armed(false).build();
        assertThat(decisions(f, "s", 5)).as("disarmed").containsOnly(false);
        assertThat(f.consulted("s")).isZero();
        f.arm();
        assertThat(decisions(f, "s", 8)).containsExactly(false, false, false, true, true, false, false, false);
        assertThat(f.injected("s")).isEqualTo(2);
        f.disarm();
        assertThat(f.isArmed()).isFalse();
        assertThat(f.toString()).contains("injected 2/8");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> SeededFaultInjector.builder(1).rate("s", 1.5)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> SeededFaultInjector.builder(1).times("s", -2)).hasMessageContaining("-2");
        assertThatThrownBy(() -> SeededFaultInjector.builder(1).skipFirst("s", -1)).hasMessageContaining("-1");
        NotifierBlock<FreedCounter> b = NotifierBlock.of("b", 0, (a, d) -> Notify.DONE);
        assertThatThrownBy(() -> FaultyNotifierBlock.wrap(b, 1).throwing(0.6).lying(0.6, 1).build())
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> FaultyNotifierBlock.wrap(b, 1).lying(0.1, 0)).hasMessageContaining("0");
    }

    @Test
    void faultyBlockThrowsLiesOrSleepsUnderTheRealBlocksName() {
        AtomicInteger real = new AtomicInteger();
        NotifierBlock<FreedCounter> b = NotifierBlock.of("cache", 7, (a, d) -> {
            real.incrementAndGet();
            d.add(5);
            return Notify.DONE;
        });
        FaultyNotifierBlock<FreedCounter> thrower = FaultyNotifierBlock.wrap(b, 3).throwing(1.0).build();
        assertThat(thrower.name()).isEqualTo("cache");
        assertThat(thrower.priority()).isEqualTo(7);
        assertThatThrownBy(() -> thrower.notifierCall(0, FreedCounter.create())).isInstanceOf(InjectedFault.class)
                .hasMessageContaining("'cache'");
        FaultyNotifierBlock<FreedCounter> liar = FaultyNotifierBlock.wrap(b, 3).lying(1.0, 9).build();
        FreedCounter freed = FreedCounter.create();
        liar.notifierCall(0, freed);
        assertThat(freed.freed()).isEqualTo(9);
        assertThat(real).as("a lie does not run the real block").hasValue(0);
        FaultyNotifierBlock<FreedCounter> sleeper = FaultyNotifierBlock.wrap(b, 3).sleeping(1.0, Duration.ofMillis(1))
                .name("renamed").build();
        sleeper.notifierCall(0, freed);
        assertThat(real).hasValue(1);
        assertThat(sleeper.slept()).isEqualTo(1);
        assertThat(sleeper.name()).isEqualTo("renamed");
        assertThat(thrower.thrown() + liar.lied()).isEqualTo(2);
    }

    @Test
    void faultyShrinkerReturnsEachKindOfNonsense() {
        Shrinker honest = new Shrinker() {
            @Override
            public long countObjects(ShrinkControl sc) {
                return 10;
            }

            @Override
            public long scanObjects(ShrinkControl sc) {
                return 1;
            }

            @Override
            public String name() {
                return "honest";
            }
        };
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(32);
        assertThat(FaultyShrinker.wrap(honest, 1).build().countObjects(sc)).isEqualTo(10);
        assertThat(FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.COUNT_NEGATIVE, 1).build().countObjects(sc)).isEqualTo(-7);
        assertThat(FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.COUNT_HUGE, 1).build().countObjects(sc))
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.COUNT_THROWS, 1).build()
                .countObjects(sc)).isInstanceOf(InjectedFault.class).hasMessageContaining("'honest'");
        assertThat(FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.SCAN_NEGATIVE, 1).build().scanObjects(sc)).isEqualTo(-5);
        assertThat(FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.SCAN_LIES, 1).build().scanObjects(sc)).isEqualTo(32);
        FaultyShrinker inflating = FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.SCAN_INFLATES_NR_SCANNED, 1).build();
        inflating.scanObjects(sc);
        assertThat(sc.nrScanned()).isEqualTo(1032);
        assertThat(inflating.injected(FaultyShrinker.Fault.SCAN_INFLATES_NR_SCANNED)).isEqualTo(1);
        sc.setNrToScan(32);
        FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.SCAN_ZERO_NR_SCANNED, 1).build().scanObjects(sc);
        assertThat(sc.nrScanned()).isZero();
        assertThatThrownBy(() -> FaultyShrinker.wrap(honest, 1).fault(FaultyShrinker.Fault.COUNT_HUGE, 0.7)
                .fault(FaultyShrinker.Fault.COUNT_NEGATIVE, 0.7).build()).hasMessageContaining("more than 1");
    }
}
