package io.vmapkit.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmapListenerTest {

    @Test
    void compositeOfNothingOrNoopIsNoop() {
        assertThat(VmapListener.composite()).isSameAs(VmapListener.NOOP);
        assertThat(VmapListener.composite(VmapListener.NOOP, VmapListener.NOOP)).isSameAs(VmapListener.NOOP);
    }

    @Test
    void compositeForwardsEveryEventMethodToEveryListener() throws Exception {
        VmapListener a = mock(VmapListener.class);
        VmapListener b = mock(VmapListener.class);
        VmapListener both = VmapListener.composite(a, VmapListener.composite(b));
        int methods = 0;
        for (Method m : VmapListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(CompositeListener.class.getDeclaredMethod(m.getName(), m.getParameterTypes()))
                    .as("CompositeListener must override %s, or it swallows the event", m.getName())
                    .isNotNull();
            Object[] args = argsFor(m);
            m.invoke(both, args);
            m.invoke(verify(a), args);
            m.invoke(verify(b), args);
            methods++;
        }
        assertThat(methods).as("every event method was exercised").isPositive();
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        VmapListener bad = mock(VmapListener.class);
        VmapListener good = mock(VmapListener.class);
        doThrow(new IllegalStateException("boom")).when(bad).purgeVmapAreaLazy(1, 2, 3);
        VmapListener.composite(bad, good).purgeVmapAreaLazy(1, 2, 3);
        verify(good).purgeVmapAreaLazy(1, 2, 3);
    }

    @Test
    void aSingleListenerIsGuardedToo() {
        VmapListener bad = mock(VmapListener.class);
        doThrow(new IllegalStateException("boom")).when(bad).freeVmapAreaNoflush(1, 2, 3);
        VmapListener.composite(bad).freeVmapAreaNoflush(1, 2, 3);
        verify(bad).freeVmapAreaNoflush(1, 2, 3);
    }

    private static Object[] argsFor(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == long.class) {
                args[i] = (long) (i + 1);
            } else if (t == int.class) {
                args[i] = i + 1;
            } else if (t == boolean.class) {
                args[i] = true;
            } else if (t == String.class) {
                args[i] = "s" + i;
            } else if (t == VmapRequest.class) {
                args[i] = VmapRequest.of(4096);
            } else if (t == VmapPurgeEvent.class) {
                args[i] = new VmapPurgeEvent(VmapRequest.of(4096), 8192, 1);
            } else if (t == Errno.class) {
                args[i] = Errno.EBUSY;
            } else if (t == List.class) {
                args[i] = List.of("x");
            } else if (t == Throwable.class) {
                args[i] = new RuntimeException("t");
            } else {
                throw new AssertionError("no test argument for " + t + " in " + m);
            }
        }
        return args;
    }
}
