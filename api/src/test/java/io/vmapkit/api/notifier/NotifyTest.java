package io.vmapkit.api.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyTest {

    @Test
    void constantsMatchNotifierH() {
        assertThat(Notify.DONE).isEqualTo(0x0000);
        assertThat(Notify.OK).isEqualTo(0x0001);
        assertThat(Notify.STOP_MASK).isEqualTo(0x8000);
        assertThat(Notify.BAD).isEqualTo(0x8002);
        assertThat(Notify.STOP).isEqualTo(0x8001);
    }

    @Test
    void stopMaskEndsTheWalkForBadAndStopOnly() {
        assertThat(Notify.isStop(Notify.DONE)).isFalse();
        assertThat(Notify.isStop(Notify.OK)).isFalse();
        assertThat(Notify.isStop(Notify.BAD)).isTrue();
        assertThat(Notify.isStop(Notify.STOP)).isTrue();
        assertThat(Notify.isStop(Notify.fromErrno(-12))).isTrue();
    }

    /** The worked values of docs/fidelity.md §8.6. */
    @ParameterizedTest(name = "notifier_from_errno({0}) = {1}, back = {2}")
    @CsvSource({"0, 0x0001, 0", "-1, 0x8002, -1", "-12, 0x800D, -12", "-16, 0x8011, -16"})
    void notifierFromErrnoAndBackFollowTheWorkedTable(int err, String hex, int back) {
        int ret = Notify.fromErrno(err);
        assertThat(ret).isEqualTo(Integer.parseInt(hex.substring(2), 16));
        assertThat(Notify.toErrno(ret)).isEqualTo(back);
    }

    @Test
    void notifierToErrnoOfStopAndDoneIsZero() {
        assertThat(Notify.toErrno(Notify.STOP)).isZero();
        assertThat(Notify.toErrno(Notify.DONE)).isZero();
        assertThat(Notify.toErrno(Notify.OK)).isZero();
    }

    @Test
    void everyErrnoRoundTrips() {
        for (io.vmapkit.api.Errno e : io.vmapkit.api.Errno.values()) {
            assertThat(Notify.toErrno(Notify.fromErrno(e.negated()))).isEqualTo(e.negated());
        }
    }

    @Test
    void namesKnownResults() {
        assertThat(Notify.toString(Notify.DONE)).isEqualTo("NOTIFY_DONE");
        assertThat(Notify.toString(Notify.OK)).isEqualTo("NOTIFY_OK");
        assertThat(Notify.toString(Notify.BAD)).isEqualTo("NOTIFY_BAD");
        assertThat(Notify.toString(Notify.STOP)).isEqualTo("NOTIFY_STOP");
        assertThat(Notify.toString(0x8011)).isEqualTo("0x8011");
    }

    @Test
    void chainKindsThatOfferTheRobustCall() {
        assertThat(ChainKind.BLOCKING.supportsRobustCall()).isTrue();
        assertThat(ChainKind.RAW.supportsRobustCall()).isTrue();
        assertThat(ChainKind.ATOMIC.supportsRobustCall()).isFalse();
        assertThat(ChainKind.SRCU.supportsRobustCall()).isFalse();
    }
}
