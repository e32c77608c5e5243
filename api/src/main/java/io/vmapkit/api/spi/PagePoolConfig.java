package io.vmapkit.api.spi;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import java.util.Objects;
import java.util.Optional;

/** What a {@link PagePoolProvider} needs. Immutable; build with {@link #builder(long)}. */
public final class PagePoolConfig {

    private final long totalPages;
    private final ShrinkerRegistry shrinkers;
    private final NotifierChain<OomEvent> oomChain;
    private final VmapListener listener;
    private final FaultInjector faults;

    private PagePoolConfig(Builder b) {
        this.totalPages = b.totalPages;
        this.shrinkers = b.shrinkers;
        this.oomChain = b.oomChain;
        this.listener = b.listener;
        this.faults = b.faults;
    }

    /**
     * A builder for a pool of {@code totalPages} pages.
     *
     * @throws IllegalArgumentException if {@code totalPages} is not positive
     */
    public static Builder builder(long totalPages) {
        return new Builder(totalPages);
    }

    /** Pages in the pool. */
    public long totalPages() {
        return totalPages;
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

    /** Builds a {@link PagePoolConfig}. Not thread-safe. */
    public static final class Builder {
        private final long totalPages;
        private ShrinkerRegistry shrinkers;
        private NotifierChain<OomEvent> oomChain;
        private VmapListener listener = VmapListener.NOOP;
        private FaultInjector faults = FaultInjector.NONE;

        private Builder(long totalPages) {
            if (totalPages < 1) {
                throw new IllegalArgumentException("page pool size " + totalPages + " must be at least 1 page");
            }
            this.totalPages = totalPages;
        }

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

        /** The configuration. */
        public PagePoolConfig build() {
            return new PagePoolConfig(this);
        }
    }
}
