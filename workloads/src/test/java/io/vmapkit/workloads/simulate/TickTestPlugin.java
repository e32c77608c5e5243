package io.vmapkit.workloads.simulate;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test plugin for the runner: workload {@code tick} allocates one page and frees it per step, up
 * to {@code operations}. Its only setting is {@code mark}, read strictly; the counter
 * {@code settingsSeen} says how many settings its context handed it.
 */
public final class TickTestPlugin implements VmapPlugin {

    @Override
    public String name() {
        return "tick";
    }

    @Override
    public List<String> workloads() {
        return List.of("tick");
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        PluginSettings.of(ctx, "mark");
        int seen = ctx.settings().size();
        return new InstalledPlugin() {
            @Override
            public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
                if (!workload.equals("tick")) {
                    throw new IllegalArgumentException("plugin tick offers no workload '" + workload + "'");
                }
                return new Tick(ctx, Long.parseLong(parameters.get("operations")), seen);
            }
        };
    }
    /** One page allocated and freed per step, up to {@code operations}. */
    static final class Tick implements Workload {
        private final PluginContext ctx;
        private final long operations;
        private final long seen;
        private long done;

        Tick(PluginContext ctx, long operations, long seen) {
            this.ctx = ctx;
            this.operations = operations;
            this.seen = seen;
        }

        @Override
        public String name() {
            return "tick";
        }

        @Override
        public boolean step() {
            if (done == operations) {
                return false;
            }
            ctx.allocator().free(ctx.allocator().allocate(VmapRequest.of(4096)));
            done++;
            return true;
        }

        @Override
        public Map<String, Long> counters() {
            Map<String, Long> c = new LinkedHashMap<>();
            c.put("ops", done);
            c.put("ticks", done);
            c.put("settingsSeen", seen);
            return c;
        }
    }
}
