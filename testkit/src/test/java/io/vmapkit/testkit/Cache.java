package io.vmapkit.testkit;

import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import java.util.ArrayList;
import java.util.List;

/** {@link CachePlugin} installed into one system: the cached areas and pages. Thread-safe. */
public class Cache implements InstalledPlugin {

    private final PluginContext ctx;
    private final List<VmapArea> areas = new ArrayList<>();
    private final List<PageRun> pages = new ArrayList<>();

    Cache(PluginContext ctx) {
        this.ctx = ctx;
    }

    void addArea(VmapArea area) {
        synchronized (areas) {
            areas.add(area);
        }
    }

    void addPages(PageRun run) {
        synchronized (pages) {
            pages.add(run);
        }
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

    /** Frees up to {@code max} cached one-page runs, newest first; returns how many. */
    long freePages(long max) {
        long freed = 0;
        synchronized (pages) {
            while (freed < max && !pages.isEmpty()) {
                ctx.pagePool().free(pages.remove(pages.size() - 1));
                freed++;
            }
        }
        return freed;
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
