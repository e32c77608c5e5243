package io.vmapkit.cli.testplugins;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A test plugin shaped like i915's mapping cache, so the generic simulate machinery (policies as
 * plugin settings, workloads found through {@link InstalledPlugin#newWorkload}, the trace of notifier
 * rounds) can be tested without the i915 plugin.
 *
 * <p>Settings: {@code era} ({@code pre-4.7}: map and unmap on every use; anything else: cache the
 * mapping until the object is destroyed) and {@code vmap-notifier} ({@code false}: do not register
 * the purge-notifier block). Workload {@code churn}: {@code objects} objects (default 512) of 1 to
 * 32 pages; each operation uses one at random, and one in twenty destroys it and makes a new one.
 * The counter {@code era49} is 1 when installed with {@code era=4.9}, so tests can see the setting.
 * The purge-notifier block unmaps every cached mapping except the one being created and adds the
 * pages to {@code freed}. Counters as i915 reports them, plus {@code objectsDestroyed}.
 */
public final class ChurnPlugin implements VmapPlugin {

    /** The plugin's and its workload's name. */
    public static final String NAME = "churn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        Installation inst = new Installation(ctx);
        boolean caching = !"pre-4.7".equals(ctx.setting("era", "4.7"));
        if (caching && Boolean.parseBoolean(ctx.setting("vmap-notifier", "true"))) {
            ctx.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("churn-vmap-notifier", 0, (action, event) -> {
                Churn c = inst.current;
                if (c != null) {
                    long pages = c.releaseCache();
                    event.add(pages);
                    c.freedByNotifier += pages;
                }
                return Notify.DONE;
            }));
        }
        return inst;
    }

    @Override
    public List<String> workloads() {
        return List.of(NAME);
    }

    /** The plugin in one system: its context and the workload its notifier block serves. */
    private static final class Installation implements InstalledPlugin {
        private final PluginContext context;
        private volatile Churn current;

        Installation(PluginContext context) {
            this.context = context;
        }

        @Override
        public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
            if (!NAME.equals(workload)) {
                throw new IllegalArgumentException("plugin churn offers no workload '" + workload + "'");
            }
            long operations = Long.MAX_VALUE;
            int objects = 512;
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                switch (e.getKey()) {
                    case "operations": operations = Long.parseLong(e.getValue()); break;
                    case "objects": objects = Integer.parseInt(e.getValue()); break;
                    default: throw new IllegalArgumentException("workload churn has no parameter '" + e.getKey() + "'");
                }
            }
            current = new Churn(context, seed, operations, objects, !"pre-4.7".equals(context.setting("era", "4.7")));
            return current;
        }

        @Override
        public void close() {
            current = null;
        }
    }

    /** The workload. */
    static final class Churn implements Workload {
        private final PluginContext ctx;
        private final SplittableRandom random;
        private final long operations;
        private final boolean caching;
        private final int[] pages;
        private final VmapArea[] cached;
        private int pinned = -1;
        private long done;
        long pinMapCalls;
        long cacheHits;
        long vmaps;
        long vunmaps;
        long allocFailures;
        long freedByNotifier;
        long objectsDestroyed;

        Churn(PluginContext ctx, long seed, long operations, int objects, boolean caching) {
            this.ctx = ctx;
            this.random = new SplittableRandom(seed);
            this.operations = operations;
            this.caching = caching;
            this.pages = new int[objects];
            this.cached = new VmapArea[objects];
            for (int i = 0; i < objects; i++) {
                pages[i] = 1 + random.nextInt(32);
            }
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean step() {
            if (done >= operations) {
                return false;
            }
            done++;
            int i = random.nextInt(pages.length);
            if (random.nextInt(20) == 0) {
                unmap(i);
                pages[i] = 1 + random.nextInt(32);
                objectsDestroyed++;
                return true;
            }
            pinMapCalls++;
            if (cached[i] != null) {
                cacheHits++;
                return true;
            }
            pinned = i;
            try {
                cached[i] = ctx.allocator().allocate(VmapRequest.of((long) pages[i] * 4096));
                vmaps++;
            } catch (VmapAllocationException e) {
                allocFailures++;
                return true;
            } finally {
                pinned = -1;
            }
            if (!caching) {
                unmap(i);
            }
            return true;
        }

        private void unmap(int i) {
            if (cached[i] != null) {
                ctx.allocator().free(cached[i]);
                cached[i] = null;
                vunmaps++;
            }
        }

        /** Unmaps every cached mapping but the pinned one; returns the pages released. */
        long releaseCache() {
            long released = 0;
            for (int i = 0; i < cached.length; i++) {
                if (i != pinned && cached[i] != null) {
                    released += pages[i];
                    unmap(i);
                }
            }
            return released;
        }

        @Override
        public Map<String, Long> counters() {
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("pinMapCalls", pinMapCalls);
            c.put("cacheHits", cacheHits);
            c.put("vmaps", vmaps);
            c.put("vunmaps", vunmaps);
            c.put("allocFailures", allocFailures);
            c.put("freedByNotifier", freedByNotifier);
            c.put("objectsDestroyed", objectsDestroyed);
            c.put("era49", "4.9".equals(ctx.setting("era", "4.7")) ? 1L : 0L);
            return Collections.unmodifiableMap(c);
        }

        @Override
        public void finish() {
            for (int i = 0; i < cached.length; i++) {
                unmap(i);
            }
        }
    }
}
