package io.vmapkit.workloads.effect;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A third-party purge-notifier plugin written from docs/writing-a-plugin.md alone (the scratch pool
 * of §2, vmap side only): it keeps {@code warm} idle mappings of {@code buffer-pages} pages from
 * install on, and its purge block {@value #NAME} releases every idle one when the space runs out,
 * adding the number of mappings to {@code freed}. {@code release=false} keeps the mappings and
 * registers no block (the plugin as it would be without the guide's notifier).
 */
public final class CachedMappingsPlugin implements VmapPlugin {

    /** The plugin's and the block's name. */
    public static final String NAME = "cached-mappings";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        PluginSettings s = PluginSettings.of(ctx, "warm", "buffer-pages", "release");
        int warm = s.intValue("warm", 8, 0, 1 << 20);
        int pages = s.intValue("buffer-pages", 16, 1, 1 << 20);
        boolean release = s.booleanValue("release", true);
        Cache cache = new Cache(ctx);
        for (int i = 0; i < warm; i++) {
            cache.idle.add(ctx.allocator().allocate((long) pages * ctx.allocator().space().pageSize()));
        }
        if (release) {
            ctx.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, 0, cache::onVmapPurge));
        }
        return cache;
    }

    /** The installation: the idle mappings, guarded by its monitor, never held while calling vmapkit. */
    static final class Cache implements InstalledPlugin {
        private final PluginContext ctx;
        private final Deque<VmapArea> idle = new ArrayDeque<>();

        Cache(PluginContext ctx) {
            this.ctx = ctx;
        }

        int onVmapPurge(long action, VmapPurgeEvent event) {
            List<VmapArea> released;
            synchronized (this) {
                released = new ArrayList<>(idle);
                idle.clear();
            }
            released.forEach(ctx.allocator()::free);
            if (!released.isEmpty()) {
                event.add(released.size());
            }
            return Notify.DONE;
        }
    }
}
