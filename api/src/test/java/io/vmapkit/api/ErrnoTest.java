package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void valuesAreTheKernels() {
        assertThat(Errno.EPERM.value()).isEqualTo(1);
        assertThat(Errno.ENOENT.value()).isEqualTo(2);
        assertThat(Errno.EAGAIN.value()).isEqualTo(11);
        assertThat(Errno.ENOMEM.value()).isEqualTo(12);
        assertThat(Errno.EBUSY.value()).isEqualTo(16);
        assertThat(Errno.EEXIST.value()).isEqualTo(17);
        assertThat(Errno.ENODEV.value()).isEqualTo(19);
        assertThat(Errno.EINVAL.value()).isEqualTo(22);
        assertThat(Errno.EBUSY.negated()).isEqualTo(-16);
    }

    @Test
    void ofAcceptsBothSigns() {
        assertThat(Errno.of(16)).isEqualTo(Errno.EBUSY);
        assertThat(Errno.of(-16)).isEqualTo(Errno.EBUSY);
        for (Errno e : Errno.values()) {
            assertThat(Errno.of(e.negated())).isEqualTo(e);
        }
    }

    @Test
    void ofUnknownNamesTheValue() {
        assertThatThrownBy(() -> Errno.of(-99)).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown errno -99");
    }

    @Test
    void ofThrowableMapsVmapExceptionsAndBadArguments() {
        assertThat(Errno.of(new VmapException(Errno.ENOMEM, "x"))).isEqualTo(Errno.ENOMEM);
        assertThat(Errno.of(new IllegalArgumentException("bad"))).isEqualTo(Errno.EINVAL);
        assertThat(Errno.of(new IllegalStateException("other"))).isEqualTo(Errno.EPERM);
    }

    @Test
    void vmapExceptionCarriesErrnoMessageAndCause() {
        Throwable cause = new RuntimeException("cause");
        VmapException e = new VmapException(Errno.EBUSY, "busy", cause);
        assertThat(e.errno()).isEqualTo(Errno.EBUSY);
        assertThat(e).hasMessage("busy").hasCause(cause);
        assertThatThrownBy(() -> new VmapException(null, "m")).isInstanceOf(NullPointerException.class).hasMessage("errno");
    }
}
