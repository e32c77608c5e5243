package io.vmapkit.allocator.page;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.PagePoolContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the default page pool is built from. {@link DefaultPagePoolProvider} builds it from
 * {@link Settings} and a {@link PagePoolContext} ({@link #from}); tests build it with
 * {@link #builder(long)}. The policy keys are declared in {@link PagePoolSettings}. Immutable.
 */
public final class PagePoolConfig {

    /**
     * {@link #maxOomRounds()} value meaning "no cap": the kernel's behaviour
     * ({@link Setting#UNLIMITED}, spelt {@code unlimited}).
     */
    public static final int UNLIMITED_OOM_ROUNDS = Setting.UNLIMITED;

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

    /**
     * The configuration {@code settings} and {@code context} give: {@link PagePoolSettings#PAGES}
     * and {@link PagePoolSettings#MAX_OOM_ROUNDS} at their values or defaults, the seams from the
     * context.
     *
     * @throws io.vmapkit.api.settings.SettingException naming key, value and source of a bad value
     */
    public static PagePoolConfig from(Settings settings, PagePoolContext context) {
        Builder b = builder(settings.get(PagePoolSettings.PAGES))
                .maxOomRounds(settings.get(PagePoolSettings.MAX_OOM_ROUNDS))
                .listener(context.listener())
                .faults(context.faults());
        context.shrinkers().ifPresent(b::shrinkers);
        context.oomChain().ifPresent(b::oomChain);
        return b.build();
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
                + (maxOomRounds == UNLIMITED_OOM_ROUNDS ? "unlimited" : Integer.toString(maxOomRounds)) + "]";
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
            if (rounds < 1 && rounds != UNLIMITED_OOM_ROUNDS) {
                throw new IllegalArgumentException("max OOM rounds " + rounds + " must be at least 1, or "
                        + UNLIMITED_OOM_ROUNDS + " for unlimited");
            }
            this.maxOomRounds = rounds;
            return this;
        }

        /** The configuration. */
        public PagePoolConfig build() {
            return new PagePoolConfig(this);
        }
    }
}
