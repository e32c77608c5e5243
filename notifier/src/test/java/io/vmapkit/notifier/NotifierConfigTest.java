package io.vmapkit.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.VmapListener;
import org.junit.jupiter.api.Test;

/** NotifierConfig (moved from the api with its class). */
class NotifierConfigTest {

    @Test
    void notifierConfigDefaultsAndValidation() {
        NotifierConfig d = NotifierConfig.defaults();
        assertThat(d.quarantineAfter()).isEqualTo(3);
        assertThat(d.duplicatePolicy()).isEqualTo(NotifierConfig.DuplicatePolicy.REJECT);
        assertThat(d.listener()).isSameAs(VmapListener.NOOP);
        NotifierConfig.Builder b = NotifierConfig.builder().quarantineAfter(5);
        assertThatThrownBy(() -> b.quarantineAfter(-1))
                .hasMessage("quarantine threshold -1 must not be negative (0 disables)");
        assertThat(b.duplicatePolicy(NotifierConfig.DuplicatePolicy.WARN_AND_IGNORE).build())
                .hasToString("NotifierConfig[quarantineAfter=5, duplicatePolicy=WARN_AND_IGNORE]");
        assertThat(NotifierConfig.builder().quarantineAfter(0).build().quarantineAfter()).isZero();
    }
}
