package io.vmapkit.notifier.shrinker;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code vmap.ShrinkStart}, the kernel's {@code mm_shrink_slab_start} tracepoint with its
 * field names camelCased: emitted before a shrinker's scan loop. The kernel's {@code gfp_flags} is
 * not modelled (vmapkit reclaim always may block).
 */
@Name("vmap.ShrinkStart")
@Label("Shrink Slab Start")
@Category("vmapkit")
@Description("Before a shrinker's scan loop (tracepoint mm_shrink_slab_start)")
final class ShrinkStartEvent extends jdk.jfr.Event {

    @Label("Shrinker")
    String shrinker;

    @Label("Node")
    int nid;

    @Label("Deferred Taken")
    @Description("nr_objects_to_shrink: the deferred work taken with xchg(nr_deferred, 0)")
    long nrObjectsToShrink;

    @Label("Cache Items")
    @Description("cache_items: count_objects()")
    long cacheItems;

    @Label("Delta")
    long delta;

    @Label("Total Scan")
    long totalScan;

    @Label("Priority")
    int priority;
}
