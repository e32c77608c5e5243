package io.vmapkit.api.spi;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * The seams a {@link PagePoolProvider} wires its pool to: the shrinker registry reclaim runs, the
 * OOM notifier chain, the listener and the fault injector. It holds no policy (those are
 * {@linkplain PagePoolProvider#settings() settings}). Immutable; the host owns every object it
 * holds. Build with {@link #builder()}.
 */
public final class PagePoolContext {

    private final ShrinkerRegistry shrinkers;
    private final NotifierChain<OomEvent> oomChain;
    private final VmapListener listener;
    private final FaultInjector faults;

    private PagePoolContext(Builder b) {
        this.shrinkers = b.shrinkers;
        this.oomChain = b.oomChain;
        this.listener = b.listener;
        this.faults = b.faults;
    }

    /** No reclaim, no OOM chain, no listener, no faults. */
    public static PagePoolContext defaults() {
        return builder().build();
    }

    /** A builder holding {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registry reclaim runs; empty means no reclaim. */
    public Optional<ShrinkerRegistry> shrinkers() {
        return Optional.ofNullable(shrinkers);
    }

    /** The OOM chain called after reclaim fails; empty means none. */
    public Optional<NotifierChain<OomEvent>> oomChain() {
        return Optional.ofNullable(oomChain);
    }

    /** Where events go. */
    public VmapListener listener() {
        return listener;
    }

    /** The fault-injection seam (site {@link FaultInjector#PAGE_POOL}). */
    public FaultInjector faults() {
        return faults;
    }

    /** Builds a {@link PagePoolContext}. Not thread-safe. */
    public static final class Builder {
        private ShrinkerRegistry shrinkers;
        private NotifierChain<OomEvent> oomChain;
        private VmapListener listener = VmapListener.NOOP;
        private FaultInjector faults = FaultInjector.NONE;

        private Builder() {}

        /** The shrinker registry for reclaim. */
        public Builder shrinkers(ShrinkerRegistry shrinkers) {
            this.shrinkers = Objects.requireNonNull(shrinkers, "shrinkers");
            return this;
        }

        /** The OOM chain. */
        public Builder oomChain(NotifierChain<OomEvent> chain) {
            this.oomChain = Objects.requireNonNull(chain, "oomChain");
            return this;
        }

        /** The listener (default {@link VmapListener#NOOP}). */
        public Builder listener(VmapListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The fault injector (default {@link FaultInjector#NONE}). */
        public Builder faults(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** The context. */
        public PagePoolContext build() {
            return new PagePoolContext(this);
        }
    }
}
