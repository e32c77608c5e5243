package io.vmapkit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fluent checks of a recorded event sequence. Each failing check throws {@link AssertionError}
 * with the expectation and the whole recorded sequence, one event a line, numbered.
 */
public final class EventSequenceAssert {

    private final List<VmapEvent> events;

    EventSequenceAssert(List<VmapEvent> events) {
        this.events = List.copyOf(events);
    }

    /**
     * The matchers match events in this order, not necessarily adjacent (other events may come
     * between).
     */
    public EventSequenceAssert containsSubsequence(EventMatcher... matchers) {
        int at = 0;
        for (int m = 0; m < matchers.length; m++) {
            EventMatcher matcher = Objects.requireNonNull(matchers[m], "matcher");
            while (at < events.size() && !matcher.matches(events.get(at))) {
                at++;
            }
            if (at == events.size()) {
                throw fail("expected the subsequence " + List.of(matchers) + ", but found no " + matcher
                        + " after " + (m == 0 ? "the start" : List.of(matchers).subList(0, m)));
            }
            at++;
        }
        return this;
    }

    /**
     * The events of the matchers' kinds, with all others filtered out, are exactly these, in order:
     * {@code onlyOf(VmapSearch.class, OverflowPurge.class).containsExactly(search(false), overflowPurge(), ...)}.
     */
    public EventSequenceAssert onlyOf(Class<?>... types) {
        List<VmapEvent> kept = new ArrayList<>();
        for (VmapEvent e : events) {
            for (Class<?> t : types) {
                if (t.isInstance(e)) {
                    kept.add(e);
                    break;
                }
            }
        }
        return new EventSequenceAssert(kept);
    }

    /** The sequence is exactly one event per matcher, in order. */
    public EventSequenceAssert containsExactly(EventMatcher... matchers) {
        if (events.size() != matchers.length) {
            throw fail("expected exactly " + List.of(matchers) + " (" + matchers.length + " events), but " + events.size()
                    + " were recorded");
        }
        for (int i = 0; i < matchers.length; i++) {
            if (!matchers[i].matches(events.get(i))) {
                throw fail("expected exactly " + List.of(matchers) + ", but event " + i + " is not " + matchers[i]);
            }
        }
        return this;
    }

    /** No event matches. */
    public EventSequenceAssert doesNotContain(EventMatcher matcher) {
        for (int i = 0; i < events.size(); i++) {
            if (matcher.matches(events.get(i))) {
                throw fail("expected no " + matcher + ", but event " + i + " is one");
            }
        }
        return this;
    }

    /** Exactly {@code count} events match. */
    public EventSequenceAssert hasCount(EventMatcher matcher, int count) {
        long n = events.stream().filter(matcher::matches).count();
        if (n != count) {
            throw fail("expected " + count + " x " + matcher + ", but found " + n);
        }
        return this;
    }

    /** The checked events. */
    public List<VmapEvent> list() {
        return events;
    }

    private AssertionError fail(String what) {
        StringBuilder sb = new StringBuilder(what).append("\nrecorded events (").append(events.size()).append("):");
        for (int i = 0; i < events.size(); i++) {
            sb.append("\n  ").append(i).append(": ").append(events.get(i));
        }
        return new AssertionError(sb.toString());
    }
}
