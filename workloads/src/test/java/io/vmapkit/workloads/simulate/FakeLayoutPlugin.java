package io.vmapkit.workloads.simulate;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the {@code generic} plugin's {@code layout} workload, for the runner's tests only
 * (the real one lives in plugins-generic, which this module does not depend on). Its file has one
 * area per line, {@code SIZE CALLER}, SIZE in bytes including the guard page as
 * {@code /proc/vmallocinfo} prints it; each step allocates the next area (SIZE minus the guard page,
 * which the allocator adds back) and holds it; {@code finish()} frees them. Also a workload
 * {@code tick} (one page allocated and freed per step). Its only setting is {@code mark}, read
 * strictly; the counter {@code settingsSeen} says how many settings its context handed it.
 */
public final class FakeLayoutPlugin implements VmapPlugin {

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public List<String> workloads() {
        return List.of("layout", "tick");
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        PluginSettings.of(ctx, "mark");
        int seen = ctx.settings().size();
        return new InstalledPlugin() {
            @Override
            public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
                if (workload.equals("tick")) {
                    return new Tick(ctx, Long.parseLong(parameters.get("operations")), seen);
                }
                List<Long> sizes = new ArrayList<>();
                try {
                    for (String line : Files.readAllLines(Path.of(parameters.get("file")))) {
                        if (!line.isBlank()) {
                            sizes.add(Long.parseLong(line.strip().split("\\s+")[0]));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new Workload() {
                    final List<VmapArea> held = new ArrayList<>();

                    @Override
                    public String name() {
                        return "layout";
                    }

                    @Override
                    public boolean step() {
                        if (held.size() == sizes.size()) {
                            return false;
                        }
                        held.add(ctx.allocator().allocate(VmapRequest.of(sizes.get(held.size()) - 4096)));
                        return true;
                    }

                    @Override
                    public Map<String, Long> counters() {
                        return Map.of("areas", (long) held.size());
                    }

                    @Override
                    public void finish() {
                        held.forEach(ctx.allocator()::free);
                        held.clear();
                    }
                };
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
