package io.vmapkit.runtime;

import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import java.util.Objects;

/** The page pool as one plugin sees it: runs are owned by the plugin and freed only by it. */
final class OwnedPagePool implements PagePool {

    private final TrackingContext context;
    private final PagePool delegate;

    OwnedPagePool(TrackingContext context, PagePool delegate) {
        this.context = context;
        this.delegate = delegate;
    }

    @Override
    public long totalPages() {
        return delegate.totalPages();
    }

    @Override
    public long freePages() {
        return delegate.freePages();
    }

    /**
     * Allocates pages owned by the plugin.
     *
     * @param owner the plugin's own name or the empty string (both mean the plugin)
     * @throws IllegalArgumentException if {@code owner} names someone else
     */
    @Override
    public PageRun allocate(long nrPages, String owner, boolean mayReclaim) {
        Objects.requireNonNull(owner, "owner");
        String me = context.pluginName();
        if (!owner.isEmpty() && !owner.equals(me)) {
            throw new IllegalArgumentException("page owner '" + owner + "' is not plugin '" + me
                    + "', through whose context the pages are allocated");
        }
        context.checkCanAllocate();
        return context.recordRun(delegate.allocate(nrPages, me, mayReclaim));
    }

    /**
     * Frees a run this plugin allocated.
     *
     * @throws IllegalArgumentException if the run was not allocated through this context (the
     *     message names its owner and this plugin); nothing changes
     */
    @Override
    public void free(PageRun run) {
        Objects.requireNonNull(run, "run");
        if (!context.takeRun(run)) {
            String owner = run.owner().map(o -> "plugin '" + o + "'").orElse("no plugin (the host)");
            throw new IllegalArgumentException("page run of " + run.nrPages() + " pages is owned by " + owner
                    + " and cannot be freed through plugin '" + context.pluginName() + "''s context");
        }
        try {
            delegate.free(run);
        } catch (RuntimeException e) {
            if (!run.isFreed()) {
                context.putBackRun(run);
            }
            throw e;
        }
    }

    @Override
    public PagePoolStats stats() {
        return delegate.stats();
    }

    @Override
    public String toString() {
        return delegate + " as seen by plugin '" + context.pluginName() + "'";
    }
}
