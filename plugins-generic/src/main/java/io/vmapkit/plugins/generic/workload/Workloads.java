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
    public static final List<String> NAMES = List.of(LayoutWorkload.NAME, ChurnWorkload.NAME, ModuleLoadWorkload.NAME,
            IoremapWorkload.NAME, PagePoolPressureWorkload.NAME, LeakyCacheWorkload.NAME);

    /** {@code 1 << IOREMAP_MAX_ORDER} with the generic {@code IOREMAP_MAX_ORDER = 7 + PAGE_SHIFT} and 4 KiB pages. */
    static final long DEFAULT_MAX_ALIGN = 512 << 10;

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
            case ChurnWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters, List.of(OPERATIONS, "file", "lifetime", "max-align"));
                return new ChurnWorkload(context,
                        VmallocInfoSource.read(p.text("file", VmallocInfoSource.CLASSPATH + VmallocInfoSource.SHIPPED)),
                        seed, p.integer("lifetime", 0, 1, Long.MAX_VALUE), maxAlign(p, context), operations(p));
            }
            case ModuleLoadWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters, List.of(OPERATIONS, "burst", "period", "core-pages-min",
                        "core-pages-max", "init-pages-max", "lifetime"));
                long period = p.integer("period", 256, 1, Integer.MAX_VALUE);
                long coreMin = p.integer("core-pages-min", 4, 1, 1 << 20);
                long coreMax = p.integer("core-pages-max", 64, 1, 1 << 20);
                if (coreMax < coreMin) {
                    throw p.bad("core-pages-max", Long.toString(coreMax), "must be at least core-pages-min (" + coreMin + ")");
                }
                return new ModuleLoadWorkload(context, seed, p.integer("burst", 16, 1, period), period, coreMin, coreMax,
                        p.integer("init-pages-max", 16, 1, 1 << 20), p.integer("lifetime", 4096, 1, Long.MAX_VALUE / 2),
                        operations(p));
            }
            case IoremapWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters, List.of(OPERATIONS, "burst", "period", "pages-min",
                        "pages-max", "hold", "max-align"));
                long period = p.integer("period", 512, 1, Integer.MAX_VALUE);
                long min = powerOfTwo(p, "pages-min", 1);
                long max = powerOfTwo(p, "pages-max", 256);
                if (max < min) {
                    throw p.bad("pages-max", Long.toString(max), "must be at least pages-min (" + min + ")");
                }
                return new IoremapWorkload(context, seed, p.integer("burst", 32, 1, period), period, min, max,
                        p.integer("hold", 2048, 1, Long.MAX_VALUE / 2), maxAlign(p, context), operations(p));
            }
            case PagePoolPressureWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters, List.of(OPERATIONS, "run-pages", "demand", "lifetime", "map"));
                return new PagePoolPressureWorkload(context, p.integer("run-pages", 64, 1, Integer.MAX_VALUE),
                        p.fraction("demand", 1.25, 0.01, 100), p.integer("lifetime", 0, 1, Long.MAX_VALUE / 2),
                        Boolean.parseBoolean(p.choice("map", "false", List.of("true", "false"))), operations(p));
            }
            case LeakyCacheWorkload.NAME: {
                Parameters p = Parameters.of(name, parameters, List.of(OPERATIONS, "object-pages", "max-objects"));
                return new LeakyCacheWorkload(context, p.integer("object-pages", 16, 1, 1 << 20),
                        p.integer("max-objects", Long.MAX_VALUE, 0, Long.MAX_VALUE), operations(p));
            }
            default:
                throw new IllegalArgumentException("plugin 'generic' offers no workload '" + name + "'"
                        + PluginSettings.closest(name, NAMES).map(c -> " (did you mean '" + c + "'?)").orElse("")
                        + "; it offers " + NAMES);
        }
    }

    private static long operations(Parameters p) {
        return p.integer(OPERATIONS, DEFAULT_OPERATIONS, 0, Long.MAX_VALUE);
    }

    private static long powerOfTwo(Parameters p, String key, long defaultValue) {
        long v = p.integer(key, defaultValue, 1, 1 << 20);
        if (Long.bitCount(v) != 1) {
            throw p.bad(key, Long.toString(v), "must be a power of two (a BAR's size)");
        }
        return v;
    }

    private static long maxAlign(Parameters p, PluginContext context) {
        long page = context.allocator().space().pageSize();
        long v = p.integer("max-align", Math.max(DEFAULT_MAX_ALIGN, page), page, 1L << 62);
        if (Long.bitCount(v) != 1) {
            throw p.bad("max-align", Long.toString(v), "must be a power of two");
        }
        return v;
    }
}
