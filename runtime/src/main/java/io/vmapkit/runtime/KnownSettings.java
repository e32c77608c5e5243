package io.vmapkit.runtime;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.SettingException;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Configurable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Iterator;

/**
 * The provider settings a configuration can be checked against before any provider is chosen: the
 * {@link Configurable#settings()} of every allocator, notifier and page-pool provider that
 * {@link ServiceLoader} finds from the runtime's class loader, by key. A key no discovered provider
 * declares is refused at once with "did you mean"; the system later checks the settings again
 * against the providers it chose ({@link SettingsMerge}). The runtime learns keys only from the
 * providers: it knows none itself. Immutable after construction; a broken services entry is
 * skipped here (discovery reports it).
 */
final class KnownSettings {

    private static volatile KnownSettings discovered;

    private final Map<String, Setting<?>> byKey;

    private KnownSettings(Map<String, Setting<?>> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /** The settings of the providers found from the runtime's class loader (looked up once). */
    static KnownSettings discovered() {
        KnownSettings k = discovered;
        if (k == null) {
            Map<String, Setting<?>> m = new LinkedHashMap<>();
            ClassLoader loader = KnownSettings.class.getClassLoader();
            for (Class<? extends Configurable> type : List.of(AllocatorProvider.class, NotifierProvider.class,
                    PagePoolProvider.class)) {
                Iterator<? extends Configurable> it = ServiceLoader.load(type, loader).iterator();
                for (int errors = 0; errors < 100; ) {
                    try {
                        if (!it.hasNext()) {
                            break;
                        }
                        it.next().settings().forEach(s -> m.putIfAbsent(s.key(), s));
                    } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
                        errors++; // a broken entry: discovery reports it when the system is resolved
                    }
                }
            }
            k = new KnownSettings(m);
            discovered = k;
        }
        return k;
    }

    /** The declared setting of {@code key}, or {@code null}. */
    Setting<?> get(String key) {
        return byKey.get(key);
    }

    /** Every known key, in discovery order. */
    List<String> keys() {
        return new ArrayList<>(byKey.keySet());
    }

    /**
     * Checks one provider setting: its key is declared by some provider and its value parses.
     *
     * @param allKeys every key to suggest from, for the "did you mean"
     * @throws SettingException naming key, value and source
     */
    void check(String key, String value, String source, List<String> allKeys) {
        Setting<?> s = byKey.get(key);
        if (s == null) {
            throw SettingException.unknownKey("configuration key", key, value, source, allKeys,
                    "; see docs/configuration.md for the keys");
        }
        s.parse(value, source);
    }
}
