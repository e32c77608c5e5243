package io.vmapkit.api.spi;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import java.util.Objects;

/**
 * The seams a {@link NotifierProvider} wires its chains and shrinker registries to: the listener
 * and the clock. It holds no policy (those are {@linkplain NotifierProvider#settings() settings}).
 * Immutable; the host owns both objects.
 */
public final class NotifierContext {

    private static final NotifierContext DEFAULTS = new NotifierContext(VmapListener.NOOP, VmapClock.system());

    private final VmapListener listener;
    private final VmapClock clock;

    private NotifierContext(VmapListener listener, VmapClock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** No listener, the system clock. */
    public static NotifierContext defaults() {
        return DEFAULTS;
    }

    /** A context of {@code listener} and {@code clock}. */
    public static NotifierContext of(VmapListener listener, VmapClock clock) {
        return new NotifierContext(listener, clock);
    }

    /** Where chain and shrinker events go. */
    public VmapListener listener() {
        return listener;
    }

    /** The clock for call durations. */
    public VmapClock clock() {
        return clock;
    }
}
