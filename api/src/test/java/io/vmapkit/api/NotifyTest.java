package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.Notify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kernel-model §8.6: the result codes and the errno conversions. */
class NotifyTest {

    @Test
    void resultCodesHaveTheKernelsValues() {
        assertThat(Notify.DONE).isEqualTo(0x0000);
        assertThat(Notify.OK).isEqualTo(0x0001);
        assertThat(Notify.STOP_MASK).isEqualTo(0x8000);
        assertThat(Notify.BAD).isEqualTo(0x8002);
        assertThat(Notify.STOP).isEqualTo(0x8001);
    }

    @Test
    void onlyResultsWithTheStopMaskEndTheWalk() {
        assertThat(Notify.isStop(Notify.STOP)).isTrue();
        assertThat(Notify.isStop(Notify.BAD)).isTrue();
        assertThat(Notify.isStop(Notify.STOP_MASK)).isTrue();
        assertThat(Notify.isStop(Notify.DONE)).isFalse();
        assertThat(Notify.isStop(Notify.OK)).isFalse();
        assertThat(Notify.isStop(0x7fff)).isFalse();
    }

    @ParameterizedTest(name = "notifier_from_errno({0}) = {1}, back to {2}")
    @CsvSource({
        "0, 0x0001, 0",
        "-1, 0x8002, -1",
        "-12, 0x800D, -12",
        "-16, 0x8011, -16",
        "-17, 0x8012, -17",
        "-22, 0x8017, -22",
    })
    void errnoRoundTripsThroughNotifierFromErrnoAndNotifierToErrno(int errno, String hex, int back) {
        int expected = Integer.parseInt(hex.substring(2), 16);
        assertThat(Notify.fromErrno(errno)).isEqualTo(expected);
        assertThat(Notify.toErrno(Notify.fromErrno(errno))).isEqualTo(back);
    }

    @Test
    void minusOneErrnoIsNotifyBad() {
        assertThat(Notify.fromErrno(Errno.EPERM.negated())).isEqualTo(Notify.BAD);
        assertThat(Notify.toErrno(Notify.fromErrno(Errno.EBUSY.negated()))).isEqualTo(Errno.EBUSY.negated());
    }

    @Test
    void notifierToErrnoOfPlainResultsIsZero() {
        assertThat(Notify.toErrno(Notify.STOP)).isZero();
        assertThat(Notify.toErrno(Notify.DONE)).isZero();
        assertThat(Notify.toErrno(Notify.OK)).isZero();
        assertThat(Notify.toErrno(Notify.STOP_MASK)).isZero();
    }

    @Test
    void resultsPrintWithTheirKernelNames() {
        assertThat(Notify.toString(Notify.DONE)).isEqualTo("NOTIFY_DONE");
        assertThat(Notify.toString(Notify.OK)).isEqualTo("NOTIFY_OK");
        assertThat(Notify.toString(Notify.BAD)).isEqualTo("NOTIFY_BAD");
        assertThat(Notify.toString(Notify.STOP)).isEqualTo("NOTIFY_STOP");
        assertThat(Notify.toString(0x8011)).isEqualTo("0x8011");
    }
}
