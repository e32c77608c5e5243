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

    /**
     * {@link #maxOomRounds()} value meaning "no cap": the kernel's behaviour. The same value as
     * {@link AllocatorConfig#UNLIMITED_NOTIFIER_ROUNDS}.
     */
    public static final int UNLIMITED_OOM_ROUNDS = RoundCap.UNLIMITED;

    /** The default cap on OOM-chain rounds per allocation. */
    public static final int DEFAULT_MAX_OOM_ROUNDS = 8;

    private final long totalPages;
    private final ShrinkerRegistry shrinkers;
    private final NotifierChain<OomEvent> oomChain;
    private final VmapListener listener;
    private final FaultInjector faults;
    private final int maxOomRounds;

    private PagePoolConfig(Builder b) {
        this.totalPages = b.totalPages;
        this.shrinkers = b.shrinkers;
        this.oomChain = b.oomChain;
        this.listener = b.listener;
        this.faults = b.faults;
        this.maxOomRounds = b.maxOomRounds;
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

    /**
     * The cap on OOM-chain rounds per allocation while callbacks report progress, or
     * {@link #UNLIMITED_OOM_ROUNDS} (default 8; deviation D21). When reclaim fails the kernel's
     * page allocator calls the OOM notifiers and retries while they report {@code freed > 0},
     * with no separate cap on these rounds (unverified); at the cap the allocation fails with
     * ENOMEM.
     */
    public int maxOomRounds() {
        return maxOomRounds;
    }

    @Override
    public String toString() {
        return "PagePoolConfig[totalPages=" + totalPages + ", shrinkers=" + (shrinkers == null ? "none" : "set")
                + ", oomChain=" + (oomChain == null ? "none" : oomChain.name()) + ", maxOomRounds="
                + RoundCap.describe(maxOomRounds) + "]";
    }

    /** Builds a {@link PagePoolConfig}. Not thread-safe. */
    public static final class Builder {
        private final long totalPages;
        private ShrinkerRegistry shrinkers;
        private NotifierChain<OomEvent> oomChain;
        private VmapListener listener = VmapListener.NOOP;
        private FaultInjector faults = FaultInjector.NONE;
        private int maxOomRounds = DEFAULT_MAX_OOM_ROUNDS;

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

        /**
         * The cap on OOM-chain rounds per allocation: at least 1, or {@link #UNLIMITED_OOM_ROUNDS}
         * for the kernel's unbounded retry (default 8).
         *
         * @throws IllegalArgumentException naming the value, for 0 or anything below -1; the
         *     builder keeps its previous value
         */
        public Builder maxOomRounds(int rounds) {
            this.maxOomRounds = RoundCap.check("max OOM rounds", rounds);
            return this;
        }

        /** The configuration. */
        public PagePoolConfig build() {
            return new PagePoolConfig(this);
        }
    }
}
