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
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import io.vmapkit.allocator.page.PagePoolConfig;
import io.vmapkit.api.vmap.AddressSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VmapConfigTest {

    @TempDir
    Path tmp;

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsAreDocumentedValues() {
        VmapConfig c = VmapConfig.defaults();
        assertThat(c.space()).isEqualTo(AddressSpace.x86_32());
        assertThat(c.allocator()).isEmpty();
        assertThat(c.notifier()).isEmpty();
        assertThat(c.pagePool()).isEmpty();
        assertThat(c.ncpus()).isEqualTo(4);
        assertThat(Knobs.lazyMaxPages(c)).isEqualTo(3 * 8192);
        assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(8);
        assertThat(Knobs.get(c, AllocatorSettings.LAZY_PURGE)).isEqualTo(LazyPurgeMode.SYNC);
        assertThat(Knobs.get(c, AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER)).isTrue();
        assertThat(Knobs.get(c, AllocatorSettings.DEBUG_CHECKS)).isFalse();
        assertThat(Knobs.get(c, PagePoolSettings.PAGES)).isEqualTo(262_144);
        assertThat(Knobs.get(c, NotifierSettings.QUARANTINE_AFTER)).isEqualTo(3);
        assertThat(Knobs.get(c, NotifierSettings.DUPLICATE_BLOCKS)).isEqualTo(DuplicatePolicy.REJECT);
        assertThat(c.strictDiscovery()).isFalse();
        assertThat(c.discoverPlugins()).isFalse();
        assertThat(c.includePlugins()).isEmpty();
        assertThat(c.excludePlugins()).isEmpty();
        assertThat(c.onInstallFailure()).isEqualTo(InstallFailurePolicy.CONTINUE);
        assertThat(c.pluginSettings()).isEmpty();
    }

    @Test
    void lazyMaxPagesIsFlsOfCpusTimes32MiB() {
        int[][] table = {{1, 8192}, {2, 16384}, {3, 16384}, {4, 24576}, {7, 24576}, {8, 32768}, {16, 40960},
            {32, 49152}, {64, 57344}, {127, 57344}};
        for (int[] row : table) {
            assertThat(Knobs.lazyMaxPages(VmapConfig.builder().ncpus(row[0]).build())).as("ncpus %d", row[0])
                    .isEqualTo(row[1]);
        }
        assertThat(Knobs.lazyMaxPages(VmapConfig.builder().ncpus(64).set(AllocatorSettings.LAZY_MAX_PAGES, 100L).build())).isEqualTo(100);
    }

    @Test
    void everyKeyIsReadFromProperties() {
        Properties p = props(
                "vmapkit.space", "custom",
                "vmapkit.space.start", "0x40000000",
                "vmapkit.space.size", "64M",
                "vmapkit.space.page-size", "16384",
                "vmapkit.allocator", "busy-list",
                "vmapkit.notifier", "default",
                "vmapkit.page-pool", "my-pool",
                "vmapkit.ncpus", "16",
                "vmapkit.allocator.lazy-max-pages", "1000",
                "vmapkit.allocator.max-notifier-rounds", "unlimited",
                "vmapkit.allocator.lazy-purge", "background",
                "vmapkit.allocator.non-blocking-skips-notifier", "false",
                "vmapkit.allocator.debug-checks", "TRUE",
                "vmapkit.page-pool.pages", "2048",
                "vmapkit.notifier.quarantine-after", "0",
                "vmapkit.notifier.duplicate-blocks", "warn-and-ignore",
                "vmapkit.discovery.strict", "true",
                "vmapkit.plugins.discover", "true",
                "vmapkit.plugins", "i915, msm",
                "vmapkit.plugins.exclude", "noisy",
                "vmapkit.plugins.on-install-failure", "fail",
                "vmapkit.plugin.i915.retry-seconds", "5",
                "vmapkit.plugin.i915.mode", "wc",
                "vmapkit.allocator.reject-impossible", "false",
                "vmapkit.allocator.non-blocking-purge-trylock", "false",
                "vmapkit.allocator.free-tree-search", "6.x",
                "vmapkit.page-pool.max-oom-rounds", "5",
                "vmapkit.notifier.shrinker-arithmetic", "4.16",
                "vmapkit.allocator.honour-no-warn", "true",
                "vmapkit.allocator.trace-empty-purge", "true",
                "vmapkit.kernel", "4.7",
                "unrelated.key", "ignored");
        VmapConfig c = VmapConfig.fromProperties(p);
        assertThat(c.space()).isEqualTo(AddressSpace.of("custom", 0x4000_0000L, 64L << 20, 16384));
        assertThat(c.allocator()).contains("busy-list");
        assertThat(c.notifier()).contains("default");
        assertThat(c.pagePool()).contains("my-pool");
        assertThat(c.ncpus()).isEqualTo(16);
        assertThat(Knobs.get(c, AllocatorSettings.LAZY_MAX_PAGES)).isEqualTo(1000);
        assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).isEqualTo(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS);
        assertThat(Knobs.get(c, AllocatorSettings.LAZY_PURGE)).isEqualTo(LazyPurgeMode.BACKGROUND);
        assertThat(Knobs.get(c, AllocatorSettings.NON_BLOCKING_SKIPS_NOTIFIER)).isFalse();
        assertThat(Knobs.get(c, AllocatorSettings.DEBUG_CHECKS)).isTrue();
        assertThat(Knobs.get(c, PagePoolSettings.PAGES)).isEqualTo(2048);
        assertThat(Knobs.get(c, NotifierSettings.QUARANTINE_AFTER)).isZero();
        assertThat(Knobs.get(c, NotifierSettings.DUPLICATE_BLOCKS)).isEqualTo(DuplicatePolicy.WARN_AND_IGNORE);
        assertThat(c.strictDiscovery()).isTrue();
        assertThat(c.discoverPlugins()).isTrue();
        assertThat(c.includePlugins()).containsExactly("i915", "msm");
        assertThat(c.excludePlugins()).containsExactly("noisy");
        assertThat(c.onInstallFailure()).isEqualTo(InstallFailurePolicy.FAIL);
        assertThat(c.pluginSettings("i915")).isEqualTo(Map.of("retry-seconds", "5", "mode", "wc"));
        assertThat(c.pluginSettings("msm")).isEmpty();
        assertThat(Knobs.get(c, AllocatorSettings.REJECT_IMPOSSIBLE)).isFalse();
        assertThat(Knobs.get(c, AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK)).isFalse();
        assertThat(Knobs.get(c, AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.KERNEL_6_X);
        assertThat(Knobs.get(c, PagePoolSettings.MAX_OOM_ROUNDS)).isEqualTo(5);
        assertThat(Knobs.get(c, NotifierSettings.SHRINKER_ARITHMETIC)).as("explicit, over the 4.7 preset's 3.12")
                .isEqualTo(io.vmapkit.notifier.NotifierConfig.ShrinkerArithmetic.KERNEL_4_16);
        assertThat(Knobs.get(c, AllocatorSettings.HONOUR_NO_WARN)).as("explicit, over the 4.7 preset's false").isTrue();
        assertThat(Knobs.get(c, AllocatorSettings.TRACE_EMPTY_PURGE)).as("explicit, over the 4.7 preset's false").isTrue();
        assertThat(c.kernel()).contains(KernelEra.V4_7);
        // every documented key appears in the round trip (era keys because each is given explicitly)
        assertThat(c.toProperties().stringPropertyNames()).containsAll(VmapConfig.KEYS.stream()
                .filter(k -> !k.equals(VmapConfig.SPACE_RESERVE)).toList());
        assertThat(VmapConfig.fromProperties(c.toProperties())).isEqualTo(c);
    }

    @Test
    void presetsRoundTripThroughProperties() {
        for (VmapConfig c : List.of(VmapConfig.defaults(),
                VmapConfig.builder().addressSpace(AddressSpace.x86_64()).build(),
                VmapConfig.builder().addressSpace(AddressSpace.x86_32(256L << 20)).build(),
                VmapConfig.builder().addressSpace(AddressSpace.of(0x1000, 0x10000)).set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3).build())) {
            assertThat(VmapConfig.fromProperties(c.toProperties())).as(c.toString()).isEqualTo(c);
        }
        assertThat(VmapConfig.fromProperties(props("vmapkit.space", "x86_32", "vmapkit.space.reserve", "256M")).space())
                .isEqualTo(AddressSpace.x86_32(256L << 20));
        assertThat(VmapConfig.fromProperties(props("vmapkit.space", "x86_64")).space()).isEqualTo(AddressSpace.x86_64());
    }

    @Test
    void overridingOnlyTheSizeOfACustomSpaceKeepsItsStart() {
        VmapConfig base = VmapConfig.builder().addressSpace(AddressSpace.of(0x8000_0000L, 1L << 20)).build();
        VmapConfig c = base.overriddenBy(props("vmapkit.space.size", "2MiB"));
        assertThat(c.space().start()).isEqualTo(0x8000_0000L);
        assertThat(c.space().size()).isEqualTo(2L << 20);
    }

    @Test
    void unknownVmapkitKeyIsAnErrorNamingTheKeyAndTheClosestKnownOne() {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.ncpu", "4")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown configuration key 'vmapkit.ncpu'")
                .hasMessageContaining("did you mean 'vmapkit.ncpus'");
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.allocator.max-notifer-rounds", "4")))
                .hasMessageContaining("did you mean 'vmapkit.allocator.max-notifier-rounds'");
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.plugin.i915", "x")))
                .hasMessageContaining("vmapkit.plugin.i915 = x").hasMessageContaining("<name>.<key>");
    }

    @Test
    void aMisspeltPluginPrefixSuggestsTheFormOfPluginSettings() {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.plugin-msm.log-burst", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown configuration key 'vmapkit.plugin-msm.log-burst'")
                .hasMessageContaining("did you mean 'vmapkit.plugin.<name>.<key>'");
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.plugins.exclud", "msm")))
                .hasMessageContaining("did you mean 'vmapkit.plugins.exclude'");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "vmapkit.ncpus|0|vmapkit.ncpus = 0: must be at least 1",
        "vmapkit.ncpus|four|vmapkit.ncpus = four: is not an integer",
        "vmapkit.allocator.max-notifier-rounds|0|vmapkit.allocator.max-notifier-rounds = 0: must be at least 1, or unlimited",
        "vmapkit.allocator.max-notifier-rounds|-2|must be at least 1, or unlimited",
        "vmapkit.allocator.lazy-max-pages|-1|vmapkit.allocator.lazy-max-pages = -1",
        "vmapkit.allocator.lazy-purge|lazy|vmapkit.allocator.lazy-purge = lazy: unknown value; use one of sync, background",
        "vmapkit.allocator.debug-checks|yes|vmapkit.allocator.debug-checks = yes: must be true or false",
        "vmapkit.page-pool.pages|0|vmapkit.page-pool.pages = 0: must be at least 1 page",
        "vmapkit.notifier.quarantine-after|-1|vmapkit.notifier.quarantine-after = -1: must not be negative",
        "vmapkit.notifier.duplicate-blocks|ignore|use one of reject, warn-and-ignore",
        "vmapkit.plugins.on-install-failure|stop|use one of continue, fail",
        "vmapkit.allocator|free tree|vmapkit.allocator = 'free tree': not a name",
        "vmapkit.plugins|a,b c|vmapkit.plugins = 'b c': not a name",
        "vmapkit.space|arm64|vmapkit.space = arm64: unknown preset",
        "vmapkit.space.start|0x1000|vmapkit.space.start = 0x1000: applies only to vmapkit.space=custom",
        "vmapkit.space.reserve|4M|vmapkit.space.reserve = 4M",
        "vmapkit.space.size|12M|vmapkit.space.size = 12M: applies only to vmapkit.space=custom, but the space is x86_32",
        "vmapkit.discovery.strict|1|vmapkit.discovery.strict = 1: must be true or false",
    })
    void badValuesAreErrorsNamingKeyAndValue(String key, String value, String expected) {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
    }

    /** D3, D12, D14, D21: the four switches default to vmapkit's behaviour, are read, and round-trip. */
    @Test
    void deviationKeysDefaultToVmapkitsBehaviourAreReadAndRoundTrip() {
        VmapConfig d = VmapConfig.defaults();
        assertThat(Knobs.get(d, AllocatorSettings.REJECT_IMPOSSIBLE)).isTrue();
        assertThat(Knobs.get(d, AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK)).isTrue();
        assertThat(Knobs.get(d, AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.LOWEST_FIT);
        assertThat(Knobs.get(d, PagePoolSettings.MAX_OOM_ROUNDS)).isEqualTo(8);
        // keys not given explicitly are listed with their source by the blueprint's effective settings
        // (toProperties writes only pinned ones)
        assertThat(Knobs.effective(d)).contains(entry("vmapkit.allocator.reject-impossible", "true (default)"),
                entry("vmapkit.allocator.non-blocking-purge-trylock", "true (default)"),
                entry("vmapkit.allocator.free-tree-search", "lowest-fit (default)"),
                entry("vmapkit.page-pool.max-oom-rounds", "8 (default)"));

        VmapConfig kernel = VmapConfig.fromProperties(props(
                "vmapkit.allocator.reject-impossible", "false",
                "vmapkit.allocator.non-blocking-purge-trylock", "FALSE",
                "vmapkit.allocator.free-tree-search", "5.2",
                "vmapkit.page-pool.max-oom-rounds", "unlimited"));
        assertThat(Knobs.get(kernel, AllocatorSettings.REJECT_IMPOSSIBLE)).isFalse();
        assertThat(Knobs.get(kernel, AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK)).isFalse();
        assertThat(Knobs.get(kernel, AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.KERNEL_5_2);
        assertThat(Knobs.get(kernel, PagePoolSettings.MAX_OOM_ROUNDS)).isEqualTo(PagePoolConfig.UNLIMITED_OOM_ROUNDS);
        assertThat(kernel).isNotEqualTo(d);
        assertThat(VmapConfig.fromProperties(kernel.toProperties())).isEqualTo(kernel).hasSameHashCodeAs(kernel);
        assertThat(kernel.toProperties()).containsEntry("vmapkit.page-pool.max-oom-rounds", "unlimited");
        assertThat(Knobs.get(VmapConfig.fromProperties(props("vmapkit.allocator.free-tree-search", "6.x")), AllocatorSettings.FREE_TREE_SEARCH))
                .isEqualTo(FreeTreeSearch.KERNEL_6_X);
        assertThat(Knobs.get(VmapConfig.fromProperties(props("vmapkit.page-pool.max-oom-rounds", "3")), PagePoolSettings.MAX_OOM_ROUNDS)).isEqualTo(3);

        AllocatorConfig ac = Knobs.allocatorConfig(kernel);
        assertThat(ac.rejectImpossibleRequests()).isFalse();
        assertThat(ac.nonBlockingPurgeTrylock()).isFalse();
        assertThat(ac.freeTreeSearch()).isEqualTo(FreeTreeSearch.KERNEL_5_2);
        assertThat(Knobs.allocatorConfig(VmapConfig.defaults()).freeTreeSearch()).isEqualTo(FreeTreeSearch.LOWEST_FIT);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "vmapkit.allocator.reject-impossible|no|vmapkit.allocator.reject-impossible = no: must be true or false",
        "vmapkit.allocator.non-blocking-purge-trylock|1|vmapkit.allocator.non-blocking-purge-trylock = 1: must be true or false",
        "vmapkit.allocator.free-tree-search|5.19|vmapkit.allocator.free-tree-search = 5.19: unknown free-tree search '5.19'; use one of lowest-fit, 5.2, 6.x",
        "vmapkit.allocator.free-tree-search|lowest_fit|use one of lowest-fit, 5.2, 6.x",
        "vmapkit.page-pool.max-oom-rounds|0|vmapkit.page-pool.max-oom-rounds = 0: must be at least 1, or unlimited",
        "vmapkit.page-pool.max-oom-rounds|-2|vmapkit.page-pool.max-oom-rounds = -2: must be at least 1, or unlimited",
        "vmapkit.page-pool.max-oom-rounds|many|vmapkit.page-pool.max-oom-rounds = many: is not an integer",
        "vmapkit.page-pool.max-oom-round|4|did you mean 'vmapkit.page-pool.max-oom-rounds'",
        "vmapkit.allocator.reject-impossibl|true|did you mean 'vmapkit.allocator.reject-impossible'",
    })
    void badDeviationValuesAreErrorsNamingKeyAndValue(String key, String value, String expected) {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props(key, value)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expected);
    }

    @Test
    void aRejectedDeviationSetterLeavesTheBuilderUnchanged() {
        VmapConfig.Builder b = VmapConfig.builder().set(PagePoolSettings.MAX_OOM_ROUNDS, 4).set(AllocatorSettings.FREE_TREE_SEARCH, FreeTreeSearch.KERNEL_6_X);
        VmapConfig before = b.build();
        assertThatThrownBy(() -> b.set(PagePoolSettings.MAX_OOM_ROUNDS, 0)).hasMessage("vmapkit.page-pool.max-oom-rounds = 0: must be at least 1, or unlimited (builder)");
        assertThatThrownBy(() -> b.set(AllocatorSettings.FREE_TREE_SEARCH, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("vmapkit.allocator.free-tree-search");
        assertThat(b.build()).isEqualTo(before);
        VmapConfig base = VmapConfig.defaults();
        assertThatThrownBy(() -> base.overriddenBy(props("vmapkit.page-pool.max-oom-rounds", "2",
                "vmapkit.allocator.free-tree-search", "7.0")));
        assertThat(base).isEqualTo(VmapConfig.builder().build());
    }

    @Test
    void customSpaceValuesAreCheckedTogether() {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.space", "custom",
                "vmapkit.space.start", "0x1001", "vmapkit.space.size", "1M")))
                .hasMessageContaining("vmapkit.space.start = 0x1001").hasMessageContaining("not aligned");
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.space", "custom",
                "vmapkit.space.start", "0xfffffffffff00000", "vmapkit.space.size", "1M")))
                .hasMessageContaining("wraps past 2^64");
    }

    @Test
    void sizesAcceptUnitsAndHex() {
        // the space keys read through the one settings reader (io.vmapkit.api.settings)
        assertThat(SpaceKeys.SIZE.parse("4K")).isEqualTo(4096);
        assertThat(SpaceKeys.SIZE.parse("64MiB")).isEqualTo(64L << 20);
        assertThat(SpaceKeys.SIZE.parse("32T")).isEqualTo(32L << 40);
        assertThat(SpaceKeys.SIZE.parse("0x2000")).isEqualTo(0x2000);
        assertThat(SpaceKeys.SIZE.parse("1_048_576")).isEqualTo(1 << 20);
        assertThatThrownBy(() -> SpaceKeys.SIZE.parse("17179869184T")).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> SpaceKeys.SIZE.parse("12X"))
                .hasMessage("vmapkit.space.size = 12X: is not an integer");
        assertThat(SpaceKeys.START.parse("0xffffc90000000000")).isEqualTo(0xffff_c900_0000_0000L);
    }

    @Test
    void aPluginCannotBeBothIncludedAndExcluded() {
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.plugins", "a,b", "vmapkit.plugins.exclude", "b")))
                .hasMessageContaining("both name 'b'");
    }

    @Test
    void includingPluginsTurnsDiscoveryOnUnlessExplicitlyOff() {
        assertThat(VmapConfig.fromProperties(props("vmapkit.plugins", "a")).discoverPlugins()).isTrue();
        assertThatThrownBy(() -> VmapConfig.fromProperties(props("vmapkit.plugins", "a", "vmapkit.plugins.discover", "false")))
                .hasMessageContaining("vmapkit.plugins.discover = false");
    }

    @Test
    void aRejectedSetterLeavesTheBuilderUnchanged() {
        VmapConfig.Builder b = VmapConfig.builder().ncpus(8).includePlugins(List.of("a"));
        VmapConfig before = b.build();
        assertThatThrownBy(() -> b.ncpus(-1)).hasMessageContaining("vmapkit.ncpus = -1");
        assertThatThrownBy(() -> b.includePlugins(List.of("ok", "not ok"))).hasMessageContaining("'not ok'");
        assertThatThrownBy(() -> b.pluginSetting("p", "bad key", "v")).hasMessageContaining("vmapkit.plugin.p.bad key");
        assertThat(b.build()).isEqualTo(before);
        VmapConfig base = VmapConfig.defaults();
        assertThatThrownBy(() -> base.overriddenBy(props("vmapkit.ncpus", "2", "vmapkit.zzz", "1")));
        assertThat(base).isEqualTo(VmapConfig.builder().build());
    }

    @Test
    void aFileIsLoadedAndOverridesWinOverIt() throws Exception {
        Path file = tmp.resolve("vmapkit.properties");
        Files.writeString(file, "# test\nvmapkit.ncpus=2\nvmapkit.allocator=busy-list\nvmapkit.plugin.msm.limit=15\n");
        VmapConfig c = VmapConfig.load(file, props("vmapkit.allocator", "free-tree", "java.version", "x"));
        assertThat(c.ncpus()).isEqualTo(2);
        assertThat(c.allocator()).contains("free-tree");
        assertThat(c.pluginSettings("msm")).containsEntry("limit", "15");

        Files.writeString(file, "vmapkit.ncpus=zero\n");
        assertThatThrownBy(() -> VmapConfig.load(file, new Properties()))
                .hasMessageContaining(file.toString()).hasMessageContaining("vmapkit.ncpus = zero");
    }

    @Test
    void aBadValueNamesTheFileAndLineItCameFromAndEachSettingRemembersItsSource() throws Exception {
        Path file = tmp.resolve("lines.properties");
        // line 1 a comment, line 2 blank, line 3 ncpus, line 4 a continued entry whose value is "back" + "ground"
        Files.writeString(file, "# settings\n\nvmapkit.ncpus=2\nvmapkit.allocator.lazy-purge=back\\\n  ground\n"
                + "vmapkit.allocator.max-notifier-rounds=0x10\n");
        VmapConfig c = VmapConfig.load(file, new Properties());
        assertThat(c.ncpus()).isEqualTo(2);
        assertThat(c.settings().source("vmapkit.allocator.lazy-purge")).isEqualTo("file " + file + " line 4");
        assertThat(c.settings().source("vmapkit.allocator.max-notifier-rounds")).isEqualTo("file " + file + " line 6");
        assertThat(Knobs.get(c, AllocatorSettings.MAX_NOTIFIER_ROUNDS)).as("0x10 = 16").isEqualTo(16);

        Files.writeString(file, "vmapkit.ncpus=2\n\nvmapkit.allocator.debug-checks=yes\n");
        assertThatThrownBy(() -> VmapConfig.load(file, new Properties()))
                .hasMessage("vmapkit.allocator.debug-checks = yes: must be true or false (file " + file + " line 3)");
        assertThatThrownBy(() -> VmapConfig.defaults().overriddenBy(props("vmapkit.ncpus", "0"), "-D"))
                .hasMessage("vmapkit.ncpus = 0: must be at least 1 (-D)");
    }

    @Test
    void systemPropertiesOverrideTheFile() throws Exception {
        Path file = tmp.resolve("sys.properties");
        Files.writeString(file, "vmapkit.ncpus=2\n");
        String old = System.getProperty(VmapConfig.NCPUS);
        System.setProperty(VmapConfig.NCPUS, "32");
        try {
            assertThat(VmapConfig.load(file).ncpus()).isEqualTo(32);
            assertThat(VmapConfig.fromSystemProperties().ncpus()).isEqualTo(32);
        } finally {
            if (old == null) {
                System.clearProperty(VmapConfig.NCPUS);
            } else {
                System.setProperty(VmapConfig.NCPUS, old);
            }
        }
    }

    @Test
    void equalConfigsAreEqualAndPrintTheirKeys() {
        VmapConfig a = VmapConfig.builder().ncpus(2).pluginSetting("x", "k", "v").excludePlugins(Set.of("z")).build();
        VmapConfig b = VmapConfig.builder().ncpus(2).pluginSetting("x", "k", "v").excludePlugins(Set.of("z")).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.toBuilder().ncpus(3).build());
        assertThat(a.toString()).contains("vmapkit.ncpus=2", "vmapkit.plugin.x.k=v", "vmapkit.plugins.exclude=z");
    }
}
