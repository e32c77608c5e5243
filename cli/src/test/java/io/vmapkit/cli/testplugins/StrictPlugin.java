package io.vmapkit.cli.testplugins;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test plugin that reads its settings the way docs/writing-a-plugin.md says — with
 * {@link PluginSettings#of}, refusing any key but {@code knob} — so that a setting meant for another
 * plugin (i915's {@code era}) makes its install fail. Workload {@code tick}: each operation maps one
 * page and unmaps it again; the counter {@code knob} shows the setting it was installed with
 * (default 1), {@code settingsSeen} how many settings its context handed it.
 */
public final class StrictPlugin implements VmapPlugin {

    /** The plugin's name. */
    public static final String NAME = "strict";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> workloads() {
        return List.of("tick");
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        long knob = PluginSettings.of(ctx, "knob").longValue("knob", 1, 0, 1_000_000);
        int seen = ctx.settings().size();
        return new InstalledPlugin() {
            @Override
            public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
                if (!workload.equals("tick")) {
                    throw new IllegalArgumentException("plugin strict offers no workload '" + workload + "'");
                }
                long ops = Long.parseLong(parameters.getOrDefault("operations", "1000"));
                return new Workload() {
                    long done;

                    @Override
                    public String name() {
                        return "tick";
                    }

                    @Override
                    public boolean step() {
                        if (done >= ops) {
                            return false;
                        }
                        VmapArea a = ctx.allocator().allocate(VmapRequest.of(4096));
                        ctx.allocator().free(a);
                        done++;
                        return true;
                    }

                    @Override
                    public Map<String, Long> counters() {
                        Map<String, Long> c = new LinkedHashMap<>();
                        c.put("ops", done);
                        c.put("knob", knob);
                        c.put("settingsSeen", (long) seen);
                        return c;
                    }
                };
            }
        };
    }
}
