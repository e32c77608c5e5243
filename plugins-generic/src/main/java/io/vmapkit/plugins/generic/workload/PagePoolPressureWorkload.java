package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * {@code page-pool-pressure}: holds page runs past the size of the page pool, so the pool runs out
 * and reclaims: it calls the shrinkers at priority 12, 11, … down to 0 until enough is freed, then
 * the OOM notifier chain, and only then fails with ENOMEM.
 *
 * <p>Each step first returns the runs whose time is up, then takes one run of {@code run-pages}
 * pages (reclaim allowed) and holds it for {@code lifetime} steps. The default lifetime is
 * {@code ceil(demand * totalPages / run-pages)}: the steps after which the runs held would add up
 * to {@code demand} times the pool, so with the default {@code demand} of 1.25 the pool runs short
 * once it is full and stays short. With {@code map=true} each run is also mapped into the vmap space
 * (as a driver vmaps its buffers), so the same step presses on both.
 *
 * <p>Parameters (defaults): {@code run-pages} (64), {@code demand} (1.25, 0.01 to 100),
 * {@code lifetime} (derived from {@code demand}; ≥ 1 when given), {@code map} ({@code false}),
 * {@code operations}. Counters: {@code runs}, {@code runFrees}, {@code pageAllocFailures} (ENOMEM
 * after reclaim and the OOM chain), {@code runsLive}, {@code pagesLive}, the pool's
 * {@code reclaimPasses}, {@code reclaimedObjects}, {@code oomRounds} and {@code oomFreed} since the
 * workload was created (every owner's, as the pool counts them), and with {@code map=true}
 * {@code allocFailures} (EBUSY) and {@code allocEnomem}.
 */
public final class PagePoolPressureWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "page-pool-pressure";

    private record Held(PageRun run, VmapArea mapping) {}

    private final PluginContext context;
    private final long runPages;
    private final long lifetime;
    private final boolean map;
    private final PagePoolStats base;
    private final Expiring<Held> held = new Expiring<>();
    private long pagesLive;

    PagePoolPressureWorkload(PluginContext context, long runPages, double demand, long lifetime, boolean map,
            long operations) {
        super(NAME, operations, "runs", "runFrees", Allocations.PAGE_FAILURES, "runsLive", "pagesLive",
                "reclaimPasses", "reclaimedObjects", "oomRounds", "oomFreed", Allocations.EBUSY, Allocations.ENOMEM);
        this.context = context;
        long total = context.pagePool().totalPages();
        if (runPages > total) {
            throw new IllegalArgumentException("workload 'page-pool-pressure': parameter run-pages = " + runPages
                    + ": the pool has only " + total + " pages");
        }
        this.runPages = runPages;
        this.lifetime = lifetime > 0 ? lifetime : (long) Math.ceil(demand * total / runPages);
        this.map = map;
        this.base = context.pagePool().stats();
    }

    /** The steps a run is held (after the default was derived). */
    public long lifetime() {
        return lifetime;
    }

    @Override
    boolean step(long op) {
        for (Held h : held.due(op)) {
            release(h);
            add("runFrees", 1);
        }
        PageRun run = Allocations.pages(context, runPages, this);
        if (run != null) {
            VmapArea mapping = null;
            if (map) {
                mapping = Allocations.vmap(context, VmapRequest.of(runPages * context.allocator().space().pageSize()), this);
            }
            if (map && mapping == null) {
                context.pagePool().free(run);
            } else {
                held.add(op + lifetime, new Held(run, mapping));
                pagesLive += runPages;
                add("runs", 1);
            }
        }
        PagePoolStats s = context.pagePool().stats();
        set("runsLive", held.size());
        set("pagesLive", pagesLive);
        set("reclaimPasses", s.reclaimPasses() - base.reclaimPasses());
        set("reclaimedObjects", s.reclaimedObjects() - base.reclaimedObjects());
        set("oomRounds", s.oomRounds() - base.oomRounds());
        set("oomFreed", s.oomFreed() - base.oomFreed());
        return true;
    }

    private void release(Held h) {
        if (h.mapping() != null) {
            context.allocator().free(h.mapping());
        }
        context.pagePool().free(h.run());
        pagesLive -= runPages;
    }

    @Override
    public void finish() {
        for (Held h : held.drain()) {
            release(h);
        }
    }
}
