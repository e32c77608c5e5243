package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.SplittableRandom;

/**
 * {@code module-load}: bursts of kernel module loads. On 32-bit x86 modules are loaded into the
 * vmalloc space, so a burst (boot, a hot-plugged device pulling in its drivers) competes with
 * everyone else there.
 *
 * <p>A burst starts every {@code period} steps; its first {@code burst} steps each load one module:
 * the core image ({@code core-pages-min} to {@code core-pages-max} pages, uniformly) is allocated
 * and kept for {@code lifetime} steps, then unloaded (freed); the init image (1 to
 * {@code init-pages-max} pages) is allocated after the core and freed at once, as the kernel frees
 * init sections after the module's init ran, so it waits lazily for a purge. A load whose core or
 * init allocation fails is counted as failed and leaves nothing behind. Every step first unloads
 * the modules whose lifetime has ended.
 *
 * <p>Parameters (defaults): {@code burst} (16), {@code period} (256), {@code core-pages-min} (4),
 * {@code core-pages-max} (64), {@code init-pages-max} (16), {@code lifetime} (4096),
 * {@code operations}. Counters: {@code loads}, {@code unloads}, {@code loadFailures},
 * {@code allocFailures} (EBUSY), {@code allocEnomem}, {@code modulesLive}.
 */
public final class ModuleLoadWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "module-load";

    private final PluginContext context;
    private final SplittableRandom random;
    private final long burst;
    private final long period;
    private final long coreMin;
    private final long coreMax;
    private final long initMax;
    private final long lifetime;
    private final long page;
    private final Expiring<VmapArea> loaded = new Expiring<>();

    ModuleLoadWorkload(PluginContext context, long seed, long burst, long period, long coreMin, long coreMax,
            long initMax, long lifetime, long operations) {
        super(NAME, operations, "loads", "unloads", "loadFailures", Allocations.EBUSY, Allocations.ENOMEM, "modulesLive");
        this.context = context;
        this.random = new SplittableRandom(seed);
        this.burst = burst;
        this.period = period;
        this.coreMin = coreMin;
        this.coreMax = coreMax;
        this.initMax = initMax;
        this.lifetime = lifetime;
        this.page = context.allocator().space().pageSize();
    }

    @Override
    boolean step(long op) {
        for (VmapArea core : loaded.due(op)) {
            context.allocator().free(core);
            add("unloads", 1);
        }
        if (op % period < burst) {
            long corePages = coreMin + random.nextLong(coreMax - coreMin + 1);
            long initPages = 1 + random.nextLong(initMax);
            VmapArea core = Allocations.vmap(context, VmapRequest.of(corePages * page), this);
            VmapArea init = core == null ? null : Allocations.vmap(context, VmapRequest.of(initPages * page), this);
            if (init != null) {
                context.allocator().free(init);
                loaded.add(op + lifetime, core);
                add("loads", 1);
            } else {
                if (core != null) {
                    context.allocator().free(core);
                }
                add("loadFailures", 1);
            }
        }
        set("modulesLive", loaded.size());
        return true;
    }

    @Override
    public void finish() {
        for (VmapArea a : loaded.drain()) {
            context.allocator().free(a);
        }
    }
}
