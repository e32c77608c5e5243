package io.vmapkit.cli.common;

import io.vmapkit.api.spi.PluginSettings;
import java.util.Collection;

/**
 * "Did you mean" for the names a user types (scenarios, workloads, plugins, allocators), with the
 * same closeness rule the configuration keys and plugin settings use
 * ({@link PluginSettings#closest}). Stateless.
 */
public final class Suggestions {

    private Suggestions() {}

    /**
     * {@code " (did you mean 'x'?)"} when {@code typed} looks like a typo of one of {@code known},
     * else the empty string: ready to append to an "unknown ..." message.
     */
    public static String didYouMean(String typed, Collection<String> known) {
        return PluginSettings.closest(typed, known).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }
}
