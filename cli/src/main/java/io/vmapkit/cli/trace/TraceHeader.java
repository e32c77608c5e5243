package io.vmapkit.cli.trace;

import static io.vmapkit.cli.trace.TraceFormat.hex;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
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
 * @param policy the label of the recorded run (e.g. the simulate policy), empty for none
 */
public record TraceHeader(AddressSpace space, String allocator, int ncpus, long lazyMaxPages, int maxNotifierRounds,
        boolean nonBlockingSkipsNotifier, String policy) {

    /** Checks for {@code null}s. */
    public TraceHeader {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(allocator, "allocator");
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
                config.nonBlockingSkipsNotifier(), policy);
    }

    /** The header line, without a newline. */
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
                + " policy=" + TraceFormat.word(policy);
    }
}
