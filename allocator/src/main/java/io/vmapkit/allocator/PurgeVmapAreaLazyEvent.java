package io.vmapkit.allocator;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR twin of the kernel tracepoint {@code purge_vmap_area_lazy}: one per non-empty purge, which
 * is also one counted TLB flush over {@code [start, end)}.
 */
@Name("vmap.PurgeVmapAreaLazy")
@Label("purge_vmap_area_lazy")
@Category("vmapkit")
@Description("A purge flushed [start, end) once and returned npurged lazy areas to the free space")
@StackTrace(false)
final class PurgeVmapAreaLazyEvent extends Event {
    @Label("start")
    long start;
    @Label("end")
    long end;
    @Label("npurged")
    long npurged;
}
