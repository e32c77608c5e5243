package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.plugins.generic.vmallocinfo.VmallocInfoSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the generic workloads by name, checking their parameters. Stateless and thread-safe.
 *
 * <p>Every workload takes {@code operations} (the most steps, a decimal integer ≥ 0); its default is
 * the workload's own (all areas for {@code layout}, 100000 for the others).
 */
public final class Workloads {

    /** The parameter every workload takes: the most steps it performs. */
    public static final String OPERATIONS = "operations";

    /** The workloads' names, in the order listed. */
    public static final List<String> NAMES = List.of(LayoutWorkload.NAME);

    /** The default {@value #OPERATIONS} of the workloads other than {@code layout}. */
    public static final long DEFAULT_OPERATIONS = 100_000;

    private Workloads() {}

    /**
     * A new workload.
     *
     * @param context the installation's context; what the workload allocates is owned by its plugin
     * @param name one of {@link #NAMES}
     * @param seed the seed of its random choices
     * @param parameters its parameters
     * @throws IllegalArgumentException naming an unknown workload (with the nearest name), an unknown
     *     parameter, a bad value, or a file that cannot be read or parsed (file:line and token)
     */
    public static Workload create(PluginContext context, String name, long seed, Map<String, String> parameters) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(parameters, "parameters");
        switch (Objects.requireNonNull(name, "name")) {
            case LayoutWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters,
                        List.of(OPERATIONS, LayoutWorkload.FILE, LayoutWorkload.MODE));
                return new LayoutWorkload(context,
                        VmallocInfoSource.read(p.text(LayoutWorkload.FILE, VmallocInfoSource.CLASSPATH + VmallocInfoSource.SHIPPED)),
                        p.choice(LayoutWorkload.MODE, "auto", LayoutWorkload.MODES),
                        p.integer(OPERATIONS, Long.MAX_VALUE, 0, Long.MAX_VALUE));
            }
            default:
                throw new IllegalArgumentException("plugin 'generic' offers no workload '" + name + "'"
                        + PluginSettings.closest(name, NAMES).map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + "; it offers " + NAMES);
        }
    }
}
