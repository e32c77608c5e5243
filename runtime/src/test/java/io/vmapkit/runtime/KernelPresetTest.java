package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code vmapkit.kernel}: each preset's value for each era switch (written out here, not read from
 * {@link KernelEra}, so a change to a preset fails a test), the precedence explicit key > preset >
 * default across builder calls and layers, round trips, and bad values.
 */
class KernelPresetTest {

    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    /**
     * The keys a kernel preset sets, in the order of the configuration reference's preset table:
     * the runtime's allocator choice and the era switches the allocator, notifier and page-pool
     * providers answer for (written out here, so a preset that gains or loses a key fails a test).
     */
    private static final List<String> ERA_KEYS = List.of("vmapkit.allocator", "vmapkit.allocator.free-tree-search",
            "vmapkit.allocator.non-blocking-skips-notifier", "vmapkit.allocator.lazy-purge",
            "vmapkit.notifier.duplicate-blocks", "vmapkit.allocator.max-notifier-rounds",
            "vmapkit.page-pool.max-oom-rounds", "vmapkit.notifier.quarantine-after",
            "vmapkit.allocator.reject-impossible", "vmapkit.allocator.non-blocking-purge-trylock",
            "vmapkit.notifier.shrinker-arithmetic", "vmapkit.allocator.honour-no-warn", "vmapkit.allocator.trace-empty-purge",
            "vmapkit.notifier.callback-timeout");

