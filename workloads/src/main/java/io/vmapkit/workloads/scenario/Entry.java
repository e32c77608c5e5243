package io.vmapkit.workloads.scenario;

import java.util.Objects;

/**
 * One setting as written: a full configuration key ({@code vmapkit.*}, plugin settings as
 * {@code vmapkit.plugin.<plugin>.<key>}), its value as text, and where it was written
 * ({@code FILE:LINE}, {@code --policy}, {@code -D}, ...), for error messages and the report.
 *
 * @param key the full configuration key
 * @param value the value as written
 * @param where where it was written
 */
public record Entry(String key, String value, String where) {

    /** Checks for {@code null}. */
    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(where, "where");
    }
}
