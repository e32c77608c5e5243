package io.vmapkit.reliability.support;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A test-only plugin that frees under pressure, shaped like i915's mapping cache: its workload
 * ("cache") creates objects — a page run and a vmap area each, the area optionally inside a window
 * — and keeps them cached after use; its purge-notifier block (named after the plugin) frees up to
 * {@code maxPerCall} cached objects per call and adds their pages to {@code freed}, as msm bounds
 * its unmaps; its shrinker (named after the plugin) counts and frees cached objects for page
 * reclaim. Both callbacks may be wrapped (e.g. with the testkit's faulty wrappers) before they are
 * registered.
 *
 * <p>A stateless factory: the cache, its counters and the registered callbacks belong to the
 * {@link PluginCache} each install returns ({@link PluginCache#in(io.vmapkit.runtime.VmapSystem, String)}).
 */
public final class CachingPlugin implements VmapPlugin {

    private final String name;
    private final int maxPerCall;
    private final long[] window;
    private final UnaryOperator<NotifierBlock<VmapPurgeEvent>> wrapBlock;
    private final UnaryOperator<Shrinker> wrapShrinker;

    /**
     * @param window {start, end} the plugin's areas must lie in, or {@code null} for anywhere
     */
    public CachingPlugin(String name, int maxPerCall, long[] window, UnaryOperator<NotifierBlock<VmapPurgeEvent>> wrapBlock,
            UnaryOperator<Shrinker> wrapShrinker) {
        this.name = name;
        this.maxPerCall = maxPerCall;
        this.window = window;
        this.wrapBlock = wrapBlock;
        this.wrapShrinker = wrapShrinker;
    }

    /** A well-behaved caching plugin, anywhere in the space. */
    public CachingPlugin(String name, int maxPerCall) {
        this(name, maxPerCall, null, UnaryOperator.identity(), UnaryOperator.identity());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PluginCache install(PluginContext ctx) {
        PluginCache c = new PluginCache(name, maxPerCall, window, ctx);
        c.register(ctx, wrapBlock, wrapShrinker);
        return c;
    }

    @Override
    public List<String> workloads() {
        return List.of("cache");
    }
}
