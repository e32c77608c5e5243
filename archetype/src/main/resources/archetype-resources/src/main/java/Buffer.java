package ${package};

import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.VmapArea;

/**
 * One scratch buffer: its backing pages and their mapping in the vmap space. Immutable; the
 * {@link ScratchPool} that made it owns both until the host takes the buffer, and again once the host
 * gives it back.
 *
 * @param pages the pages, from the system's page pool
 * @param mapping the area they are mapped at
 */
public record Buffer(PageRun pages, VmapArea mapping) {}
