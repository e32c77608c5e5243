package io.vmapkit.workloads.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One way to run a scenario: a named set of settings, each a full configuration key — a plugin's
 * setting {@code vmapkit.plugin.<plugin>.<key>} or any other {@code vmapkit.*} key — applied on a
 * fresh system on top of the scenario's own configuration. A plugin receives only the settings in
 * its own namespace.
 *
 * @param name the name on the command line and in the table, e.g. {@code cache+notifier}
 * @param description what it models, for help and the report (may be empty)
 * @param entries the settings with where each was written (immutable, in order)
 * @param where where the policy was defined ({@code FILE:LINE} or {@code --policy})
 */
public record Policy(String name, String description, List<Entry> entries, String where) {

    /** Copies the entries. */
    public Policy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(where, "where");
        entries = List.copyOf(entries);
    }

    /** The settings, full key to value as written, in order. Immutable. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.key(), e.value()));
        return Collections.unmodifiableMap(m);
    }

    /**
     * This policy with the setting {@code key} given {@code value} (written at {@code where}), if it
     * has that setting; otherwise this policy.
     */
    public Policy withSetting(String key, String value, String where) {
        if (entries.stream().noneMatch(e -> e.key().equals(key))) {
            return this;
        }
        List<Entry> es = new ArrayList<>();
        for (Entry e : entries) {
            es.add(e.key().equals(key) ? new Entry(key, value, where) : e);
        }
        return new Policy(name, description, es, this.where);
    }
}
