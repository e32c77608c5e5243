package io.vmapkit.allocator;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR twin of the kernel tracepoint {@code alloc_vmap_area}: one per allocation attempt. Disabled
 * by default (it fires on the hot path); enable {@code vmap.AllocVmapArea} in a recording.
 */
@Name("vmap.AllocVmapArea")
@Label("alloc_vmap_area")
@Category("vmapkit")
@Description("An allocation attempt ended; addr is vend when it failed")
@Enabled(false)
@StackTrace(false)
final class AllocVmapAreaEvent extends Event {
    @Label("addr")
    long addr;
    @Label("size")
    long size;
    @Label("align")
    long align;
    @Label("vstart")
    long vstart;
    @Label("vend")
    long vend;
    @Label("failed")
    boolean failed;
    @Label("fit")
    @Description("free-tree split case: FL, LE, RE, NE; empty for busy-list or a failure")
    String fit;
}
