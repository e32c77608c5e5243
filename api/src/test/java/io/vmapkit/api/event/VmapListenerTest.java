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

    /** One throwable for every test argument: events compare failures by identity. */
    private static final Throwable FAILURE = new RuntimeException("t");

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

    /** Growth: one event object per method, so a value added later does not change the signature. */
    @Test
    void everyEventMethodTakesOneFinalEventObjectAndHasAnEmptyDefault() {
        int methods = 0;
        for (Method m : VmapListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(m.isDefault()).as("%s has a default", m.getName()).isTrue();
            assertThat(m.getParameterCount()).as("%s takes one event object", m.getName()).isEqualTo(1);
            Class<?> event = m.getParameterTypes()[0];
            assertThat(Modifier.isFinal(event.getModifiers())).as("%s is final", event.getSimpleName()).isTrue();
            methods++;
        }
        // allocator 7 (allocVmapArea, vmapSearch, overflowPurge, notifierRound, vmapAllocFailed,
        // freeVmapAreaNoflush, purgeVmapAreaLazy) + chains 4 + shrinkers 3 + page pool 2 = 16
        assertThat(methods).isEqualTo(16);
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        VmapListener bad = mock(VmapListener.class);
        VmapListener good = mock(VmapListener.class);
        PurgeVmapAreaLazyEvent e = new PurgeVmapAreaLazyEvent(1, 2, 3);
        doThrow(new IllegalStateException("boom")).when(bad).purgeVmapAreaLazy(e);
        VmapListener.composite(bad, good).purgeVmapAreaLazy(e);
        verify(good).purgeVmapAreaLazy(e);
    }

    @Test
    void aSingleListenerIsGuardedToo() {
        VmapListener bad = mock(VmapListener.class);
        FreeVmapAreaNoflushEvent e = new FreeVmapAreaNoflushEvent(1, 2, 3);
        doThrow(new IllegalStateException("boom")).when(bad).freeVmapAreaNoflush(e);
        VmapListener.composite(bad).freeVmapAreaNoflush(e);
        verify(bad).freeVmapAreaNoflush(e);
    }

    /** An event of {@code type} from its public constructor, with test values. */
    static Object newEvent(Class<?> type) {
        java.lang.reflect.Constructor<?>[] cs = type.getConstructors();
        assertThat(cs).as("%s has one public constructor", type.getSimpleName()).hasSize(1);
        try {
            return cs[0].newInstance(argsFor(cs[0].getParameterTypes(), type.getSimpleName()));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Object[] argsFor(Method m) {
        return argsFor(m.getParameterTypes(), m.toString());
    }

    private static Object[] argsFor(Class<?>[] types, Object m) {
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
                args[i] = FAILURE;
            } else if (t.getPackage() == VmapListener.class.getPackage()) {
                args[i] = newEvent(t);
            } else {
                throw new AssertionError("no test argument for " + t + " in " + m);
            }
        }
        return args;
    }
}
