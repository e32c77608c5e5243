package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.generic.vmallocinfo.EntryKind;
import io.vmapkit.plugins.generic.vmallocinfo.VmallocEntry;
import io.vmapkit.plugins.generic.vmallocinfo.VmallocInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code churn}: vmalloc and vfree with the size mix of a vmallocinfo file, grouped by caller.
 *
 * <p>The file's busy areas ({@code unpurged} and {@code vm_map_ram} lines are left out) are grouped
 * by caller function. Each step first frees the areas whose lifetime has ended, then allocates one
 * area: the caller is drawn with probability proportional to its number of areas in the file, the
 * size uniformly from that caller's printed sizes (the guard page is the allocator's, so
 * {@code size - page} is requested), ioremap callers with the kernel's ioremap alignment
 * ({@link IoremapAlignment}). The lifetime is exponential with mean {@code lifetime} steps. A
 * snapshot records no lifetimes; with one allocation per step and mean lifetime L, the number of live
 * areas settles at about L (Little's law), so the default L, the file's number of busy areas,
 * reproduces the snapshot's population and caller mix.
 *
 * <p>Parameters: {@code file} (default the shipped snapshot), {@code lifetime} (mean steps an area
 * lives, ≥ 1), {@code max-align} (bytes, {@code 1 << IOREMAP_MAX_ORDER}, default 512 KiB),
 * {@code operations}. Counters: {@code allocs}, {@code frees}, {@code allocFailures} (EBUSY),
 * {@code allocEnomem}, {@code liveAreas}, {@code callers} (groups in the mix).
 */
public final class ChurnWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "churn";

    private final PluginContext context;
    private final SplittableRandom random;
    private final double lifetime;
    private final long maxAlign;
    private final long page;
    private final List<List<VmallocEntry>> groups = new ArrayList<>();
    private final long[] cumulative;
    private final Expiring<VmapArea> live = new Expiring<>();

    ChurnWorkload(PluginContext context, VmallocInfo info, long seed, long lifetime, long maxAlign, long operations) {
        super(NAME, operations, "allocs", "frees", Allocations.EBUSY, Allocations.ENOMEM, "liveAreas", "callers");
        this.context = context;
        this.random = new SplittableRandom(seed);
        this.maxAlign = maxAlign;
        this.page = context.allocator().space().pageSize();
        long busy = 0;
        for (Map.Entry<String, List<VmallocEntry>> g : info.byFunction().entrySet()) {
            List<VmallocEntry> areas = g.getValue().stream().filter(e -> e.kind() == EntryKind.AREA).toList();
            for (VmallocEntry e : areas) {
                if (e.size() <= page || e.size() % page != 0) {
                    throw new IllegalArgumentException("workload 'churn': " + info.where(e) + ": size " + e.size()
                            + " is not a multiple of the page size " + page + " above one guard page");
                }
            }
            if (!areas.isEmpty()) {
                groups.add(areas);
                busy += areas.size();
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("workload 'churn': " + info.source() + " has no busy area to take sizes from");
        }
        this.lifetime = lifetime > 0 ? lifetime : busy;
        cumulative = new long[groups.size()];
        long sum = 0;
        for (int i = 0; i < groups.size(); i++) {
            sum += groups.get(i).size();
            cumulative[i] = sum;
        }
        set("callers", groups.size());
    }

    @Override
    boolean step(long op) {
        for (VmapArea a : live.due(op)) {
            context.allocator().free(a);
            add("frees", 1);
        }
        long pick = random.nextLong(cumulative[cumulative.length - 1]);
        int g = 0;
        while (cumulative[g] <= pick) {
            g++;
        }
        List<VmallocEntry> group = groups.get(g);
        VmallocEntry e = group.get(random.nextInt(group.size()));
        long size = e.size() - page;
        VmapRequest.Builder b = VmapRequest.builder(size);
        if (e.has("ioremap")) {
            b.align(IoremapAlignment.of(size, page, maxAlign));
        }
        long life = 1 + (long) (-Math.log(1 - random.nextDouble()) * lifetime);
        VmapArea a = Allocations.vmap(context, b.build(), this);
        if (a != null) {
            add("allocs", 1);
            live.add(op + life, a);
        }
        set("liveAreas", live.size());
        return true;
    }

    @Override
    public void finish() {
        for (VmapArea a : live.drain()) {
            context.allocator().free(a);
        }
    }
}
