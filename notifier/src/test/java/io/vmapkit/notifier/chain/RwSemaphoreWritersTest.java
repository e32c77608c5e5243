package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * {@link RwSemaphore}'s writer count (the field that turns new readers to the gate) goes up with
 * {@code down_write} and back to zero with {@code up_write}; read by reflection, since it has no
 * accessor. Left at one, every later reader would take the slow path through the gate.
 */
class RwSemaphoreWritersTest {

    private static int writers(RwSemaphore s) throws ReflectiveOperationException {
        Field f = RwSemaphore.class.getDeclaredField("writers");
        f.setAccessible(true);
        return f.getInt(s);
    }

    @Test
    void theWriterCountIsOneWhileWritingAndZeroAfterwards() throws ReflectiveOperationException {
        RwSemaphore s = new RwSemaphore();
        assertThat(writers(s)).isZero();
        s.downWrite();
        assertThat(writers(s)).isEqualTo(1);
        assertThat(s.hasQueuedThread(Thread.currentThread())).as("holding, not waiting").isFalse();
        s.upWrite();
        assertThat(writers(s)).isZero();
        s.downWrite();
        s.upWrite();
        assertThat(writers(s)).as("after a second write").isZero();
        GracePeriod.Reader r = s.downRead();
        assertThat(s.heldForReadByCurrentThread()).isTrue();
        s.upRead(r);
    }
}
