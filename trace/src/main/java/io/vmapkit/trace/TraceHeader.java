package io.vmapkit.trace;

import static io.vmapkit.trace.TraceFormat.hex;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.List;
import java.util.Objects;

/**
 * The first line of a trace: what replay needs to build an allocator that decides exactly as the
 * recorded one did. Threshold purges must be synchronous ({@code lazy-purge=sync}): a background
 * drain runs at moments a trace cannot record.
 *
 * @param space the address space (label, start, size, page size)
 * @param allocator the allocator provider's name
 * @param ncpus the CPU count (informational: {@code lazyMaxPages} is what the allocator uses)
 * @param lazyMaxPages the purge threshold in pages
 * @param maxNotifierRounds the cap on notifier rounds per allocation, or
 *     {@link AllocatorConfig#UNLIMITED_NOTIFIER_ROUNDS}
 * @param nonBlockingSkipsNotifier whether non-blocking requests skip the notifier chain
 * @param rejectImpossible whether requests that can never fit their window were refused up front
 *     (optional key {@code reject-impossible}, absent: {@value #DEFAULT_REJECT_IMPOSSIBLE})
 * @param nonBlockingPurgeTrylock whether the overflow purge of a non-blocking request only
 *     try-locked (optional key {@code non-blocking-purge-trylock}, absent:
 *     {@value #DEFAULT_NON_BLOCKING_PURGE_TRYLOCK})
 * @param freeTreeSearch the free-tree search length (optional key {@code free-tree-search}, absent:
 *     {@code lowest-fit})
 * @param policy the label of the recorded run (e.g. the simulate policy), empty for none
 */
public record TraceHeader(AddressSpace space, String allocator, int ncpus, long lazyMaxPages, int maxNotifierRounds,
        boolean nonBlockingSkipsNotifier, boolean rejectImpossible, boolean nonBlockingPurgeTrylock,
        FreeTreeSearch freeTreeSearch, String policy) {

    /**
     * What an absent {@code reject-impossible} means: fixed by format version 1 (the value before
     * the key existed), not whatever the allocator's default becomes.
     */
    public static final boolean DEFAULT_REJECT_IMPOSSIBLE = true;

    /** What an absent {@code non-blocking-purge-trylock} means, fixed by format version 1. */
    public static final boolean DEFAULT_NON_BLOCKING_PURGE_TRYLOCK = true;

    /** What an absent {@code free-tree-search} means, fixed by format version 1. */
    public static final FreeTreeSearch DEFAULT_FREE_TREE_SEARCH = FreeTreeSearch.LOWEST_FIT;

    /** The keys every header has. */
    public static final List<String> REQUIRED_KEYS = List.of("space", "start", "size", "page-size", "allocator", "ncpus",
            "lazy-max-pages", "max-notifier-rounds", "lazy-purge", "non-blocking-skips-notifier", "policy");

    /**
     * The keys a header may have: written only when the value differs from what their absence
     * means, so a trace of a run with the defaults reads as before, and older readers refuse (as
     * an unknown key) a trace they would replay wrongly.
     */
    public static final List<String> OPTIONAL_KEYS = List.of("reject-impossible", "non-blocking-purge-trylock",
            "free-tree-search");

    /** Checks for {@code null}s. */
    public TraceHeader {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(freeTreeSearch, "freeTreeSearch");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * The header for an allocator built from {@code config}.
     *
     * @throws IllegalArgumentException if the configuration purges in the background
     */
    public static TraceHeader of(AllocatorConfig config, String allocator, String policy) {
        if (config.lazyPurgeMode() != AllocatorConfig.LazyPurgeMode.SYNC) {
            throw new IllegalArgumentException("a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync), "
                    + "but the allocator is configured with " + config.lazyPurgeMode().name().toLowerCase(java.util.Locale.ROOT));
        }
        return new TraceHeader(config.space(), allocator, config.ncpus(), config.lazyMaxPages(), config.maxNotifierRounds(),
                config.nonBlockingSkipsNotifier(), config.rejectImpossibleRequests(), config.nonBlockingPurgeTrylock(),
                config.freeTreeSearch(), policy);
    }

    /** The header line, without a newline; optional keys only where they differ from their absence. */
    public String line() {
        return TraceFormat.MAGIC + " " + TraceFormat.VERSION
                + " space=" + TraceFormat.word(space.name())
                + " start=" + hex(space.start())
                + " size=" + hex(space.size())
                + " page-size=" + space.pageSize()
                + " allocator=" + TraceFormat.word(allocator)
                + " ncpus=" + ncpus
                + " lazy-max-pages=" + lazyMaxPages
                + " max-notifier-rounds=" + (maxNotifierRounds == AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS
                        ? "unlimited" : Integer.toString(maxNotifierRounds))
                + " lazy-purge=sync"
                + " non-blocking-skips-notifier=" + nonBlockingSkipsNotifier
                + (rejectImpossible == DEFAULT_REJECT_IMPOSSIBLE ? "" : " reject-impossible=" + rejectImpossible)
                + (nonBlockingPurgeTrylock == DEFAULT_NON_BLOCKING_PURGE_TRYLOCK ? ""
                        : " non-blocking-purge-trylock=" + nonBlockingPurgeTrylock)
                + (freeTreeSearch == DEFAULT_FREE_TREE_SEARCH ? "" : " free-tree-search=" + freeTreeSearch.value())
                + " policy=" + TraceFormat.word(policy);
    }
}
