package io.vmapkit.api.spi;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything an {@link AllocatorProvider} needs to build an allocator. Immutable; build with
 * {@link #builder(AddressSpace)}.
 */
public final class AllocatorConfig {

    /** {@link #maxNotifierRounds()} value meaning "no cap": the kernel's behaviour. */
    public static final int UNLIMITED_NOTIFIER_ROUNDS = -1;

    /** The default cap on purge-notifier rounds per allocation. */
    public static final int DEFAULT_MAX_NOTIFIER_ROUNDS = 8;

    /** The bytes of lazy backlog allowed per {@code fls(ncpus)}: 32 MiB. */
    public static final long LAZY_BYTES_PER_FLS = 32L << 20;

    /** How a free that pushes the lazy counter over {@code lazy_max_pages} purges. */
    public enum LazyPurgeMode {
        /**
         * The freeing thread try-locks the purge lock and purges itself, giving up if a purge is
         * running (3.x to 5.3).
         */
        SYNC,
        /**
         * The free schedules a drain on an executor, which purges while the counter is over the
         * threshold (5.4+ {@code drain_vmap_work}).
         */
        BACKGROUND
    }

    private final AddressSpace space;
    private final int ncpus;
    private final long lazyMaxPagesOverride;
    private final int maxNotifierRounds;
    private final NotifierChain<VmapPurgeEvent> purgeChain;
    private final VmapListener listener;
    private final VmapClock clock;
    private final LazyPurgeMode lazyPurgeMode;
    private final Executor drainExecutor;
    private final boolean nonBlockingSkipsNotifier;
    private final FaultInjector faults;
    private final boolean debugChecks;

    private AllocatorConfig(Builder b) {
        this.space = b.space;
        this.ncpus = b.ncpus;
        this.lazyMaxPagesOverride = b.lazyMaxPages;
        this.maxNotifierRounds = b.maxNotifierRounds;
        this.purgeChain = b.purgeChain;
        this.listener = b.listener;
        this.clock = b.clock;
        this.lazyPurgeMode = b.lazyPurgeMode;
        this.drainExecutor = b.drainExecutor;
        this.nonBlockingSkipsNotifier = b.nonBlockingSkipsNotifier;
        this.faults = b.faults;
        this.debugChecks = b.debugChecks;
    }

    /** A builder for {@code space} with every other value at its default. */
    public static Builder builder(AddressSpace space) {
        return new Builder(space);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder(space)
                .ncpus(ncpus)
                .maxNotifierRounds(maxNotifierRounds)
                .listener(listener)
                .clock(clock)
                .lazyPurgeMode(lazyPurgeMode)
                .nonBlockingSkipsNotifier(nonBlockingSkipsNotifier)
                .faults(faults)
                .debugChecks(debugChecks);
        b.lazyMaxPages = lazyMaxPagesOverride;
        b.purgeChain = purgeChain;
        b.drainExecutor = drainExecutor;
        return b;
    }

    /** The address space to manage. */
    public AddressSpace space() {
        return space;
    }

    /** The online CPU count {@code lazy_max_pages()} is computed from. */
    public int ncpus() {
        return ncpus;
    }

    /**
     * The purge threshold in pages: {@code fls(ncpus) * (32 MiB / PAGE_SIZE)} (8192 pages per
     * {@code fls} with 4 KiB pages), unless overridden.
     */
    public long lazyMaxPages() {
        if (lazyMaxPagesOverride > 0) {
            return lazyMaxPagesOverride;
        }
        return Addresses.fls(ncpus) * (LAZY_BYTES_PER_FLS / space.pageSize());
    }

    /** The cap on purge-notifier rounds per allocation, or {@link #UNLIMITED_NOTIFIER_ROUNDS}. */
    public int maxNotifierRounds() {
        return maxNotifierRounds;
    }

    /** The purge notifier chain to call on exhaustion; empty means the overflow path only purges. */
    public Optional<NotifierChain<VmapPurgeEvent>> purgeChain() {
        return Optional.ofNullable(purgeChain);
    }

    /** Where events go. */
    public VmapListener listener() {
        return listener;
    }

    /** The clock for rate limits and timings. */
    public VmapClock clock() {
        return clock;
    }

    /** How threshold purges run. */
    public LazyPurgeMode lazyPurgeMode() {
        return lazyPurgeMode;
    }

    /**
     * The executor for {@link LazyPurgeMode#BACKGROUND} drains; empty means
     * {@link java.util.concurrent.ForkJoinPool#commonPool()}.
     */
    public Optional<Executor> drainExecutor() {
        return Optional.ofNullable(drainExecutor);
    }

    /**
     * Whether a {@linkplain io.vmapkit.api.vmap.AllocFlag#NON_BLOCKING non-blocking} request skips
     * the notifier chain: {@code true} reproduces 4.7 to ≈5.14 (the {@code gfpflags_allow_blocking}
     * guard), {@code false} later kernels. Default {@code true}.
     */
    public boolean nonBlockingSkipsNotifier() {
        return nonBlockingSkipsNotifier;
    }

    /** The fault-injection seam. */
    public FaultInjector faults() {
        return faults;
    }

    /** Whether to check the allocator's internal invariants after every operation (slow; for tests). */
    public boolean debugChecks() {
        return debugChecks;
    }

    @Override
    public String toString() {
        return "AllocatorConfig[space=" + space + ", ncpus=" + ncpus + ", lazyMaxPages=" + lazyMaxPages()
                + ", maxNotifierRounds=" + (maxNotifierRounds == UNLIMITED_NOTIFIER_ROUNDS ? "unlimited" : maxNotifierRounds)
                + ", purgeChain=" + (purgeChain == null ? "none" : purgeChain.name())
                + ", lazyPurgeMode=" + lazyPurgeMode + ", nonBlockingSkipsNotifier=" + nonBlockingSkipsNotifier
                + ", debugChecks=" + debugChecks + "]";
    }

    /** Builds an {@link AllocatorConfig}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private final AddressSpace space;
        private int ncpus = Runtime.getRuntime().availableProcessors();
        private long lazyMaxPages;
        private int maxNotifierRounds = DEFAULT_MAX_NOTIFIER_ROUNDS;
        private NotifierChain<VmapPurgeEvent> purgeChain;
        private VmapListener listener = VmapListener.NOOP;
        private VmapClock clock = VmapClock.system();
        private LazyPurgeMode lazyPurgeMode = LazyPurgeMode.SYNC;
        private Executor drainExecutor;
        private boolean nonBlockingSkipsNotifier = true;
        private FaultInjector faults = FaultInjector.NONE;
        private boolean debugChecks;

        private Builder(AddressSpace space) {
            this.space = Objects.requireNonNull(space, "space");
        }

        /**
         * The online CPU count for {@code lazy_max_pages()} (default: this machine's).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder ncpus(int ncpus) {
            if (ncpus < 1) {
                throw new IllegalArgumentException("ncpus " + ncpus + " must be at least 1");
            }
            this.ncpus = ncpus;
            return this;
        }

        /**
         * Overrides the purge threshold in pages (default: computed from ncpus).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder lazyMaxPages(long pages) {
            if (pages < 1) {
                throw new IllegalArgumentException("lazy_max_pages " + pages + " must be at least 1");
            }
            this.lazyMaxPages = pages;
            return this;
        }

        /**
         * The cap on notifier rounds per allocation: at least 1, or
         * {@link #UNLIMITED_NOTIFIER_ROUNDS} for the kernel's unbounded loop (default 8).
         *
         * @throws IllegalArgumentException for 0 or anything below -1
         */
        public Builder maxNotifierRounds(int rounds) {
            if (rounds < 1 && rounds != UNLIMITED_NOTIFIER_ROUNDS) {
                throw new IllegalArgumentException("max notifier rounds " + rounds
                        + " must be at least 1, or " + UNLIMITED_NOTIFIER_ROUNDS + " for unlimited");
            }
            this.maxNotifierRounds = rounds;
            return this;
        }

        /** The purge notifier chain (default: none). */
        public Builder purgeChain(NotifierChain<VmapPurgeEvent> chain) {
            this.purgeChain = Objects.requireNonNull(chain, "purgeChain");
            return this;
        }

        /** The listener (default: {@link VmapListener#NOOP}). */
        public Builder listener(VmapListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock (default: {@link VmapClock#system()}). */
        public Builder clock(VmapClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How threshold purges run (default {@link LazyPurgeMode#SYNC}). */
        public Builder lazyPurgeMode(LazyPurgeMode mode) {
            this.lazyPurgeMode = Objects.requireNonNull(mode, "lazyPurgeMode");
            return this;
        }

        /** The executor for background drains (default: the common fork-join pool). */
        public Builder drainExecutor(Executor executor) {
            this.drainExecutor = Objects.requireNonNull(executor, "drainExecutor");
            return this;
        }

        /** Whether non-blocking requests skip the notifier (default {@code true}, the 4.7–5.14 era). */
        public Builder nonBlockingSkipsNotifier(boolean skip) {
            this.nonBlockingSkipsNotifier = skip;
            return this;
        }

        /** The fault injector (default {@link FaultInjector#NONE}). */
        public Builder faults(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** Whether to check invariants after every operation (default {@code false}). */
        public Builder debugChecks(boolean on) {
            this.debugChecks = on;
            return this;
        }

        /** The configuration. */
        public AllocatorConfig build() {
            return new AllocatorConfig(this);
        }
    }
}
