package io.vmapkit.runtime.fakes;

import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.spi.PagePoolConfig;
import java.util.Optional;

/**
 * A test-only page pool: a counter of free pages; a shortage runs reclaim through the shrinker
 * registry, then the OOM chain, then fails with ENOMEM. The real pool lives in vmapkit-allocator.
 */
final class SimplePool implements PagePool {

    private final class Run implements PageRun {
        final long n;
        final String owner;
        volatile boolean freed;

        Run(long n, String owner) {
            this.n = n;
            this.owner = owner;
        }

        @Override public long nrPages() { return n; }
        @Override public Optional<String> owner() { return owner.isEmpty() ? Optional.empty() : Optional.of(owner); }
        @Override public boolean isFreed() { return freed; }

        SimplePool pool() {
            return SimplePool.this;
        }
    }

    private final long total;
    private final ShrinkerRegistry shrinkers;
    private final NotifierChain<OomEvent> oom;
    private final VmapListener listener;
    private long free;
    private long allocations;
    private long failures;
    private long reclaimPasses;
    private long reclaimed;
    private long oomRounds;
    private long oomFreed;

    SimplePool(PagePoolConfig config) {
        this.total = config.totalPages();
        this.free = total;
        this.shrinkers = config.shrinkers().orElse(null);
        this.oom = config.oomChain().orElse(null);
        this.listener = config.listener();
    }

    @Override
    public synchronized long totalPages() {
        return total;
    }

    @Override
    public synchronized long freePages() {
        return free;
    }

    @Override
    public PageRun allocate(long nrPages, String owner, boolean mayReclaim) {
        if (nrPages < 1 || nrPages > total) {
            throw new IllegalArgumentException("nrPages " + nrPages + " is outside 1.." + total);
        }
        Run r = take(nrPages, owner);
        if (r == null && mayReclaim && shrinkers != null) {
            long got = shrinkers.reclaim(nrPages);
            synchronized (this) {
                reclaimPasses++;
                reclaimed += got;
            }
            listener.pageReclaim(nrPages, got);
            r = take(nrPages, owner);
        }
        if (r == null && mayReclaim && oom != null) {
            OomEvent ev = new OomEvent(nrPages);
            oom.call(0, ev);
            synchronized (this) {
                oomRounds++;
                oomFreed += ev.freed();
            }
            listener.oomNotify(nrPages, ev.freed());
            r = take(nrPages, owner);
        }
        if (r == null) {
            synchronized (this) {
                failures++;
            }
            throw new PageAllocationException(nrPages, "cannot allocate " + nrPages + " pages; " + freePages() + " free");
        }
        return r;
    }

    private synchronized Run take(long n, String owner) {
        if (free < n) {
            return null;
        }
        free -= n;
        allocations++;
        return new Run(n, owner);
    }

    @Override
    public synchronized void free(PageRun run) {
        if (!(run instanceof Run) || ((Run) run).pool() != this) {
            throw new IllegalArgumentException(run + " is not from this pool");
        }
        Run r = (Run) run;
        if (r.freed) {
            throw new IllegalStateException("page run freed twice");
        }
        r.freed = true;
        free += r.n;
    }

    @Override
    public synchronized PagePoolStats stats() {
        return new PagePoolStats(total, free, allocations, failures, reclaimPasses, reclaimed, oomRounds, oomFreed);
    }
}
