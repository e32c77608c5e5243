package io.vmapkit.workloads.simulate;

import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A test plugin for the runner: workload {@code stride} keeps up to {@code keep} areas of a seeded
 * random 1 to {@code pages} pages (setting {@code pages}, default 4, read strictly), freeing the
 * oldest when full, and records the order of its steps in the counter {@code trail} (a rolling hash
 * of the operation numbers it was stepped at), so tests can see the interleaving.
 */
public final class StrideTestPlugin implements VmapPlugin {

    @Override
    public String name() {
        return "stride";
    }

    @Override
    public List<String> workloads() {
        return List.of("stride");
    }

    @Override
    public InstalledPlugin install(PluginContext ctx) {
        int pages = PluginSettings.of(ctx, "pages").intValue("pages", 4, 1, 1024);
        int seen = ctx.settings().size();
        return new InstalledPlugin() {
            @Override
            public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
                long operations = Long.parseLong(parameters.get("operations"));
                int keep = Integer.parseInt(parameters.getOrDefault("keep", "16"));
                return new Workload() {
                    final SplittableRandom random = new SplittableRandom(seed);
                    final Deque<VmapArea> held = new ArrayDeque<>();
                    long done;
                    long sizes;

                    @Override
                    public String name() {
                        return "stride";
                    }

                    @Override
                    public boolean step() {
                        if (done == operations) {
                            return false;
                        }
                        if (held.size() == keep) {
                            ctx.allocator().free(held.removeFirst());
                        }
                        long size = (1 + random.nextInt(pages)) * 4096L;
                        sizes = sizes * 31 + size;
                        held.addLast(ctx.allocator().allocate(VmapRequest.of(size)));
                        done++;
                        return true;
                    }

                    @Override
                    public Map<String, Long> counters() {
                        Map<String, Long> c = new LinkedHashMap<>();
                        c.put("ops", done);
                        c.put("strides", done);
                        c.put("sizeTrail", sizes);
                        c.put("pagesSetting", (long) pages);
                        c.put("strideSettingsSeen", (long) seen);
                        return c;
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
}
