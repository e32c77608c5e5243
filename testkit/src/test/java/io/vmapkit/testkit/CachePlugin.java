package io.vmapkit.testkit;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;

/**
 * An example plugin like the ones the testkit is for: its {@link Cache} caches mappings (areas) and
 * pages, gives the mappings back when the purge notifier calls (adding how many it unmapped), and
 * gives pages back to a shrinker. Settings: {@code areas} (default 4) and {@code pages} (default 8).
 */
public class CachePlugin implements VmapPlugin {

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Cache install(PluginContext context) {
        int nAreas = Integer.parseInt(context.setting("areas", "4"));
        int nPages = Integer.parseInt(context.setting("pages", "8"));
        Cache cache = new Cache(context);
        for (int i = 0; i < nAreas; i++) {
            cache.addArea(context.allocator().allocate(4 * 4096L));
        }
        for (int i = 0; i < nPages; i++) {
            cache.addPages(context.pagePool().allocate(1));
        }
        context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
            int n = cache.dropAreas();
            if (n > 0) {
                event.add(n);
            }
            return Notify.DONE;
        }));
        context.shrinkers().register(new Shrinker() {
            @Override
            public long countObjects(ShrinkControl sc) {
                return cache.cachedPages();
            }

            @Override
            public long scanObjects(ShrinkControl sc) {
                long freed = cache.freePages(sc.nrToScan());
                return freed == 0 ? SHRINK_STOP : freed;
            }

            @Override
            public String name() {
                return "cache-pages";
            }
        });
        return cache;
    }
}
