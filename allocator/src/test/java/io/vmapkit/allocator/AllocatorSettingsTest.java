package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.allocator.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.allocator.page.DefaultPagePoolProvider;
import io.vmapkit.allocator.page.PagePoolConfig;
import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.SettingException;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.PagePoolContext;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The allocator's and page pool's settings: what each key does to the configuration, and the presets. */
class AllocatorSettingsTest {

    private static Settings settings(String... kv) {
        Settings.Builder b = Settings.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.set(kv[i], kv[i + 1], "test");
        }
        return b.build();
    }

    @Test
    void withNoSettingsEveryValueIsTheDocumentedDefault() {
        AllocatorConfig c = AllocatorConfig.from(AddressSpace.x86_32(), Settings.empty(), AllocatorContext.defaults());
        assertThat(c.ncpus()).isEqualTo(4);
        assertThat(c.lazyMaxPages()).as("fls(4) = 3; 3 * 32 MiB / 4 KiB = 3 * 8192").isEqualTo(24_576);
        assertThat(c.maxNotifierRounds()).isEqualTo(8);
        assertThat(c.lazyPurgeMode()).isEqualTo(LazyPurgeMode.SYNC);
        assertThat(c.nonBlockingSkipsNotifier()).isTrue();
        assertThat(c.debugChecks()).isFalse();
        assertThat(c.rejectImpossibleRequests()).isTrue();
        assertThat(c.nonBlockingPurgeTrylock()).isTrue();
        assertThat(c.freeTreeSearch()).isEqualTo(FreeTreeSearch.LOWEST_FIT);
        assertThat(c.honourNoWarn()).isTrue();
        assertThat(c.traceEmptyPurge()).isFalse();
        assertThat(c.purgeChain()).isEmpty();
        assertThat(c.drainExecutor()).isEmpty();
    }

    @Test
    void everyKeyReachesTheConfigurationAndTheSeamsComeFromTheContext() {
        Executor direct = Runnable::run;
        AllocatorConfig c = AllocatorConfig.from(AddressSpace.x86_32(), settings(
                "vmapkit.ncpus", "16",
                "vmapkit.allocator.lazy-max-pages", "0x400",
                "vmapkit.allocator.max-notifier-rounds", "unlimited",
                "vmapkit.allocator.lazy-purge", "BACKGROUND",
                "vmapkit.allocator.non-blocking-skips-notifier", "false",
                "vmapkit.allocator.debug-checks", "true",
                "vmapkit.allocator.reject-impossible", "false",
                "vmapkit.allocator.non-blocking-purge-trylock", "false",
                "vmapkit.allocator.free-tree-search", "6.x",
                "vmapkit.allocator.honour-no-warn", "false",
                "vmapkit.allocator.trace-empty-purge", "true"),
                AllocatorContext.builder().drainExecutor(direct).build());
        assertThat(c.ncpus()).isEqualTo(16);
        assertThat(c.lazyMaxPages()).as("0x400 = 1024").isEqualTo(1024);
        assertThat(c.maxNotifierRounds()).isEqualTo(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS);
        assertThat(c.lazyPurgeMode()).isEqualTo(LazyPurgeMode.BACKGROUND);
        assertThat(c.nonBlockingSkipsNotifier()).isFalse();
        assertThat(c.debugChecks()).isTrue();
        assertThat(c.rejectImpossibleRequests()).isFalse();
        assertThat(c.nonBlockingPurgeTrylock()).isFalse();
        assertThat(c.freeTreeSearch()).isEqualTo(FreeTreeSearch.KERNEL_6_X);
        assertThat(c.honourNoWarn()).isFalse();
        assertThat(c.traceEmptyPurge()).isTrue();
        assertThat(c.drainExecutor()).containsSame(direct);
        assertThat(AllocatorConfig.from(AddressSpace.x86_32(), c.settings(), c.context()).toString())
                .as("settings() and context() read back to the same configuration").isEqualTo(c.toString());
        AllocatorConfig auto = AllocatorConfig.from(AddressSpace.x86_32(),
                settings("vmapkit.ncpus", "16", "vmapkit.allocator.lazy-max-pages", "auto"), AllocatorContext.defaults());
        assertThat(auto.lazyMaxPages()).as("fls(16) = 5; 5 * 8192").isEqualTo(40_960);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "vmapkit.ncpus|0|vmapkit.ncpus = 0: must be at least 1 (test)",
        "vmapkit.allocator.lazy-max-pages|-1|vmapkit.allocator.lazy-max-pages = -1: must be at least 1, or auto (0)",
        "vmapkit.allocator.max-notifier-rounds|0|vmapkit.allocator.max-notifier-rounds = 0: must be at least 1, or unlimited (test)",
        "vmapkit.allocator.lazy-purge|lazy|vmapkit.allocator.lazy-purge = lazy: unknown value; use one of sync, background (test)",
        "vmapkit.allocator.free-tree-search|lowest_fit|use one of lowest-fit, 5.2, 6.x",
        "vmapkit.allocator.debug-checks|yes|vmapkit.allocator.debug-checks = yes: must be true or false (test)",
    })
    void aBadValueIsRefusedNamingKeyValueAndSource(String key, String value, String message) {
        assertThatThrownBy(() -> AllocatorConfig.from(AddressSpace.x86_32(), settings(key, value), AllocatorContext.defaults()))
                .isInstanceOf(SettingException.class).hasMessageContaining(message);
    }

    @Test
    void everyProviderDeclaresEveryKeyItReadsWithADescriptionAndAParsableDefault() {
        for (String name : new String[] {"free-tree", "busy-list", "busy-list-kernel"}) {
            PlacementProvider p = Allocators.provider(name);
            assertThat(p.settings()).as(name).containsExactlyElementsOf(AllocatorSettings.ALL);
            for (Setting<?> s : p.settings()) {
                assertThat(s.key()).startsWith("vmapkit.allocator.");
                assertThat(s.description()).isNotBlank();
                assertThat(s.parse(s.defaultText())).isEqualTo(s.defaultValue());
            }
        }
        assertThat(new DefaultPagePoolProvider().settings()).containsExactly(PagePoolSettings.PAGES, PagePoolSettings.MAX_OOM_ROUNDS);
    }

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "4.7|vmapkit.allocator.free-tree-search|5.2",
        "4.7|vmapkit.allocator.non-blocking-skips-notifier|true",
        "4.7|vmapkit.allocator.lazy-purge|sync",
        "4.7|vmapkit.allocator.max-notifier-rounds|unlimited",
        "4.7|vmapkit.allocator.reject-impossible|false",
        "4.7|vmapkit.allocator.non-blocking-purge-trylock|false",
        "4.7|vmapkit.allocator.honour-no-warn|false",
        "4.7|vmapkit.allocator.trace-empty-purge|false",
        "5.2|vmapkit.allocator.free-tree-search|5.2",
        "5.2|vmapkit.allocator.non-blocking-skips-notifier|true",
        "5.2|vmapkit.allocator.lazy-purge|sync",
        "5.2|vmapkit.allocator.max-notifier-rounds|unlimited",
        "5.2|vmapkit.allocator.reject-impossible|false",
        "5.2|vmapkit.allocator.non-blocking-purge-trylock|false",
        "5.2|vmapkit.allocator.honour-no-warn|true",
        "5.2|vmapkit.allocator.trace-empty-purge|false",
        "6.x|vmapkit.allocator.free-tree-search|6.x",
        "6.x|vmapkit.allocator.non-blocking-skips-notifier|false",
        "6.x|vmapkit.allocator.lazy-purge|background",
        "6.x|vmapkit.allocator.max-notifier-rounds|unlimited",
        "6.x|vmapkit.allocator.reject-impossible|false",
        "6.x|vmapkit.allocator.non-blocking-purge-trylock|false",
        "6.x|vmapkit.allocator.honour-no-warn|true",
        "6.x|vmapkit.allocator.trace-empty-purge|true",
    })
    void eachPresetSetsTheReleasesValue(String release, String key, String value) {
        Map<String, String> preset = new FreeTreeAllocatorProvider().preset(release);
        assertThat(preset).containsEntry(key, value).hasSize(8);
        AllocatorSettings.ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().parse(value);
        assertThat(new DefaultPagePoolProvider().preset(release)).containsExactly(Map.entry("vmapkit.page-pool.max-oom-rounds", "unlimited"));
    }

    @Test
    void anUnknownReleaseHasNoPresetValues() {
        assertThat(AllocatorSettings.preset("5.13")).isEmpty();
        assertThat(PagePoolSettings.preset("none")).isEmpty();
    }

    @Test
    void thePagePoolReadsItsSizeAndRoundCap() {
        PagePoolConfig c = PagePoolConfig.from(settings("vmapkit.page-pool.pages", "65_536", "vmapkit.page-pool.max-oom-rounds", "3"),
                PagePoolContext.defaults());
        assertThat(c.totalPages()).as("65_536 = 65536: _ separates digits").isEqualTo(65_536);
        assertThat(c.maxOomRounds()).isEqualTo(3);
        PagePoolConfig d = PagePoolConfig.from(Settings.empty(), PagePoolContext.defaults());
        assertThat(d.totalPages()).isEqualTo(262_144);
        assertThat(d.maxOomRounds()).isEqualTo(8);
        assertThatThrownBy(() -> PagePoolConfig.from(settings("vmapkit.page-pool.pages", "0"), PagePoolContext.defaults()))
                .hasMessage("vmapkit.page-pool.pages = 0: must be at least 1 page (test)");
    }
}
