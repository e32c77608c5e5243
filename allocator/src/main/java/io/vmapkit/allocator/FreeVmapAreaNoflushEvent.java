package io.vmapkit.allocator;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR twin of the kernel tracepoint {@code free_vmap_area_noflush}: one per lazy free. Disabled by
 * default (it fires on the hot path).
 */
@Name("vmap.FreeVmapAreaNoflush")
@Label("free_vmap_area_noflush")
@Category("vmapkit")
@Description("An area was freed lazily; nr_lazy is the lazy page counter after the free")
@Enabled(false)
@StackTrace(false)
final class FreeVmapAreaNoflushEvent extends Event {
    @Label("va_start")
    long va_start;
    @Label("nr_lazy")
    long nr_lazy;
    @Label("nr_lazy_max")
    long nr_lazy_max;
}
