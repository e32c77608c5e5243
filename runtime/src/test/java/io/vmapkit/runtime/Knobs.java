package io.vmapkit.runtime;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.FreeTreeAllocatorProvider;
import io.vmapkit.allocator.page.DefaultPagePoolProvider;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.notifier.DefaultNotifierProvider;
import io.vmapkit.notifier.NotifierConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider settings a configuration resolves to, as the system resolves them
 * ({@link SettingsMerge}: explicit > the default providers' preset > default), for tests that
 * read one knob of a {@link VmapConfig}. Every allocator of the allocator module declares the same
 * settings and presets, so the free-tree provider stands for all three.
 */
final class Knobs {

    private Knobs() {}

    static Settings resolved(VmapConfig c) {
        return SettingsMerge.resolve(c, List.of(
                new SettingsMerge.Part("allocator", VmapConfig.ALLOCATOR + ".", new FreeTreeAllocatorProvider()),
                new SettingsMerge.Part("notifier", VmapConfig.NOTIFIER + ".", new DefaultNotifierProvider()),
                new SettingsMerge.Part("page-pool", VmapConfig.PAGE_POOL + ".", new DefaultPagePoolProvider())));
    }

    /** What preset {@code era} sets: the runtime's allocator choice and the default providers' answers. */
    static Map<String, String> preset(KernelEra era) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VmapConfig.ALLOCATOR, era.allocator());
        m.putAll(new FreeTreeAllocatorProvider().preset(era.value()));
        m.putAll(new DefaultNotifierProvider().preset(era.value()));
        m.putAll(new DefaultPagePoolProvider().preset(era.value()));
        return m;
    }

    static <T> T get(VmapConfig c, Setting<T> setting) {
        return resolved(c).get(setting);
    }

    static AllocatorConfig allocatorConfig(VmapConfig c) {
        return AllocatorConfig.from(c.space(), resolved(c), AllocatorContext.defaults());
    }

    static NotifierConfig notifierConfig(VmapConfig c) {
        return NotifierConfig.from(resolved(c), NotifierContext.defaults());
    }

    /** {@link VmapBlueprint#effectiveSettings()} of the system {@code c} resolves to (discovering providers). */
    static Map<String, String> effective(VmapConfig c) {
        return VmapKit.builder().config(c).ignoreSystemProperties().resolve().effectiveSettings();
    }

    /** {@code lazy_max_pages()} as the allocator computes it from this configuration. */
    static long lazyMaxPages(VmapConfig c) {
        return allocatorConfig(c).lazyMaxPages();
    }
}
