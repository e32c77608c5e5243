package io.vmapkit.allocator;

import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.settings.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of this module's allocators ({@code free-tree}, {@code busy-list},
 * {@code busy-list-kernel}): every {@code vmapkit.allocator.*} key, declared, parsed, validated and
 * documented here, and what each kernel preset means for them. The providers list {@link #ALL} as
 * their {@code settings()} and answer {@code preset(release)} with {@link #preset(String)};
 * {@link AllocatorConfig#from} reads them. Adding a setting: declare it here, add it to
 * {@link #ALL} (and to {@link #preset} if a kernel release fixes it), read it in
 * {@link AllocatorConfig#from}, and give it a row in {@code docs/configuration.md}.
 *
 * <p>Presets turn every vmapkit improvement that has a setting off and set the era switches to the
 * release's behaviour:
 * <ul>
 *   <li>{@code 4.7}: the freeing thread's try-purge (3.x–4.9), the notifier only for blocking
 *       requests (4.7 to ≈5.14); the free-tree search length {@code 5.2}, the first the free tree
 *       had (the preset's allocator, {@code busy-list-kernel}, ignores it);</li>
 *   <li>{@code 5.2}: the free tree as merged, search length {@code size + align - 1}; still the
 *       gfp guard and the try-purge (4.10–5.3);</li>
 *   <li>{@code 6.x}: {@code adjust_search_size} (≈5.19, unverified), no gfp guard (≈5.14/5.15,
 *       unverified), the drain worker (5.4+).</li>
 *   <li>{@code 6.9}, {@code 6.12}, {@code 6.18}: as {@code 6.x} for these keys (the 6.9 changes are
 *       the {@code vmap-nodes} allocator's, which those presets choose, and its own settings).</li>
 * </ul>
 * NO_WARN is honoured from 5.2 on (the {@code __GFP_NOWARN} test came in ≈4.12), and only 6.x
 * reports an empty purge.
 * Every preset: no cap on notifier rounds (the kernel has none, D1), no up-front refusal (D3), the
 * overflow purge waits for the purge lock (D12).
 *
 * <p>Stateless; the constants are immutable.
 */
public final class AllocatorSettings {

    /** Purge-threshold override in pages, or {@code auto} (0) for {@code fls(ncpus) * 32 MiB / page size}. */
    public static final Setting<Long> LAZY_MAX_PAGES = Setting.longInteger("vmapkit.allocator.lazy-max-pages", 0,
            "purge-threshold override in pages; auto: fls(ncpus) * 32 MiB / page size")
            .between(0, Long.MAX_VALUE, "must be at least 1, or auto (0) for fls(ncpus) * 32 MiB / page size")
            .orKeyword("auto", 0L);

    /** Cap on purge-notifier rounds per allocation, or {@code unlimited} (D1; default 8). */
    public static final Setting<Integer> MAX_NOTIFIER_ROUNDS = Setting.roundCap("vmapkit.allocator.max-notifier-rounds",
            AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS, "cap on purge-notifier rounds per allocation (the kernel has none)");

    /** Threshold purges: {@code sync} (the freeing thread, default) or {@code background} (a drain worker). */
    public static final Setting<LazyPurgeMode> LAZY_PURGE = Setting.choice("vmapkit.allocator.lazy-purge",
            LazyPurgeMode.class, LazyPurgeMode.SYNC, "threshold purges by the freeing thread (3.x-5.3) or a drain worker (5.4+)");

    /** Whether non-blocking requests skip the notifier chain (D11; default true, the 4.7–5.14 era). */
    public static final Setting<Boolean> NON_BLOCKING_SKIPS_NOTIFIER = Setting.bool(
            "vmapkit.allocator.non-blocking-skips-notifier", true,
            "whether a non-blocking request skips the notifier chain (4.7 to 5.14)");

    /** Whether the allocator checks its invariants after every operation (default false; slow). */
    public static final Setting<Boolean> DEBUG_CHECKS = Setting.bool("vmapkit.allocator.debug-checks", false,
            "check allocator invariants after every operation (slow)");

    /** Whether requests that can never fit their window are refused up front (D3; default true). */
    public static final Setting<Boolean> REJECT_IMPOSSIBLE = Setting.bool("vmapkit.allocator.reject-impossible", true,
            "refuse a request whose size plus guard exceeds its window before anything runs");

    /** Whether the overflow purge of a non-blocking request only try-locks (D12; default true). */
    public static final Setting<Boolean> NON_BLOCKING_PURGE_TRYLOCK = Setting.bool(
            "vmapkit.allocator.non-blocking-purge-trylock", true,
            "the overflow purge of a non-blocking request only try-locks the purge lock");

    /** The free-tree search length: {@code lowest-fit} (default), {@code 5.2} or {@code 6.x} (D14). */
    public static final Setting<FreeTreeSearch> FREE_TREE_SEARCH = Setting.of("vmapkit.allocator.free-tree-search",
            FreeTreeSearch.class, FreeTreeSearch.LOWEST_FIT, FreeTreeSearch::fromValue, FreeTreeSearch::value,
            List.of(FreeTreeSearch.values()).stream().map(FreeTreeSearch::value).toList(),
            "search length of the free-tree allocator (ignored by the others)");

    /** Whether a request's NO_WARN suppresses the overflow path's failure warning (default true; 4.7: false). */
    public static final Setting<Boolean> HONOUR_NO_WARN = Setting.bool("vmapkit.allocator.honour-no-warn", true,
            "whether NO_WARN suppresses the overflow path's failure warning (not before 4.12)");

    /** Whether a purge that finds nothing lazy is reported too, as 6.x traces it (default false). */
    public static final Setting<Boolean> TRACE_EMPTY_PURGE = Setting.bool("vmapkit.allocator.trace-empty-purge", false,
            "whether a purge that finds nothing lazy still reports purge_vmap_area_lazy (6.x)");

    /**
     * How many purge-notifier calls deep one thread's overflow path may nest before the allocation
     * made from inside a callback fails with EBUSY (default 64). A callback that allocates from its
     * own purge callback re-enters the overflow path; the kernel would recurse until its stack ran
     * out, so no kernel preset changes this bound.
     */
    public static final Setting<Integer> MAX_CHAIN_REENTRY = Setting.integer("vmapkit.allocator.max-chain-reentry", 64,
            "purge-notifier calls one thread's overflow path may nest before an allocation from inside a callback fails")
            .between(1, 4096, "must be between 1 and 4096");

    /** Every setting of this module's allocators, in the configuration reference's order. */
    public static final List<Setting<?>> ALL = List.of(LAZY_MAX_PAGES, MAX_NOTIFIER_ROUNDS, LAZY_PURGE,
            NON_BLOCKING_SKIPS_NOTIFIER, DEBUG_CHECKS, REJECT_IMPOSSIBLE, NON_BLOCKING_PURGE_TRYLOCK, FREE_TREE_SEARCH,
            HONOUR_NO_WARN, TRACE_EMPTY_PURGE, MAX_CHAIN_REENTRY);

    private AllocatorSettings() {}

    /**
     * What kernel preset {@code release} sets, key to value as written; empty for an unknown
     * release.
     */
    public static Map<String, String> preset(String release) {
        FreeTreeSearch search;
        boolean skips;
        LazyPurgeMode purge;
        switch (release) {
            case "4.7": search = FreeTreeSearch.KERNEL_5_2; skips = true; purge = LazyPurgeMode.SYNC; break;
            case "5.2": search = FreeTreeSearch.KERNEL_5_2; skips = true; purge = LazyPurgeMode.SYNC; break;
            case "6.x", "6.9", "6.12", "6.18":
                search = FreeTreeSearch.KERNEL_6_X; skips = false; purge = LazyPurgeMode.BACKGROUND; break;
            default: return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FREE_TREE_SEARCH.key(), FREE_TREE_SEARCH.format(search));
        m.put(NON_BLOCKING_SKIPS_NOTIFIER.key(), Boolean.toString(skips));
        m.put(LAZY_PURGE.key(), LAZY_PURGE.format(purge));
        m.put(MAX_NOTIFIER_ROUNDS.key(), MAX_NOTIFIER_ROUNDS.format(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS));
        m.put(REJECT_IMPOSSIBLE.key(), "false");
        m.put(NON_BLOCKING_PURGE_TRYLOCK.key(), "false");
        m.put(HONOUR_NO_WARN.key(), Boolean.toString(!release.equals("4.7")));
        m.put(TRACE_EMPTY_PURGE.key(), Boolean.toString(search == FreeTreeSearch.KERNEL_6_X));
        return Map.copyOf(m);
    }
}
