package io.vmapkit.cli.simulate;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.workloads.scenario.Entry;
import io.vmapkit.workloads.scenario.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each resolved setting of a run came from, for the report: the scenario file's line, a
 * policy, the command line, the kernel preset or the default. Rows are kept in the order they were
 * set; a later value of a key replaces the earlier one. Not thread-safe: one command builds it.
 */
final class Provenance {

    private final Map<String, Entry> rows = new LinkedHashMap<>();

    /** {@code key} = {@code value}, from {@code source}. */
    void add(String key, String value, String source) {
        rows.remove(key);
        rows.put(key, new Entry(key, value, source));
    }

    /**
     * The allocator provider's declared settings not set explicitly above, with the source the
     * resolved settings give (a kernel preset, or the default).
     */
    void providerSettings(AllocatorProvider provider, Settings resolved) {
        for (Setting<?> s : provider.settings()) {
            if (!rows.containsKey(s.key())) {
                add(s.key(), resolved.raw(s.key()).orElseGet(() -> format(s)), resolved.source(s.key()));
            }
        }
    }

    private static <T> String format(Setting<T> s) {
        return s.format(s.defaultValue());
    }

    /** The rows: every setting of the base configuration, then each policy's settings on top. */
    List<Entry> rows(List<Policy> policies) {
        List<Entry> out = new ArrayList<>(rows.values());
        for (Policy p : policies) {
            for (Entry e : p.entries()) {
                out.add(new Entry(e.key(), e.value(), "policy " + p.name() + " (" + e.where() + ")"));
            }
        }
        return out;
    }
}
