package io.vmapkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The testkit's {@code LogCapture} is the test-support one under the testkit's name (its behaviour is
 * tested in test-support's {@code LogCaptureTest}); this checks that both constructors capture and
 * that closing restores the logger.
 */
class LogCaptureTest {

    @Test
    void capturesByClassAndByNameAndRestoresOnClose() {
        Logger jul = Logger.getLogger(LogCaptureTest.class.getName());
        Level before = jul.getLevel();
        try (LogCapture byClass = new LogCapture(LogCaptureTest.class);
                LogCapture byName = new LogCapture(LogCaptureTest.class.getName() + ".named")) {
            System.getLogger(LogCaptureTest.class.getName()).log(System.Logger.Level.WARNING, "by class");
            System.getLogger(LogCaptureTest.class.getName() + ".named").log(System.Logger.Level.INFO, "by name");
            assertThat(byClass.messages()).containsExactly("WARNING by class");
            assertThat(byName.messages()).containsExactly("INFO by name");
            assertThat(byClass).isInstanceOf(io.vmapkit.testsupport.LogCapture.class);
        }
        assertThat(jul.getLevel()).isEqualTo(before);
        assertThat(jul.getUseParentHandlers()).isTrue();
    }
}
