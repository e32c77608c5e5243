package io.vmapkit.workloads.scenario;

import java.util.List;
import java.util.Objects;

/**
 * A scenario's initial layout: a {@code /proc/vmallocinfo} file whose areas are allocated, and held,
 * before the loads start. It is run as the {@value #WORKLOAD} workload of the {@value #PLUGIN}
 * plugin with the parameters {@code file} and {@code mode}.
 *
 * @param file a path (relative paths are resolved against the scenario file's directory by the
 *     reader), or {@code classpath:NAME} for a snapshot shipped in a jar
 * @param mode {@code auto}, {@code exact} or {@code file-order}
 * @param where where the layout was written
 */
public record Layout(String file, String mode, String where) {

    /** The plugin whose workload places the layout. */
    public static final String PLUGIN = "generic";

    /** The workload that places the layout. */
    public static final String WORKLOAD = "layout";

    /** The placement modes. */
    public static final List<String> MODES = List.of("auto", "exact", "file-order");

    /** Checks. */
    public Layout {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(where, "where");
    }
}
