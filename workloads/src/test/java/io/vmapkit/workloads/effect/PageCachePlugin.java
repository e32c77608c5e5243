package io.vmapkit.workloads.effect;

import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A third-party shrinker plugin written from docs/writing-a-plugin.md alone (the scratch pool of §2,
 * page side only): it keeps {@code warm} idle page runs of {@code buffer-pages} pages from install
 * on; its shrinker {@value #NAME} counts them cheaply and frees the oldest when scanned.
 * {@code shrinker=false} keeps the runs and registers no shrinker.
 */
public final class PageCachePlugin implements VmapPlugin {

    /** The plugin's and the shrinker's name. */
    public static final String NAME = "page-cache";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        PluginSettings s = PluginSettings.of(ctx, "warm", "buffer-pages", "shrinker");
        int warm = s.intValue("warm", 4, 0, 1 << 20);
        int pages = s.intValue("buffer-pages", 64, 1, 1 << 20);
        boolean shrink = s.booleanValue("shrinker", true);
        Cache cache = new Cache(ctx);
        for (int i = 0; i < warm; i++) {
            cache.idle.add(ctx.pagePool().allocate(pages));
        }
        if (shrink) {
            ctx.shrinkers().register(cache.new IdleShrinker());
        }
        return cache;
    }

    /** The installation: idle runs under its monitor, never held while calling vmapkit. */
    static final class Cache implements InstalledPlugin {
        private final PluginContext ctx;
        private final Deque<PageRun> idle = new ArrayDeque<>();
        private volatile int idleCount;

        Cache(PluginContext ctx) {
            this.ctx = ctx;
        }

        final class IdleShrinker implements Shrinker {
            @Override
            public long countObjects(ShrinkControl sc) {
                synchronized (Cache.this) {
                    idleCount = idle.size();
                }
                return idleCount;
            }

            @Override
            public long scanObjects(ShrinkControl sc) {
                List<PageRun> released = new ArrayList<>();
                synchronized (Cache.this) {
                    while (released.size() < sc.nrToScan() && !idle.isEmpty()) {
                        released.add(idle.pollFirst());
                    }
                    idleCount = idle.size();
                }
                released.forEach(ctx.pagePool()::free);
                return released.isEmpty() ? SHRINK_STOP : released.size();
            }

            @Override
            public String name() {
                return NAME;
            }
        }
    }
}
