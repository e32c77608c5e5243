package io.vmapkit.runtime;

import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.Configurable;
import io.vmapkit.api.spi.Discoverable;
import java.util.List;
import java.util.Map;

/**
 * The merge of provider settings: explicit value &gt; kernel preset &gt; default, without knowing
 * what any key means. The preset layer is what each chosen provider answers to
 * {@link Configurable#preset(String)} (source {@code preset 4.7}); the explicit layer is
 * {@link VmapConfig#settings()}; a key in neither reads as its setting's default. Then every key
 * in a provider's namespace must be one that provider declares. Stateless.
 */
final class SettingsMerge {

    private SettingsMerge() {}

    /** A chosen provider and the key prefix of its settings. */
    record Part(String what, String namespace, Object provider) {}

    /**
     * The resolved settings for {@code parts}.
     *
     * @throws io.vmapkit.api.settings.SettingException for a key in a provider's namespace that the
     *     provider does not declare (with the closest declared key) or a bad value
     */
    static Settings resolve(VmapConfig config, List<Part> parts) {
        Settings.Builder presets = Settings.builder();
        config.kernel().ifPresent(era -> {
            for (Part p : parts) {
                Map<String, String> values = ((Configurable) p.provider()).preset(era.value());
                values.forEach((k, v) -> presets.set(k, v, Settings.preset(era.value())));
            }
        });
        Settings merged = presets.build().overriddenBy(config.settings());
        for (Part p : parts) {
            merged.check(p.namespace(), p.what() + " provider '" + ((Discoverable) p.provider()).name() + "'",
                    ((Configurable) p.provider()).settings());
        }
        return merged;
    }
}
