package io.vmapkit.workloads.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One way to run a workload: settings of the workload's plugin, applied as
 * {@code vmapkit.plugin.<plugin>.<key> = <value>} on a fresh system.
 *
 * @param name the name on the command line and in the table, e.g. {@code cache+notifier}
 * @param description what it models, for help and the report
 * @param settings the plugin settings (immutable, in order)
 */
public record Policy(String name, String description, Map<String, String> settings) {

    /** Copies the settings. */
    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** This policy with one setting replaced (if it has that setting). */
    public Policy withSetting(String key, String value) {
        if (!settings.containsKey(key)) {
            return this;
        }
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(key, value);
        return new Policy(name, description, s);
    }
}