    /** The effective value of an era key, spelled as in properties, read through the typed accessors. */
    private static String value(VmapConfig c, String key) {
        switch (key) {
            case VmapConfig.ALLOCATOR: return c.allocator().orElse("<highest priority>");
            case "vmapkit.allocator.free-tree-search": return Knobs.get(c, AllocatorSettings.FREE_TREE_SEARCH).value();
            case "vmapkit.allocator.non-blocking-skips-notifier": return Boolean.toString(Knobs.get(c, AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER));
            case "vmapkit.allocator.lazy-purge": return Knobs.get(c, AllocatorSettings.LAZY_PURGE) == LazyPurgeMode.SYNC ? "sync" : "background";
            case "vmapkit.notifier.duplicate-blocks": return Knobs.get(c, NotifierSettings.DUPLICATE_BLOCKS) == DuplicatePolicy.REJECT ? "reject" : "warn-and-ignore";
            case "vmapkit.allocator.max-notifier-rounds":
                return Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS) == AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS ? "unlimited"
                        : Integer.toString(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS));
            case "vmapkit.page-pool.max-oom-rounds": return Knobs.get(c, PagePoolSettings.MAX_OOM_ROUNDS) == -1 ? "unlimited" : Integer.toString(Knobs.get(c, PagePoolSettings.MAX_OOM_ROUNDS));
            case "vmapkit.notifier.quarantine-after": return Integer.toString(Knobs.get(c, NotifierSettings.QUARANTINE_AFTER));
            case "vmapkit.allocator.reject-impossible": return Boolean.toString(Knobs.get(c, AllocatorSettings.REJECT_IMPOSSIBLE));
            case "vmapkit.allocator.non-blocking-purge-trylock": return Boolean.toString(Knobs.get(c, AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK));
            case "vmapkit.notifier.shrinker-arithmetic": return Knobs.get(c, NotifierSettings.SHRINKER_ARITHMETIC).value();
            case "vmapkit.allocator.honour-no-warn": return Boolean.toString(Knobs.get(c, AllocatorSettings.HONOUR_NO_WARN));
            case "vmapkit.allocator.trace-empty-purge": return Boolean.toString(Knobs.get(c, AllocatorSettings.TRACE_EMPTY_PURGE));
            case "vmapkit.notifier.callback-timeout":
                return Knobs.get(c, NotifierSettings.CALLBACK_TIMEOUT).isZero() ? "none" : Knobs.get(c, NotifierSettings.CALLBACK_TIMEOUT).toSeconds() + "s";
            default: throw new AssertionError("not an era key: " + key);
        }
    }

    @ParameterizedTest(name = "vmapkit.kernel={0} sets {1}={2}")
    @CsvSource(delimiter = '|', value = {
        // none: today's defaults, unchanged
        "none|vmapkit.allocator|<highest priority>",
        "none|vmapkit.allocator.free-tree-search|lowest-fit",
        "none|vmapkit.allocator.non-blocking-skips-notifier|true",
        "none|vmapkit.allocator.lazy-purge|sync",
        "none|vmapkit.notifier.duplicate-blocks|reject",
        "none|vmapkit.allocator.max-notifier-rounds|8",
        "none|vmapkit.page-pool.max-oom-rounds|8",
        "none|vmapkit.notifier.quarantine-after|3",
        "none|vmapkit.allocator.reject-impossible|true",
        "none|vmapkit.allocator.non-blocking-purge-trylock|true",
        "none|vmapkit.notifier.shrinker-arithmetic|5.13",
        "none|vmapkit.allocator.honour-no-warn|true",
        "none|vmapkit.allocator.trace-empty-purge|false",
        "none|vmapkit.notifier.callback-timeout|30s",
        // 4.7: busy list (§2), gfp guard (§1.3), freeing-thread try-purge (§7.2), no improvements
        "4.7|vmapkit.allocator|busy-list-kernel",
        "4.7|vmapkit.allocator.free-tree-search|5.2",
        "4.7|vmapkit.allocator.non-blocking-skips-notifier|true",
        "4.7|vmapkit.allocator.lazy-purge|sync",
        "4.7|vmapkit.notifier.duplicate-blocks|warn-and-ignore",
        "4.7|vmapkit.allocator.max-notifier-rounds|unlimited",
        "4.7|vmapkit.page-pool.max-oom-rounds|unlimited",
        "4.7|vmapkit.notifier.quarantine-after|0",
        "4.7|vmapkit.allocator.reject-impossible|false",
        "4.7|vmapkit.allocator.non-blocking-purge-trylock|false",
        "4.7|vmapkit.notifier.shrinker-arithmetic|3.12",
        "4.7|vmapkit.allocator.honour-no-warn|false",
        "4.7|vmapkit.allocator.trace-empty-purge|false",
        "4.7|vmapkit.notifier.callback-timeout|none",
        // 5.2: the free tree as merged (§3.2), still the gfp guard and the try-purge
        "5.2|vmapkit.allocator|free-tree",
        "5.2|vmapkit.allocator.free-tree-search|5.2",
        "5.2|vmapkit.allocator.non-blocking-skips-notifier|true",
        "5.2|vmapkit.allocator.lazy-purge|sync",
        "5.2|vmapkit.notifier.duplicate-blocks|warn-and-ignore",
        "5.2|vmapkit.allocator.max-notifier-rounds|unlimited",
        "5.2|vmapkit.page-pool.max-oom-rounds|unlimited",
        "5.2|vmapkit.notifier.quarantine-after|0",
        "5.2|vmapkit.allocator.reject-impossible|false",
        "5.2|vmapkit.allocator.non-blocking-purge-trylock|false",
        "5.2|vmapkit.notifier.shrinker-arithmetic|4.16",
        "5.2|vmapkit.allocator.honour-no-warn|true",
        "5.2|vmapkit.allocator.trace-empty-purge|false",
        "5.2|vmapkit.notifier.callback-timeout|none",
        // 6.x: adjust_search_size, no gfp guard, drain worker, -EEXIST
        "6.x|vmapkit.allocator|free-tree",
        "6.x|vmapkit.allocator.free-tree-search|6.x",
        "6.x|vmapkit.allocator.non-blocking-skips-notifier|false",
        "6.x|vmapkit.allocator.lazy-purge|background",
        "6.x|vmapkit.notifier.duplicate-blocks|reject",
        "6.x|vmapkit.allocator.max-notifier-rounds|unlimited",
        "6.x|vmapkit.page-pool.max-oom-rounds|unlimited",
        "6.x|vmapkit.notifier.quarantine-after|0",
        "6.x|vmapkit.allocator.reject-impossible|false",
        "6.x|vmapkit.allocator.non-blocking-purge-trylock|false",
        "6.x|vmapkit.notifier.shrinker-arithmetic|5.13",
        "6.x|vmapkit.allocator.honour-no-warn|true",
        "6.x|vmapkit.allocator.trace-empty-purge|true",
        "6.x|vmapkit.notifier.callback-timeout|none",
    })
    void eachPresetSetsEachEraSwitchToItsReleasesValue(String preset, String key, String expected) {
        VmapConfig fromProperties = VmapConfig.fromProperties(props(VmapConfig.KERNEL, preset));
        VmapConfig fromBuilder = VmapConfig.builder().kernel(preset).build();

        assertThat(value(fromProperties, key)).isEqualTo(expected);
        assertThat(fromBuilder).isEqualTo(fromProperties);
        if (!preset.equals("none")) {
            assertThat(Knobs.preset(KernelEra.fromValue(preset))).containsEntry(key, expected);
        }
    }

    @Test
    void presetsSetExactlyTheEraKeysAndNothingElse() {
        VmapConfig d = VmapConfig.defaults();
        for (KernelEra era : KernelEra.values()) {
            assertThat(Knobs.preset(era).keySet()).as(era.value()).containsExactlyInAnyOrderElementsOf(ERA_KEYS);
            VmapConfig c = VmapConfig.builder().kernel(era).build();
            assertThat(c.kernel()).contains(era);
            // every key outside the era keys keeps its default
            assertThat(c.space()).isEqualTo(d.space());
            assertThat(c.ncpus()).isEqualTo(d.ncpus());
            assertThat(Knobs.lazyMaxPages(c)).isEqualTo(Knobs.lazyMaxPages(d));
            assertThat(Knobs.get(c, AllocatorSettings.DEBUG_CHECKS)).isEqualTo(Knobs.get(d, AllocatorSettings.DEBUG_CHECKS));
            assertThat(Knobs.get(c, PagePoolSettings.PAGES)).isEqualTo(Knobs.get(d, PagePoolSettings.PAGES));
            assertThat(c.notifier()).isEqualTo(d.notifier());
            assertThat(c.pagePool()).isEqualTo(d.pagePool());
            assertThat(c.discoverPlugins()).isEqualTo(d.discoverPlugins());
            assertThat(c.onInstallFailure()).isEqualTo(d.onInstallFailure());
            // fromProperties of the preset's own settings gives the same values
            Properties pinned = new Properties();
            Knobs.preset(era).forEach(pinned::setProperty);
            VmapConfig spelled = VmapConfig.fromProperties(pinned);
            for (String key : ERA_KEYS) {
                assertThat(value(spelled, key)).as(era + " " + key).isEqualTo(value(c, key));
            }
        }
    }

    @Test
    void withoutAPresetEveryEraKeyHoldsTodaysDefault() {
        VmapConfig d = VmapConfig.defaults();
        assertThat(d.kernel()).isEmpty();
        assertThat(VmapConfig.builder().kernel("none").build()).isEqualTo(d);
        assertThat(VmapConfig.builder().kernel("4.7").kernel((KernelEra) null).build()).isEqualTo(d);
        assertThat(VmapConfig.fromProperties(props(VmapConfig.KERNEL, " NONE "))).isEqualTo(d);
        assertThat(d.allocator()).isEmpty();
        assertThat(Knobs.get(d, AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.LOWEST_FIT);
        assertThat(Knobs.get(d, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS);
        assertThat(Knobs.get(d, NotifierSettings.QUARANTINE_AFTER)).isEqualTo(NotifierConfig.DEFAULT_QUARANTINE_AFTER);
    }

    @Test
    void presetReachesTheAllocatorAndNotifierConfigsTheSystemBuilds() {
        VmapConfig c = VmapConfig.builder().kernel(KernelEra.V6_X).build();
        AllocatorConfig ac = Knobs.allocatorConfig(c);
        assertThat(ac.maxNotifierRounds()).isEqualTo(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS);
        assertThat(ac.freeTreeSearch()).isEqualTo(FreeTreeSearch.KERNEL_6_X);
        assertThat(ac.nonBlockingSkipsNotifier()).isFalse();
        assertThat(ac.lazyPurgeMode()).isEqualTo(LazyPurgeMode.BACKGROUND);
        assertThat(ac.rejectImpossibleRequests()).isFalse();
        assertThat(ac.nonBlockingPurgeTrylock()).isFalse();
        NotifierConfig nc = Knobs.notifierConfig(c);
        assertThat(nc.quarantineAfter()).isZero();
        assertThat(nc.duplicatePolicy()).isEqualTo(DuplicatePolicy.REJECT);
        assertThat(Knobs.notifierConfig(VmapConfig.builder().kernel(KernelEra.V5_2).build()).duplicatePolicy())
                .isEqualTo(DuplicatePolicy.WARN_AND_IGNORE);
    }

    @Test
    void explicitKeyWinsOverThePresetWhateverTheOrderOfBuilderCalls() {
        VmapConfig before = VmapConfig.builder().set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3).allocator("free-tree").kernel("4.7").build();
        VmapConfig after = VmapConfig.builder().kernel("4.7").set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3).allocator("free-tree").build();

        for (VmapConfig c : new VmapConfig[] {before, after}) {
            assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(3);
            assertThat(c.allocator()).contains("free-tree");
            assertThat(Knobs.get(c, NotifierSettings.QUARANTINE_AFTER)).as("not given: from the preset").isZero();
            assertThat(Knobs.get(c, AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.KERNEL_5_2);
        }
        assertThat(before).isEqualTo(after).hasSameHashCodeAs(after);
    }

    @Test
    void explicitKeyEqualToTheDefaultStillWinsOverThePreset() {
        VmapConfig c = VmapConfig.builder().set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS)
                .set(AllocatorSettings.REJECT_IMPOSSIBLE, true).kernel("5.2").build();
        assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(8);
        assertThat(Knobs.get(c, AllocatorSettings.REJECT_IMPOSSIBLE)).isTrue();
        assertThat(Knobs.get(c, PagePoolSettings.MAX_OOM_ROUNDS)).isEqualTo(-1);
        assertThat(c).as("pinning a key is part of the configuration").isNotEqualTo(VmapConfig.builder().kernel("5.2").build());
    }

    @Test
    void explicitKeyFromALowerLayerWinsOverAPresetFromAHigherLayer() throws Exception {
        Path file = tmp.resolve("vmapkit.properties");
        Files.writeString(file, "vmapkit.allocator.max-notifier-rounds=5\nvmapkit.notifier.duplicate-blocks=reject\n");

        VmapConfig c = VmapConfig.load(file, props(VmapConfig.KERNEL, "4.7"));

        assertThat(c.kernel()).contains(KernelEra.V4_7);
        assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(5);
        assertThat(Knobs.get(c, NotifierSettings.DUPLICATE_BLOCKS)).isEqualTo(DuplicatePolicy.REJECT);
        assertThat(c.allocator()).contains("busy-list-kernel");
        assertThat(Knobs.get(c, AllocatorSettings.REJECT_IMPOSSIBLE)).isFalse();
    }

    @Test
    void presetFromALowerLayerIsOverriddenKeyByKeyAndCanBeChangedOrClearedByAHigherLayer() throws Exception {
        Path file = tmp.resolve("kernel.properties");
        Files.writeString(file, "vmapkit.kernel=4.7\n");

        VmapConfig oneKey = VmapConfig.load(file, props(AllocatorSettings.MAX_NOTIFIER_ROUNDS.key(), "2"));
        assertThat(Knobs.get(oneKey, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(2);
        assertThat(oneKey.allocator()).contains("busy-list-kernel");

        VmapConfig modern = VmapConfig.load(file, props(VmapConfig.KERNEL, "6.x"));
        assertThat(modern.allocator()).contains("free-tree");
        assertThat(Knobs.get(modern, AllocatorSettings.LAZY_PURGE)).isEqualTo(LazyPurgeMode.BACKGROUND);

        VmapConfig cleared = VmapConfig.load(file, props(VmapConfig.KERNEL, "none"));
        assertThat(cleared).isEqualTo(VmapConfig.defaults());

        VmapKit.Builder kit = VmapKit.builder().kernel("5.2").overrides(props(NotifierSettings.QUARANTINE_AFTER.key(), "7"));
        assertThat(Knobs.get(kit.resolve().config(), NotifierSettings.QUARANTINE_AFTER)).isEqualTo(7);
        assertThat(Knobs.get(kit.resolve().config(), AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.KERNEL_5_2);
    }

    @Test
    void presetRoundTripsThroughPropertiesKeepingWhichKeysWerePinned() {
        VmapConfig c = VmapConfig.builder().kernel("4.7").set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3).build();

        Properties p = c.toProperties();

        assertThat(p).containsEntry(VmapConfig.KERNEL, "4.7").containsEntry(AllocatorSettings.MAX_NOTIFIER_ROUNDS.key(), "3");
        assertThat(p.stringPropertyNames()).as("era keys the preset set are not pinned")
                .doesNotContain(VmapConfig.ALLOCATOR, AllocatorSettings.LAZY_PURGE.key(), NotifierSettings.QUARANTINE_AFTER.key());
        assertThat(VmapConfig.fromProperties(p)).isEqualTo(c).hasSameHashCodeAs(c);
        p.setProperty(VmapConfig.KERNEL, "6.x");
        VmapConfig edited = VmapConfig.fromProperties(p);
        assertThat(Knobs.get(edited, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(3);
        assertThat(edited.allocator()).contains("free-tree");
        assertThat(Knobs.get(edited, AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER)).isFalse();
        assertThat(VmapConfig.defaults().toProperties()).containsEntry(VmapConfig.KERNEL, "none")
                .doesNotContainKey(AllocatorSettings.MAX_NOTIFIER_ROUNDS.key());
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().kernel("6.x").build()).isEqualTo(edited);
    }

    @Test
    void toStringShowsEveryEffectiveValueAndWhereEachEraValueComesFrom() {
        VmapConfig c = VmapConfig.builder().kernel("4.7").set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3).build();
        assertThat(c.toString()).contains("vmapkit.kernel=4.7", "vmapkit.allocator=busy-list-kernel (kernel 4.7)",
                "vmapkit.allocator.max-notifier-rounds=3 (builder)\n", "vmapkit.ncpus=4");
        // the effective value of every provider setting, with where it comes from
        assertThat(Knobs.effective(c)).contains(entry("vmapkit.allocator.max-notifier-rounds", "3 (builder)"),
                entry("vmapkit.notifier.quarantine-after", "0 (preset 4.7)"), entry("vmapkit.ncpus", "4 (default)"));
        assertThat(VmapConfig.defaults().toString()).contains("vmapkit.kernel=none");
        assertThat(Knobs.effective(VmapConfig.defaults())).contains(entry("vmapkit.allocator.max-notifier-rounds", "8 (default)"),
                entry("vmapkit.allocator.reject-impossible", "true (default)"));
    }

    @Test
    void presetValuesAreCaseInsensitiveAndIgnoreSurroundingBlanks() {
        assertThat(VmapConfig.fromProperties(props(VmapConfig.KERNEL, " 6.X ")).kernel()).contains(KernelEra.V6_X);
        assertThat(VmapConfig.builder().kernel("4.7").build().kernel()).contains(KernelEra.V4_7);
        for (KernelEra e : KernelEra.values()) {
            assertThat(KernelEra.fromValue(e.value())).isEqualTo(e);
            assertThat(e).hasToString(e.value());
        }
    }

    @ParameterizedTest(name = "vmapkit.kernel = ''{0}''")
    @ValueSource(strings = {"5.13", "4.6", "linux-4.7", "6", "6.10", "", "4.7.0"})
    void badKernelValueIsAnErrorNamingTheValueAndListingTheValidOnes(String bad) {
        String expected = VmapConfig.KERNEL + " = " + bad + ": unknown kernel preset; use one of 4.7, 5.2, 6.x, 6.9, 6.12, 6.18, none";
        assertThatThrownBy(() -> VmapConfig.fromProperties(props(VmapConfig.KERNEL, bad)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);

        VmapConfig.Builder b = VmapConfig.builder().kernel("5.2").set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 4);
        VmapConfig before = b.build();
        assertThatThrownBy(() -> b.kernel(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(expected);
        assertThat(b.build()).as("the builder is unchanged").isEqualTo(before);

        VmapConfig base = VmapConfig.builder().kernel("6.x").build();
        assertThatThrownBy(() -> base.overriddenBy(props(VmapConfig.KERNEL, bad, VmapConfig.NCPUS, "2")))
                .hasMessageStartingWith(expected);
        assertThat(base).isEqualTo(VmapConfig.builder().kernel("6.x").build());

        assertThatThrownBy(() -> VmapKit.builder().kernel(bad)).hasMessageStartingWith(expected);
    }

    @Test
    void misspeltKernelKeyIsRefusedWithTheClosestKey() {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.kernal", "4.7")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown configuration key 'vmapkit.kernal'")
                .hasMessageContaining("did you mean 'vmapkit.kernel'");
    }

    @Test
    void anAllocatorNamedByThePresetIsReportedWithThePresetInMessages() {
        VmapConfig c = VmapConfig.builder().kernel("4.7").build();
        assertThat(c.describe(VmapConfig.ALLOCATOR)).isEqualTo("vmapkit.allocator (set by vmapkit.kernel=4.7)");
        assertThat(VmapConfig.builder().kernel("4.7").allocator("busy-list").build().describe(VmapConfig.ALLOCATOR))
                .isEqualTo("vmapkit.allocator");
        assertThat(VmapConfig.defaults().describe(VmapConfig.ALLOCATOR)).isEqualTo("vmapkit.allocator");
    }

    @Test
    void theConfigurationKeysIncludeTheKernelKeyAndEveryEraKeyIsAKnownKey() {
        List<String> known = new ArrayList<>(VmapConfig.KEYS);
        known.addAll(KnownSettings.discovered().keys());
        assertThat(VmapConfig.KEYS).contains(VmapConfig.KERNEL);
        assertThat(known).containsAll(ERA_KEYS);
    }
}
