package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.SplittableRandom;

/**
 * {@code ioremap}: bursts of device mappings (a driver probing its devices maps their register
 * windows), each unmapped after a while.
 *
 * <p>A burst starts every {@code period} steps; its first {@code burst} steps each map one window of
 * {@code 2^k} pages, {@code k} uniform between {@code log2(pages-min)} and {@code log2(pages-max)}
 * (BARs are powers of two), aligned as the kernel aligns an ioremap ({@link IoremapAlignment}: the
 * size rounded to a power of two, capped at {@code max-align}), and unmapped {@code hold} steps
 * later. The large alignments fragment the space more than their sizes alone would. Every step
 * first unmaps what is due.
 *
 * <p>Parameters (defaults): {@code burst} (32), {@code period} (512), {@code pages-min} (1),
 * {@code pages-max} (256), both powers of two, {@code hold} (2048), {@code max-align} (524288 bytes),
 * {@code operations}. Counters: {@code ioremaps}, {@code iounmaps}, {@code allocFailures} (EBUSY),
 * {@code allocEnomem}, {@code mapsLive}.
 */
public final class IoremapWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "ioremap";

    private final PluginContext context;
    private final SplittableRandom random;
    private final long burst;
    private final long period;
    private final int minOrder;
    private final int maxOrder;
    private final long hold;
    private final long maxAlign;
    private final long page;
    private final Expiring<VmapArea> mapped = new Expiring<>();

    IoremapWorkload(PluginContext context, long seed, long burst, long period, long pagesMin, long pagesMax,
            long hold, long maxAlign, long operations) {
        super(NAME, operations, "ioremaps", "iounmaps", Allocations.EBUSY, Allocations.ENOMEM, "mapsLive");
        this.context = context;
        this.random = new SplittableRandom(seed);
        this.burst = burst;
        this.period = period;
        this.minOrder = Long.numberOfTrailingZeros(pagesMin);
        this.maxOrder = Long.numberOfTrailingZeros(pagesMax);
        this.hold = hold;
        this.maxAlign = maxAlign;
        this.page = context.allocator().space().pageSize();
    }

    @Override
    boolean step(long op) {
        for (VmapArea a : mapped.due(op)) {
            context.allocator().free(a);
            add("iounmaps", 1);
        }
        if (op % period < burst) {
            long size = (1L << (minOrder + random.nextInt(maxOrder - minOrder + 1))) * page;
            VmapArea a = Allocations.vmap(context,
                    VmapRequest.builder(size).align(IoremapAlignment.of(size, page, maxAlign)).build(), this);
            if (a != null) {
                mapped.add(op + hold, a);
                add("ioremaps", 1);
            }
        }
        set("mapsLive", mapped.size());
        return true;
    }

    @Override
    public void finish() {
        for (VmapArea a : mapped.drain()) {
            context.allocator().free(a);
        }
    }
}
