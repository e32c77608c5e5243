package io.vmapkit.api.spi;

import io.vmapkit.api.settings.Setting;
import java.util.List;
import java.util.Map;

/**
 * What a provider says about its own settings, so a host can check, document, preset and trace
 * them without knowing what any of them means.
 *
 * <p>Implementations are stateless: both methods return the same answer on every call, from any
 * thread.
 */
public interface Configurable {

    /**
     * The settings this provider reads, each declared with key, type, default, description and
     * rules. A host refuses a key in the provider's namespace ({@code vmapkit.allocator.},
     * {@code vmapkit.notifier.}, {@code vmapkit.page-pool.}) that is not listed here, suggesting the
     * closest listed key. Default: none.
     */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /**
     * What the kernel preset {@code kernelRelease} ({@code 4.7}, {@code 5.2}, {@code 6.x}) means for
     * this provider's own settings: key to value as written. A host applies these below explicit
     * values and above the defaults. Keys not returned keep their default under the preset; an
     * unknown release gives an empty map. Default: empty.
     */
    default Map<String, String> preset(String kernelRelease) {
        return Map.of();
    }
}
