package io.vmapkit.allocator;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything this module's allocators are built from: the space, the policy and the seams. The
 * providers build it from {@link Settings} and an {@link AllocatorContext} ({@link #from}); the
 * module's tests and benchmarks build it directly with {@link #builder(AddressSpace)}. The policy
 * keys, their rules and their presets are declared in {@link AllocatorSettings}. Immutable.
 */
public final class AllocatorConfig {

    /** {@link #maxNotifierRounds()} value meaning "no cap": the kernel's behaviour. */
    public static final int UNLIMITED_NOTIFIER_ROUNDS = Setting.UNLIMITED;

    /** The default cap on purge-notifier rounds per allocation. */
    public static final int DEFAULT_MAX_NOTIFIER_ROUNDS = 8;

    /** The bytes of lazy backlog allowed per {@code fls(ncpus)}: 32 MiB. */
    public static final long LAZY_BYTES_PER_FLS = 32L << 20;

    /** How a free that pushes the lazy counter over {@code lazy_max_pages} purges. */
    public enum LazyPurgeMode {
        /**
         * The freeing thread try-locks the purge lock and purges itself, giving up if a purge is
         * running (3.x to 5.17).
         */
        SYNC,
        /**
         * The free schedules a drain on an executor (5.18+ {@code drain_vmap_work}), which purges
         * first, then again while the counter is still over the threshold.
         */
        BACKGROUND
    }

    /**
     * The search length of the {@code free-tree} allocator's lowest-match descent
     * ({@code find_vmap_lowest_match}, docs/fidelity.md §3.2), by era. Only {@code free-tree} reads it;
     * the busy-list allocators ignore it. {@code size} includes the guard page, {@code PAGE_SIZE} is
     * the space's page size. The descent itself is the same for every value (§3.2 steps 1–5:
     * left while the left subtree's max {@code >= length} and {@code vstart < va_start}, the node
     * if it can hold the request, right while the right subtree's max {@code >= length}, else climb
     * with the {@code vstart := parent.va_start + 1} shift); only {@code length} differs. The length
     * prunes subtrees only: a node on the descent path that holds the request is taken whatever its
     * size, so which lower blocks a longer length skips depends on the tree's shape, in the kernel
     * as in the model.
     *
     * <p>Only {@link #LOWEST_FIT} is placement-identical to {@code busy-list} and the linear
     * first-fit oracle; the era variants are not, by design, and the differential tests run the
     * default. A search length {@code size + align - 1} that would pass 2^64 is taken as 2^64 - 1
     * (no block is that large) where the kernel's unsigned sum would wrap.
     */
    public enum FreeTreeSearch {
        /**
         * {@code lowest-fit} (the default): length = {@code size} for every alignment, with the 2021
         * fix's climb back toward the root (Fixes: 68ad4a330433) and 6.x's vstart shift, so the
         * result is exactly the first free block in address order that holds the request after
         * alignment (the DEBUG_AUGMENT_LOWEST_MATCH_CHECK oracle, for any alignment). Deviation D14.
         */
        LOWEST_FIT("lowest-fit"),
        /**
         * {@code 5.2}, the allocator as merged (68ad4a330433): length = {@code size + align - 1} for
         * every request. A free block shorter than that is never taken, even one that holds the
         * request thanks to a favourable alignment (with {@code align == PAGE_SIZE} even a block of
         * exactly the size is skipped), so a request may be placed higher, or fail with EBUSY, where
         * a lower aligned fit exists; a window exactly the size of the request ({@code align > 1})
         * succeeds only when the free block around it is at least {@code size + align - 1} long
         * (the case 6.x exempts).
         * 5.2 descended right on a climb without shifting vstart; a block of at least
         * {@code size + align - 1} that starts at or above vstart always holds the request, so no
         * climb re-enters a subtree and the shift the model keeps changes no result.
         */
        KERNEL_5_2("5.2"),
        /**
         * {@code 6.x}, {@code adjust_search_size} (5.18: in linux-next next-20220209 beside the drain
         * worker, for the 5.18 merge window): length = {@code size} if
         * {@code align <= PAGE_SIZE} or the window length {@code vend - vstart} equals
         * {@code size}; otherwise {@code size + align - 1}. For {@code align <= PAGE_SIZE} this is
         * {@link #LOWEST_FIT} exactly; above it a request may be placed higher than the lowest fit,
         * or fail, as with {@link #KERNEL_5_2}, but never lower.
         */
        KERNEL_6_X("6.x");

        private final String value;

        FreeTreeSearch(String value) {
            this.value = value;
        }

        /** The configuration spelling: {@code lowest-fit}, {@code 5.2} or {@code 6.x}. */
        public String value() {
            return value;
        }

        /**
         * The variant spelled {@code value} (as {@link #value()}, case-insensitive, surrounding
         * blanks ignored).
         *
         * @throws IllegalArgumentException naming the value and the known spellings
         */
        public static FreeTreeSearch fromValue(String value) {
            Objects.requireNonNull(value, "value");
            for (FreeTreeSearch s : values()) {
                if (s.value.equalsIgnoreCase(value.strip())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown free-tree search '" + value + "'; use one of "
                    + String.join(", ", Arrays.stream(values()).map(FreeTreeSearch::value).toList()));
        }
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
    private final boolean rejectImpossibleRequests;
    private final boolean nonBlockingPurgeTrylock;
    private final FreeTreeSearch freeTreeSearch;
    private final boolean honourNoWarn;
    private final boolean traceEmptyPurge;
    private final int maxChainReentry;

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
        this.rejectImpossibleRequests = b.rejectImpossibleRequests;
        this.nonBlockingPurgeTrylock = b.nonBlockingPurgeTrylock;
        this.freeTreeSearch = b.freeTreeSearch;
        this.honourNoWarn = b.honourNoWarn;
        this.traceEmptyPurge = b.traceEmptyPurge;
        this.maxChainReentry = b.maxChainReentry;
    }

    /** A builder for {@code space} with every other value at its default. */
    public static Builder builder(AddressSpace space) {
        return new Builder(space);
    }

    /**
     * The configuration {@code settings} and {@code context} give for {@code space}: every
     * {@link AllocatorSettings} key and {@link AllocatorProvider#NCPUS} at its value or default,
     * the seams from the context.
     *
     * @throws io.vmapkit.api.settings.SettingException naming key, value and source of a bad value
     */
    public static AllocatorConfig from(AddressSpace space, Settings settings, AllocatorContext context) {
        Builder b = builder(space)
                .ncpus(settings.get(AllocatorProvider.NCPUS))
                .maxNotifierRounds(settings.get(AllocatorSettings.MAX_NOTIFIER_ROUNDS))
                .lazyPurgeMode(settings.get(AllocatorSettings.LAZY_PURGE))
                .nonBlockingSkipsNotifier(settings.get(AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER))
                .debugChecks(settings.get(AllocatorSettings.DEBUG_CHECKS))
                .rejectImpossibleRequests(settings.get(AllocatorSettings.REJECT_IMPOSSIBLE))
                .nonBlockingPurgeTrylock(settings.get(AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK))
                .freeTreeSearch(settings.get(AllocatorSettings.FREE_TREE_SEARCH))
                .honourNoWarn(settings.get(AllocatorSettings.HONOUR_NO_WARN))
                .traceEmptyPurge(settings.get(AllocatorSettings.TRACE_EMPTY_PURGE))
                .maxChainReentry(settings.get(AllocatorSettings.MAX_CHAIN_REENTRY))
                .listener(context.listener())
                .clock(context.clock())
                .faults(context.faults());
        long lazyMaxPages = settings.get(AllocatorSettings.LAZY_MAX_PAGES);
        if (lazyMaxPages > 0) {
            b.lazyMaxPages(lazyMaxPages);
        }
        context.purgeChain().ifPresent(b::purgeChain);
        context.drainExecutor().ifPresent(b::drainExecutor);
        return b.build();
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
                .debugChecks(debugChecks)
                .rejectImpossibleRequests(rejectImpossibleRequests)
                .nonBlockingPurgeTrylock(nonBlockingPurgeTrylock)
                .freeTreeSearch(freeTreeSearch)
                .honourNoWarn(honourNoWarn)
                .traceEmptyPurge(traceEmptyPurge)
                .maxChainReentry(maxChainReentry);
        b.lazyMaxPages = lazyMaxPagesOverride;
        b.purgeChain = purgeChain;
        b.drainExecutor = drainExecutor;
        return b;
    }

    /**
     * This configuration's policy as settings (source {@code builder}): what {@link #from} reads
     * back to the same values.
     */
    public Settings settings() {
        Settings.Builder b = Settings.builder()
                .set(AllocatorProvider.NCPUS, ncpus)
                .set(AllocatorSettings.LAZY_MAX_PAGES, lazyMaxPagesOverride)
                .set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, maxNotifierRounds)
                .set(AllocatorSettings.LAZY_PURGE, lazyPurgeMode)
                .set(AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER, nonBlockingSkipsNotifier)
                .set(AllocatorSettings.DEBUG_CHECKS, debugChecks)
                .set(AllocatorSettings.REJECT_IMPOSSIBLE, rejectImpossibleRequests)
                .set(AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK, nonBlockingPurgeTrylock)
                .set(AllocatorSettings.FREE_TREE_SEARCH, freeTreeSearch)
                .set(AllocatorSettings.HONOUR_NO_WARN, honourNoWarn)
                .set(AllocatorSettings.TRACE_EMPTY_PURGE, traceEmptyPurge)
                .set(AllocatorSettings.MAX_CHAIN_REENTRY, maxChainReentry);
        return b.build();
    }

    /** This configuration's seams as a context. */
    public AllocatorContext context() {
        AllocatorContext.Builder b = AllocatorContext.builder().clock(clock).listener(listener).faults(faults);
        if (purgeChain != null) {
            b.purgeChain(purgeChain);
        }
        if (drainExecutor != null) {
            b.drainExecutor(drainExecutor);
        }
        return b.build();
    }

    /**
     * A new allocator of {@code provider}, any provider, built from this configuration through the
     * SPI ({@code provider.create(space(), settings(), context())}): for benchmarks and tests that
     * hold a configuration.
     */
    public VmapAllocator createWith(AllocatorProvider provider) {
        return provider.create(space, settings(), context());
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
     * {@code fls} with 4 KiB pages), unless overridden. The one place it is computed
     * ({@link #lazyMaxPages(int, int, long)}).
     */
    public long lazyMaxPages() {
        return lazyMaxPages(ncpus, space.pageSize(), lazyMaxPagesOverride);
    }

    /**
     * {@code lazy_max_pages()}: {@code override} if positive, else
     * {@code fls(ncpus) * (32 MiB / pageSize)}.
     */
    public static long lazyMaxPages(int ncpus, int pageSize, long override) {
        return override > 0 ? override : Addresses.fls(ncpus) * (LAZY_BYTES_PER_FLS / pageSize);
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

    /**
     * Whether a request whose size plus guard exceeds its window {@code vend - vstart} is refused up
     * front with {@link IllegalArgumentException} by
     * the allocator before it searches ({@code true}, the default: nothing is
     * searched, purged, called or counted; deviation D3), or goes the kernel's way
     * ({@code false}): the search fails, the overflow path purges and calls the notifier chain, and
     * the allocation fails with EBUSY, counted as a failure. Bad input that is not "can never fit"
     * (a size that is not a page multiple, a window outside the space, a size plus guard reaching
     * 2^64) is refused in both modes.
     */
    public boolean rejectImpossibleRequests() {
        return rejectImpossibleRequests;
    }

    /**
     * Whether the overflow purge of a {@linkplain io.vmapkit.api.vmap.AllocFlag#NON_BLOCKING
     * non-blocking} request only try-locks the purge lock and, if another purge runs, goes on as if
     * it had found nothing ({@code true}, the default; deviation D12), or waits for the purge lock
     * as the kernel's {@code purge_vmap_area_lazy()} does for every caller ({@code false}).
     */
    public boolean nonBlockingPurgeTrylock() {
        return nonBlockingPurgeTrylock;
    }

    /** The {@code free-tree} search length (default {@link FreeTreeSearch#LOWEST_FIT}). */
    public FreeTreeSearch freeTreeSearch() {
        return freeTreeSearch;
    }

    /**
     * Whether {@link io.vmapkit.api.vmap.AllocFlag#NO_WARN} suppresses the overflow path's failure
     * warning ({@code true}, the default and 4.12+ kernels), or the warning is printed whatever the
     * flags, as {@code alloc_vmap_area} did before the {@code __GFP_NOWARN} test arrived (4.7).
     */
    public boolean honourNoWarn() {
        return honourNoWarn;
    }

    /**
     * Whether a purge that finds nothing lazy still reports {@code purge_vmap_area_lazy} with start
     * {@code ULONG_MAX}, end 0 and npurged 0, as 6.x does ({@code false} by default: one event per
     * non-empty purge, that is per TLB flush).
     */
    public boolean traceEmptyPurge() {
        return traceEmptyPurge;
    }

    /**
     * How many purge-notifier calls deep one thread's overflow path may nest; an allocation made
     * inside that many nested calls fails with EBUSY instead of calling the chain again.
     */
    public int maxChainReentry() {
        return maxChainReentry;
    }

    @Override
    public String toString() {
        return "AllocatorConfig[space=" + space + ", ncpus=" + ncpus + ", lazyMaxPages=" + lazyMaxPages()
                + ", maxNotifierRounds=" + (maxNotifierRounds == UNLIMITED_NOTIFIER_ROUNDS ? "unlimited" : Integer.toString(maxNotifierRounds))
                + ", purgeChain=" + (purgeChain == null ? "none" : purgeChain.name())
                + ", lazyPurgeMode=" + lazyPurgeMode + ", nonBlockingSkipsNotifier=" + nonBlockingSkipsNotifier
                + ", debugChecks=" + debugChecks + ", rejectImpossibleRequests=" + rejectImpossibleRequests
                + ", nonBlockingPurgeTrylock=" + nonBlockingPurgeTrylock + ", freeTreeSearch=" + freeTreeSearch.value()
                + ", honourNoWarn=" + honourNoWarn + ", traceEmptyPurge=" + traceEmptyPurge
                + ", maxChainReentry=" + maxChainReentry + "]";
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
        private boolean rejectImpossibleRequests = true;
        private boolean nonBlockingPurgeTrylock = true;
        private FreeTreeSearch freeTreeSearch = FreeTreeSearch.LOWEST_FIT;
        private boolean honourNoWarn = true;
        private boolean traceEmptyPurge;
        private int maxChainReentry = AllocatorSettings.MAX_CHAIN_REENTRY.defaultValue();

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
                throw new IllegalArgumentException("max notifier rounds " + rounds + " must be at least 1, or "
                        + UNLIMITED_NOTIFIER_ROUNDS + " for unlimited");
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

        /**
         * Whether requests that can never fit their window are refused up front (default
         * {@code true}; {@code false} runs the kernel's overflow path and fails with EBUSY).
         */
        public Builder rejectImpossibleRequests(boolean reject) {
            this.rejectImpossibleRequests = reject;
            return this;
        }

        /**
         * Whether the overflow purge of a non-blocking request only try-locks the purge lock
         * (default {@code true}; {@code false} waits for it, as the kernel does).
         */
        public Builder nonBlockingPurgeTrylock(boolean trylock) {
            this.nonBlockingPurgeTrylock = trylock;
            return this;
        }

        /** The {@code free-tree} search length (default {@link FreeTreeSearch#LOWEST_FIT}). */
        public Builder freeTreeSearch(FreeTreeSearch search) {
            this.freeTreeSearch = Objects.requireNonNull(search, "freeTreeSearch");
            return this;
        }

        /** Whether NO_WARN suppresses the failure warning (default {@code true}; {@code false} is 4.7). */
        public Builder honourNoWarn(boolean honour) {
            this.honourNoWarn = honour;
            return this;
        }

        /** Whether an empty purge is reported too (default {@code false}; {@code true} is 6.x). */
        public Builder traceEmptyPurge(boolean trace) {
            this.traceEmptyPurge = trace;
            return this;
        }

        /** Purge-notifier calls one thread's overflow path may nest (default 64, 1 to 4096). */
        public Builder maxChainReentry(int depth) {
            if (depth < 1 || depth > 4096) {
                throw new IllegalArgumentException("max chain re-entry " + depth + " must be between 1 and 4096");
            }
            this.maxChainReentry = depth;
            return this;
        }

        /** The configuration. */
        public AllocatorConfig build() {
            return new AllocatorConfig(this);
        }
    }
}
