package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code leaky-cache}: an antagonist, a cache that maps an object on every step and never lets one
 * go: it registers no shrinker and no purge notifier block. It fills the vmap space; from then on
 * each of its allocations runs the overflow path (a purge of the lazily freed areas, then the purge
 * notifier chain), so it gets space only when someone else reclaims, and fails with EBUSY
 * otherwise. Run it next to a plugin to see whether that plugin gives space back under pressure.
 *
 * <p>Each step maps one object of {@code object-pages} pages (plus the guard page) unless
 * {@code max-objects} are already held. Parameters (defaults): {@code object-pages} (16),
 * {@code max-objects} (no limit), {@code operations}. Counters: {@code cached} (objects held),
 * {@code cachedPages} (pages held, guard pages excluded), {@code allocFailures} (EBUSY),
 * {@code allocEnomem}.
 */
public final class LeakyCacheWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "leaky-cache";

    private final PluginContext context;
    private final long objectPages;
    private final long maxObjects;
    private final List<VmapArea> cached = new ArrayList<>();

    LeakyCacheWorkload(PluginContext context, long objectPages, long maxObjects, long operations) {
        super(NAME, operations, "cached", "cachedPages", Allocations.EBUSY, Allocations.ENOMEM);
        this.context = context;
        this.objectPages = objectPages;
        this.maxObjects = maxObjects;
    }

    @Override
    boolean step(long op) {
        if (cached.size() < maxObjects) {
            VmapArea a = Allocations.vmap(context,
                    VmapRequest.of(objectPages * context.allocator().space().pageSize()), this);
            if (a != null) {
                cached.add(a);
                set("cached", cached.size());
                set("cachedPages", cached.size() * objectPages);
            }
        }
        return true;
    }

    @Override
    public void finish() {
        for (VmapArea a : cached) {
            context.allocator().free(a);
        }
        cached.clear();
    }
}
