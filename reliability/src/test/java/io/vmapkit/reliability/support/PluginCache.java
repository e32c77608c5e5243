package io.vmapkit.reliability.support;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.VmapSystem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * {@link CachingPlugin} installed into one system: the cached objects, the counters, the registered
 * (possibly wrapped) block and shrinker, and the "cache" workload. Tests get it with
 * {@link #in(VmapSystem, String)}.
 *
 * <p><b>Threading.</b> The cache is a concurrent deque: the workload runs on one thread, the
 * callbacks on any allocating or reclaiming thread; an object is freed by whoever takes it from
 * the deque.
 */
public final class PluginCache implements InstalledPlugin {

    /** One cached object: its area and its pages. */
    private record CachedObject(VmapArea area, PageRun pages) {}

    private final String name;
    private final int maxPerCall;
    private final long[] window;
    private final PluginContext context;
    private final ConcurrentLinkedDeque<CachedObject> cache = new ConcurrentLinkedDeque<>();
    private final AtomicLong evictedByNotifier = new AtomicLong();
    private final AtomicLong evictedByShrinker = new AtomicLong();
    private volatile NotifierBlock<VmapPurgeEvent> block;
    private volatile Shrinker shrinker;

    PluginCache(String name, int maxPerCall, long[] window, PluginContext context) {
        this.name = name;
        this.maxPerCall = maxPerCall;
        this.window = window;
        this.context = context;
    }

    /** Registers the (wrapped) block and shrinker; called once, by the plugin's install. */
    void register(PluginContext ctx, UnaryOperator<NotifierBlock<VmapPurgeEvent>> wrapBlock,
            UnaryOperator<Shrinker> wrapShrinker) {
        NotifierBlock<VmapPurgeEvent> real = NotifierBlock.of(name, 0, (action, event) -> {
            long pages = 0;
            for (int i = 0; i < maxPerCall; i++) {
                long p = evictOne();
                if (p < 0) {
                    break;
                }
                evictedByNotifier.incrementAndGet();
                pages += p;
            }
            event.add(pages);
            return Notify.DONE;
        });
        block = wrapBlock.apply(real);
        ctx.purgeChain().register(block);
        Shrinker realShrinker = new Shrinker() {
            @Override
            public long countObjects(ShrinkControl sc) {
                return cache.size();
            }

            @Override
            public long scanObjects(ShrinkControl sc) {
                long freed = 0;
                while (freed < sc.nrToScan() && evictOne() >= 0) {
                    freed++;
                }
                evictedByShrinker.addAndGet(freed);
                return freed;
            }

            @Override
            public String name() {
                return name;
            }
        };
        shrinker = wrapShrinker.apply(realShrinker);
        ctx.shrinkers().register(shrinker);
    }

    /** Frees one cached object; its page count, or -1 if the cache is empty. */
    private long evictOne() {
        CachedObject o = cache.poll();
        if (o == null) {
            return -1;
        }
        PluginContext ctx = context;
        if (o.area().state() == AreaState.LIVE) {
            ctx.allocator().free(o.area());
        }
        if (o.pages() != null && !o.pages().isFreed()) {
            ctx.pagePool().free(o.pages());
        }
        return o.area().reservedSize() / ctx.allocator().space().pageSize();
    }

    /**
     * Creates one object of {@code pages} pages and caches it.
     *
     * @return whether it could be created (the allocation failing is part of the game)
     */
    public boolean createCached(int pages, boolean withPages) {
        PluginContext ctx = context;
        long ps = ctx.allocator().space().pageSize();
        VmapRequest.Builder b = VmapRequest.builder(pages * ps).flags(AllocFlag.NO_WARN);
        if (window != null) {
            b.window(window[0], window[1]);
        }
        PageRun run = null;
        try {
            if (withPages) {
                run = ctx.pagePool().allocate(pages, name, true);
            }
            VmapArea area = ctx.allocator().allocate(b.build());
            cache.add(new CachedObject(area, run));
            return true;
        } catch (VmapAllocationException | PageAllocationException e) {
            if (run != null) {
                ctx.pagePool().free(run);
            }
            return false;
        }
    }

    /** Objects cached now. */
    public int cached() {
        return cache.size();
    }

    /** Physical pages held by the cached objects. */
    public long cachedPages() {
        return cache.stream().filter(o -> o.pages() != null && !o.pages().isFreed()).mapToLong(o -> o.pages().nrPages()).sum();
    }

    /** Objects the notifier block freed. */
    public long evictedByNotifier() {
        return evictedByNotifier.get();
    }

    /** Objects the shrinker freed. */
    public long evictedByShrinker() {
        return evictedByShrinker.get();
    }

    /** The block registered (the wrapped one). */
    public NotifierBlock<VmapPurgeEvent> block() {
        return block;
    }

    /** The shrinker registered (the wrapped one). */
    public Shrinker shrinker() {
        return shrinker;
    }

    /** The context the plugin was installed with (its view of the system). */
    public PluginContext context() {
        return context;
    }

    /** The window, or {@code null}. */
    public long[] window() {
        return window;
    }

    /** The cache of the plugin named {@code name} installed in {@code system}. */
    public static PluginCache in(VmapSystem system, String name) {
        return (PluginCache) system.installed(name).orElseThrow(() -> new AssertionError("no plugin '" + name
                + "' installed in " + system));
    }

    /** "cache": each step creates a cached object of 1..8 pages (with pages half the time), or evicts one. */
    @Override
    public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
        if (!workload.equals("cache")) {
            return InstalledPlugin.super.newWorkload(workload, seed, parameters);
        }
        long ops = Long.parseLong(parameters.getOrDefault("operations", "1000"));
        SplittableRandom random = new SplittableRandom(seed);
        return new Workload() {
            long done;
            long created;
            long failed;
            long dropped;

            @Override
            public String name() {
                return "cache";
            }

            @Override
            public boolean step() {
                if (done++ >= ops) {
                    return false;
                }
                if (random.nextInt(10) == 0) {
                    if (evictOne() >= 0) {
                        dropped++;
                    }
                } else if (createCached(1 + random.nextInt(8), random.nextBoolean())) {
                    created++;
                } else {
                    failed++;
                }
                return true;
            }

            @Override
            public Map<String, Long> counters() {
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("created", created);
                m.put("failed", failed);
                m.put("dropped", dropped);
                return m;
            }
        };
    }
}
