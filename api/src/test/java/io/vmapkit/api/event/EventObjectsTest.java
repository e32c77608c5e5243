package io.vmapkit.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapRequest;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's event objects: immutable values with one accessor per value. */
class EventObjectsTest {

    private static List<Class<?>> eventClasses() {
        List<Class<?>> events = new ArrayList<>();
        for (Method m : VmapListener.class.getMethods()) {
            Class<?> t = m.getParameterCount() == 1 ? m.getParameterTypes()[0] : null;
            if (t != null && t.getPackage() == VmapListener.class.getPackage()) {
                events.add(t);
            }
        }
        return events;
    }

    @Test
    void everyEventIsFinalWithPrivateFinalFieldsEachReadByAnAccessorOfItsName() throws Exception {
        List<Class<?>> events = eventClasses();
        // 16 listener methods, of which notifierRound takes the api's VmapPurgeEvent (package vmap)
        assertThat(events).hasSize(15);
        for (Class<?> type : events) {
            assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName()).isTrue();
            Object event = VmapListenerTest.newEvent(type);
            for (Field f : type.getDeclaredFields()) {
                assertThat(Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers()))
                        .as("%s.%s is private final", type.getSimpleName(), f.getName()).isTrue();
                Method accessor = type.getMethod(f.getName());
                f.setAccessible(true);
                assertThat(accessor.invoke(event)).as("%s.%s()", type.getSimpleName(), f.getName()).isEqualTo(f.get(event));
            }
            assertThat(event).as("equal to an event made from the same values")
                    .isEqualTo(VmapListenerTest.newEvent(type)).hasSameHashCodeAs(VmapListenerTest.newEvent(type));
            assertThat(event.toString()).startsWith(type.getSimpleName() + "[");
        }
    }

    @Test
    void shrinkSlabStartCarriesTheTracepointValuesInOrder() {
        ShrinkSlabStartEvent e = new ShrinkSlabStartEvent("i915", 0, 5, 100, 7, 12, 12);
        assertThat(e.shrinker()).isEqualTo("i915");
        assertThat(e.nid()).isZero();
        assertThat(e.nrObjectsToShrink()).isEqualTo(5);
        assertThat(e.cacheItems()).isEqualTo(100);
        assertThat(e.delta()).isEqualTo(7);
        assertThat(e.totalScan()).isEqualTo(12);
        assertThat(e.priority()).isEqualTo(12);
        assertThat(e).isNotEqualTo(new ShrinkSlabStartEvent("i915", 0, 5, 100, 7, 12, 11));
        assertThat(e.toString()).isEqualTo("ShrinkSlabStartEvent[shrinker=i915, nid=0, nrObjectsToShrink=5, "
                + "cacheItems=100, delta=7, totalScan=12, priority=12]");
    }

    @Test
    void referenceValuesAreCheckedAndListsCopied() {
        assertThatThrownBy(() -> new NotifierCallEvent(null, "b", 0, 1, 2)).isInstanceOf(NullPointerException.class)
                .hasMessage("chain");
        assertThatThrownBy(() -> new VmapSearchEvent(null, true)).hasMessage("request");
        List<String> claimed = new ArrayList<>(List.of("i915"));
        VmapAllocFailedEvent f = new VmapAllocFailedEvent(VmapRequest.of(4096), Errno.EBUSY, "m", claimed);
        claimed.add("msm");
        assertThat(f.claimedProgress()).containsExactly("i915");
        assertThatThrownBy(() -> f.claimedProgress().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ShrinkerMisbehavedEvent("s", "returned -5", null).failure()).as("null: a bad value, no throw").isNull();
    }
}
