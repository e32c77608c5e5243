package io.vmapkit.testkit;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A described predicate on one {@link VmapEvent}; build them with {@link Events}. The description
 * appears in assertion failures.
 */
public final class EventMatcher {

    private final String description;
    private final Predicate<VmapEvent> test;

    private EventMatcher(String description, Predicate<VmapEvent> test) {
        this.description = description;
        this.test = test;
    }

    /** A matcher of events of {@code type} satisfying {@code test}. */
    public static <T extends VmapEvent> EventMatcher of(String description, Class<T> type, Predicate<? super T> test) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(test, "test");
        return new EventMatcher(description, e -> type.isInstance(e) && test.test(type.cast(e)));
    }

    /** Whether {@code event} matches. */
    public boolean matches(VmapEvent event) {
        return test.test(event);
    }

    /** This matcher and another condition on the same event. */
    public EventMatcher and(String more, Predicate<VmapEvent> also) {
        return new EventMatcher(description + " and " + more, test.and(also));
    }

    @Override
    public String toString() {
        return description;
    }
}
