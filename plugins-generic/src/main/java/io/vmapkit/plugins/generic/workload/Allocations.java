package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.Errno;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * Allocations that count their failures instead of throwing them: an EBUSY (space exhausted after
 * the overflow path) adds to the workload's {@value #EBUSY}, an ENOMEM of the vmap allocator to
 * {@value #ENOMEM}, a failed page allocation to {@value #PAGE_FAILURES}. Other exceptions (a request
 * that can never fit, a bug) propagate. Stateless.
 */
final class Allocations {

    /** Counter: vmap allocations that failed with EBUSY. */
    static final String EBUSY = "allocFailures";
    /** Counter: vmap allocations that failed with ENOMEM. */
    static final String ENOMEM = "allocEnomem";
    /** Counter: page allocations that failed with ENOMEM after reclaim and the OOM chain. */
    static final String PAGE_FAILURES = "pageAllocFailures";

    private Allocations() {}

    /** The area, or {@code null} after counting the failure in {@code w}. */
    static VmapArea vmap(PluginContext context, VmapRequest request, CountingWorkload w) {
        try {
            return context.allocator().allocate(request);
        } catch (VmapAllocationException e) {
            w.add(e.errno() == Errno.ENOMEM ? ENOMEM : EBUSY, 1);
            return null;
        }
    }

    /** The run, or {@code null} after counting the failure in {@code w}. */
    static PageRun pages(PluginContext context, long nrPages, CountingWorkload w) {
        try {
            return context.pagePool().allocate(nrPages, context.pluginName(), true);
        } catch (PageAllocationException e) {
            w.add(PAGE_FAILURES, 1);
            return null;
        }
    }
}
