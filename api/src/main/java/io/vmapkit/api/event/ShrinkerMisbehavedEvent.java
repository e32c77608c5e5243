package io.vmapkit.api.event;

import java.util.Objects;

/**
 * A shrinker threw or returned nonsense; the registry contained it.
 * Passed to {@link VmapListener#shrinkerMisbehaved(ShrinkerMisbehavedEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class ShrinkerMisbehavedEvent {
    private final String shrinker;
    private final String problem;
    private final Throwable failure;

    /**
     * The event with its values.
     *
     * @param shrinker the shrinker's name; not null
     * @param problem what was wrong, in words; not null
     * @param failure what it threw, or {@code null} when it returned a bad value
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public ShrinkerMisbehavedEvent(String shrinker, String problem, Throwable failure) {
        this.shrinker = Objects.requireNonNull(shrinker, "shrinker");
        this.problem = Objects.requireNonNull(problem, "problem");
        this.failure = failure;
    }

    /** The shrinker's name. */
    public String shrinker() {
        return shrinker;
    }

    /** What was wrong, in words. */
    public String problem() {
        return problem;
    }

    /** What it threw, or {@code null} when it returned a bad value. */
    public Throwable failure() {
        return failure;
    }

    /** Equal when every value is equal (a failure by identity). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ShrinkerMisbehavedEvent)) {
            return false;
        }
        ShrinkerMisbehavedEvent e = (ShrinkerMisbehavedEvent) o;
        return Objects.equals(shrinker, e.shrinker)
                && Objects.equals(problem, e.problem)
                && Objects.equals(failure, e.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shrinker, problem, failure);
    }

    @Override
    public String toString() {
        return "ShrinkerMisbehavedEvent["
                + "shrinker=" + shrinker
                + ", problem=" + problem
                + ", failure=" + failure
                + "]";
    }
}
