package io.vmapkit.api.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import org.junit.jupiter.api.Test;

class NotifierBlockTest {

    @Test
    void lambdaBlocksHavePriorityZeroAndTheirClassAsName() {
        NotifierBlock<String> block = (action, data) -> Notify.OK;
        assertThat(block.priority()).isZero();
        assertThat(block.name()).isEqualTo(block.getClass().getName());
        assertThat(block.notifierCall(0, "x")).isEqualTo(Notify.OK);
    }

    @Test
    void ofGivesNameAndPriorityAndDelegates() {
        StringBuilder seen = new StringBuilder();
        NotifierBlock<String> block = NotifierBlock.of("i915", 7, (action, data) -> {
            seen.append(action).append(data);
            return Notify.STOP;
        });
        assertThat(block.name()).isEqualTo("i915");
        assertThat(block.priority()).isEqualTo(7);
        assertThat(block.notifierCall(3, "d")).isEqualTo(Notify.STOP);
        assertThat(seen).hasToString("3d");
        assertThat(block).hasToString("NotifierBlock[i915, priority 7]");
    }

    @Test
    void ofRefusesABlankName() {
        assertThatThrownBy(() -> NotifierBlock.of(" ", 0, (a, d) -> 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notifier block name must not be blank");
        assertThatThrownBy(() -> NotifierBlock.of("x", 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nrCallsCountsAndResets() {
        NrCalls n = new NrCalls();
        n.increment();
        n.increment();
        assertThat(n.get()).isEqualTo(2);
        assertThat(n).hasToString("NrCalls[2]");
        n.reset();
        assertThat(n.get()).isZero();
    }

    @Test
    void registrationExceptionCarriesItsErrno() {
        RegistrationException e = new RegistrationException(Errno.EEXIST, "double register");
        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
        assertThat(e).hasMessage("double register");
    }
}
