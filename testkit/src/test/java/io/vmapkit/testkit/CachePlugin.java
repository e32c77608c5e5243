package io.vmapkit.testkit;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * An example plugin like the ones the testkit is for: it caches mappings (areas) and pages, gives
 * the mappings back when the purge notifier calls (adding how many it unmapped), and gives pages
 * back to a shrinker. Settings: {@code areas} (default 4) and {@code pages} (default 8).
 */
public class CachePlugin implements VmapPlugin {

    private final List<VmapArea> areas = new ArrayList<>();
    private final List<PageRun> pages = new ArrayList<>();
    private PluginContext ctx;

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void install(PluginContext context) {
        this.ctx = context;
        int nAreas = Integer.parseInt(context.setting("areas", "4"));
        int nPages = Integer.parseInt(context.setting("pages", "8"));
        for (int i = 0; i < nAreas; i++) {
            areas.add(context.allocator().allocate(4 * 4096L));
        }
        for (int i = 0; i < nPages; i++) {
            pages.add(context.pagePool().allocate(1));
        }
        context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
            int n = dropAreas();
            if (n > 0) {
                event.add(n);
            }
            return Notify.DONE;
        }));
        context.shrinkers().register(new Shrinker() {
            @Override
            public long countObjects(ShrinkControl sc) {
                synchronized (pages) {
                    return pages.size();
                }
            }

            @Override
            public long scanObjects(ShrinkControl sc) {
                long freed = 0;
                synchronized (pages) {
                    while (freed < sc.nrToScan() && !pages.isEmpty()) {
                        ctx.pagePool().free(pages.remove(pages.size() - 1));
                        freed++;
                    }
                }
                return freed == 0 ? SHRINK_STOP : freed;
            }

            @Override
            public String name() {
                return "cache-pages";
            }
        });
    }

    /** Unmaps every cached area (lazily) and returns how many. */
    int dropAreas() {
        synchronized (areas) {
            int n = areas.size();
            areas.forEach(ctx.allocator()::free);
            areas.clear();
            return n;
        }
    }

    int cachedAreas() {
        synchronized (areas) {
            return areas.size();
        }
    }

    int cachedPages() {
        synchronized (pages) {
            return pages.size();
        }
    }
}
