package io.vmapkit.runtime;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.spi.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.spi.NotifierConfig.DuplicatePolicy;
import io.vmapkit.api.spi.NotifierConfig.ShrinkerArithmetic;
import io.vmapkit.api.spi.PagePoolConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A kernel preset ({@link VmapConfig#KERNEL}, {@code vmapkit.kernel}): "behave like Linux X". A
 * preset sets every era-dependent switch to what that release does and turns every vmapkit
 * improvement that has a setting off (no round caps, no quarantine, no up-front refusal, no purge
 * try-lock, the kernel-literal allocator and search length). It sets only the keys in
 * {@link #KEYS}; a key given explicitly wins over the preset, whatever layer it comes from, and the
 * preset wins over the default ({@code docs/configuration.md}, "Kernel presets").
 *
 * <p>Presets exist only for releases where every one of these switches is determined (boundaries
 * and the sources read for them are in {@code docs/fidelity.md}):
 *
 * <table>
 *   <caption>Presets and the boundaries they rest on</caption>
 *   <tr><th>preset</th><th>why this release</th></tr>
 *   <tr><td>{@code 4.7}</td><td>the purge notifier is merged (4.7-rc1); the busy-list allocator with
 *       its literal hint (up to 5.1); the notifier only for blocking requests (4.7 to ≈5.14); the
 *       freeing thread's try-purge (up to 5.17); no {@code __GFP_NOWARN} test in the overflow warning
 *       (before ≈4.12); the 3.12–4.15 shrinker arithmetic</td></tr>
 *   <tr><td>{@code 5.2}</td><td>the free-tree allocator as merged, search length
 *       {@code size + align - 1}; still the gfp guard and the freeing thread's try-purge; the
 *       4.16–5.12 shrinker arithmetic</td></tr>
 *   <tr><td>{@code 6.x}</td><td>≈6.3–6.6: {@code adjust_search_size} and the purge-first drain
 *       worker (both 5.18), no gfp guard (≈5.14/5.15, unverified), {@code -EEXIST} for duplicates
 *       (≈5.17, unverified), the empty-purge tracepoint, the 5.13+ shrinker arithmetic</td></tr>
 * </table>
 *
 * <p>Releases between 5.2 and 6.x have no preset: the release of the 2021 search-length fix is
 * unverified, so at least one switch is undetermined there. Before 4.7 there is no purge notifier,
 * which no setting removes.
 *
 * <p>Two values are the closest the spec allows rather than the release's own: duplicate notifier
 * registration in 4.7 and 5.2 is {@code warn-and-ignore}, because those kernels corrupt the chain
 * (no check before ≈4.18; the warn-and-ignore fix 1a50cb80f219 is from 2019) and §8.3 says not to
 * reproduce that; and {@code 4.7} sets the free-tree search length to {@code 5.2}, the first one
 * there was, which its allocator ({@code busy-list-kernel}) ignores.
 *
 * <p>Immutable; the runtime resolves a preset into the values it gives ({@link VmapConfig}), so
 * providers and plugins see values, never the preset.
 */
public enum KernelEra {

    /** Linux 4.7: busy-list allocator, the notifier's first release. */
    V4_7("4.7", "busy-list-kernel", FreeTreeSearch.KERNEL_5_2, true, LazyPurgeMode.SYNC, DuplicatePolicy.WARN_AND_IGNORE,
            ShrinkerArithmetic.KERNEL_3_12),
    /** Linux 5.2: the free-tree allocator as merged. */
    V5_2("5.2", "free-tree", FreeTreeSearch.KERNEL_5_2, true, LazyPurgeMode.SYNC, DuplicatePolicy.WARN_AND_IGNORE,
            ShrinkerArithmetic.KERNEL_4_16),
    /** Linux 6.x (before the 6.9 failure message, which vmapkit does not model). */
    V6_X("6.x", "free-tree", FreeTreeSearch.KERNEL_6_X, false, LazyPurgeMode.BACKGROUND, DuplicatePolicy.REJECT,
            ShrinkerArithmetic.KERNEL_5_13);

    /** The configuration value meaning "no preset": vmapkit's defaults. */
    public static final String NONE = "none";

    /** The keys a preset sets, in the order of the configuration reference's preset table. */
    public static final List<String> KEYS = List.of(VmapConfig.ALLOCATOR, VmapConfig.FREE_TREE_SEARCH,
            VmapConfig.NON_BLOCKING_SKIPS_NOTIFIER, VmapConfig.LAZY_PURGE, VmapConfig.DUPLICATE_BLOCKS,
            VmapConfig.MAX_NOTIFIER_ROUNDS, VmapConfig.MAX_OOM_ROUNDS, VmapConfig.QUARANTINE_AFTER,
            VmapConfig.REJECT_IMPOSSIBLE, VmapConfig.NON_BLOCKING_PURGE_TRYLOCK, VmapConfig.SHRINKER_ARITHMETIC,
            VmapConfig.HONOUR_NO_WARN, VmapConfig.TRACE_EMPTY_PURGE);

    private final String value;
    private final String allocator;
    private final FreeTreeSearch freeTreeSearch;
    private final boolean nonBlockingSkipsNotifier;
    private final LazyPurgeMode lazyPurgeMode;
    private final DuplicatePolicy duplicatePolicy;
    private final ShrinkerArithmetic shrinkerArithmetic;

    KernelEra(String value, String allocator, FreeTreeSearch freeTreeSearch, boolean nonBlockingSkipsNotifier,
            LazyPurgeMode lazyPurgeMode, DuplicatePolicy duplicatePolicy, ShrinkerArithmetic shrinkerArithmetic) {
        this.value = value;
        this.allocator = allocator;
        this.freeTreeSearch = freeTreeSearch;
        this.nonBlockingSkipsNotifier = nonBlockingSkipsNotifier;
        this.lazyPurgeMode = lazyPurgeMode;
        this.duplicatePolicy = duplicatePolicy;
        this.shrinkerArithmetic = shrinkerArithmetic;
    }

    /** The configuration value: {@code 4.7}, {@code 5.2} or {@code 6.x}. */
    public String value() {
        return value;
    }

    /**
     * The preset spelled {@code value} (as {@link #value()}, case-insensitive, surrounding blanks
     * ignored).
     *
     * @throws IllegalArgumentException naming the value and every valid one
     */
    public static KernelEra fromValue(String value) {
        Objects.requireNonNull(value, "value");
        for (KernelEra e : values()) {
            if (e.value.equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown kernel preset; use one of " + validValues()
                + " (presets exist only for releases whose every era switch is determined; see "
                + "docs/configuration.md, \"Kernel presets\")");
    }

    /** Every valid value, {@value #NONE} included: {@code 4.7, 5.2, 6.x, none}. */
    static String validValues() {
        return String.join(", ", Arrays.stream(values()).map(KernelEra::value).toList()) + ", " + NONE;
    }

    /** The allocator provider: {@code busy-list-kernel} before 5.2 (§2), {@code free-tree} from 5.2 (§3). */
    public String allocator() {
        return allocator;
    }

    /** The free-tree search length: 5.2's {@code size + align - 1}, or 6.x's {@code adjust_search_size} (§3.2, D14). */
    public FreeTreeSearch freeTreeSearch() {
        return freeTreeSearch;
    }

    /** Whether non-blocking requests skip the notifier: 4.7 to ≈5.14 yes, later no (§1.3, D11). */
    public boolean nonBlockingSkipsNotifier() {
        return nonBlockingSkipsNotifier;
    }

    /** Threshold purges: by the freeing thread's try-purge (3.x–5.17) or by the drain worker (5.18+) (§7.2). */
    public LazyPurgeMode lazyPurgeMode() {
        return lazyPurgeMode;
    }

    /** Duplicate notifier registration: {@code -EEXIST} from ≈5.17, otherwise warn and ignore (§8.3, D6). */
    public DuplicatePolicy duplicatePolicy() {
        return duplicatePolicy;
    }

    /**
     * The {@code do_shrink_slab} arithmetic: 4.7 runs the 3.12–4.15 form, 5.2 the 4.16–5.12 form,
     * 6.x the 5.13+ form ({@code docs/fidelity.md}, 12.5).
     */
    public ShrinkerArithmetic shrinkerArithmetic() {
        return shrinkerArithmetic;
    }

    /**
     * Whether NO_WARN suppresses the overflow warning: not in 4.7 (the {@code __GFP_NOWARN} test was
     * posted in April 2017, so 4.12 at the earliest), yes in 5.2 and 6.x.
     */
    public boolean honourNoWarn() {
        return this != V4_7;
    }

    /** Whether an empty purge is reported too: only 6.x traces it ({@code purge_vmap_area_lazy}, 0 areas). */
    public boolean traceEmptyPurge() {
        return this == V6_X;
    }

    /** No cap on notifier rounds: the kernel has none (§5.3, D1). */
    public int maxNotifierRounds() {
        return AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS;
    }

    /** No cap on OOM-chain rounds (D21). */
    public int maxOomRounds() {
        return PagePoolConfig.UNLIMITED_OOM_ROUNDS;
    }

    /** No quarantine: every block is called on every walk (D5). */
    public int quarantineAfter() {
        return 0;
    }

    /** A request that can never fit its window runs the overflow path and fails with EBUSY (§1.2, §5.1, D3). */
    public boolean rejectImpossibleRequests() {
        return false;
    }

    /** The overflow purge waits for the purge lock, whatever the request's gfp (§7.4, D12). */
    public boolean nonBlockingPurgeTrylock() {
        return false;
    }

    /**
     * What this preset sets, key by key ({@link #KEYS} order), spelled as in a properties file:
     * {@code fromProperties} of these entries gives the same values as the preset.
     */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(VmapConfig.builder().kernel(this).build().eraValues());
    }

    @Override
    public String toString() {
        return value;
    }
}
