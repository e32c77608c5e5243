package io.vmapkit.notifier.shrinker;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code vmap.ShrinkEnd}, the kernel's {@code mm_shrink_slab_end} tracepoint with its
 * field names camelCased: emitted after a shrinker's scan loop; its duration covers the loop.
 */
@Name("vmap.ShrinkEnd")
@Label("Shrink Slab End")
@Category("vmapkit")
@Description("After a shrinker's scan loop (tracepoint mm_shrink_slab_end)")
final class ShrinkEndEvent extends jdk.jfr.Event {

    @Label("Shrinker")
    String shrinker;

    @Label("Node")
    int nid;

    @Label("Unused Scan")
    @Description("unused_scan: the deferred work taken at the start (nr)")
    long unusedScan;

    @Label("New Scan")
    @Description("new_scan: nr_deferred after next_deferred was added back")
    long newScan;

    @Label("Total Scan")
    @Description("total_scan left when the loop ended")
    long totalScan;

    @Label("Freed")
    @Description("retval: objects freed")
    long retval;
}
