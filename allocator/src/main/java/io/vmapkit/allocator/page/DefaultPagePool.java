package io.vmapkit.allocator.page;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.event.OomNotifyEvent;
import io.vmapkit.api.event.PageReclaimEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of pages with reclaim: the shrinker passes of {@code shrink_slab} from
 * {@link ShrinkerRegistry#DEF_PRIORITY} down to 0, then the OOM notifier chain, then ENOMEM.
 *
 * <p>The OOM chain is called again while its callbacks report progress ({@code freed > 0}) and the
 * pages are still short, at most {@link PagePoolConfig#maxOomRounds()} times per allocation
 * (default 8; {@link PagePoolConfig#UNLIMITED_OOM_ROUNDS} retries as long as progress is claimed).
 *
 * <p><b>Threading.</b> Thread-safe. One lock guards the free count and the counters; it is held
 * only to take or return pages and to count. Shrinkers, the OOM chain and the listener run on the
 * allocating thread without it, so they may free runs back into the pool.
 */
final class DefaultPagePool implements PagePool {

    /** The default cap on OOM-chain rounds per allocation, {@link PagePoolConfig#DEFAULT_MAX_OOM_ROUNDS}. */
    static final int MAX_OOM_ROUNDS = PagePoolConfig.DEFAULT_MAX_OOM_ROUNDS;

    private final long totalPages;
    private final ShrinkerRegistry shrinkers;
    private final NotifierChain<OomEvent> oomChain;
    private final VmapListener listener;
    private final FaultInjector faults;
    private final int maxOomRounds;
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    private long freePages;
    private long allocations;
    private long failures;
    private long reclaimPasses;
    private long reclaimedObjects;
    private long oomRounds;
    private long oomFreed;

    DefaultPagePool(PagePoolConfig config) {
        this.totalPages = config.totalPages();
        this.shrinkers = config.shrinkers().orElse(null);
        this.oomChain = config.oomChain().orElse(null);
        this.listener = VmapListener.composite(config.listener());
        this.faults = config.faults();
        this.maxOomRounds = config.maxOomRounds();
        this.freePages = totalPages;
    }

    @Override
    public long totalPages() {
        return totalPages;
    }

    @Override
    public long freePages() {
        lock.lock();
        try {
            return freePages;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PageRun allocate(long nrPages, String owner, boolean mayReclaim) {
        Objects.requireNonNull(owner, "owner");
        if (nrPages < 1) {
            throw new IllegalArgumentException("page allocation of " + nrPages + " pages: must be at least 1");
        }
        if (nrPages > totalPages) {
            throw new IllegalArgumentException("page allocation of " + nrPages + " pages exceeds the pool of "
                    + totalPages + " pages");
        }
        PageRun run = tryTake(nrPages, owner);
        if (run != null) {
            return run;
        }
        boolean capReached = false;
        if (mayReclaim) {
            if (shrinkers != null) {
                long reclaimed = 0;
                for (int priority = ShrinkerRegistry.DEF_PRIORITY; priority >= 0; priority--) {
                    long freed = shrinkers.shrinkSlab(priority);
                    reclaimed += Math.max(freed, 0);
                    count(1, Math.max(freed, 0), 0, 0);
                    if (freePages() >= nrPages) {
                        break;
                    }
                }
                if (listener != VmapListener.NOOP) {
                    listener.pageReclaim(new PageReclaimEvent(nrPages, reclaimed));
                }
                run = tryTake(nrPages, owner);
                if (run != null) {
                    return run;
                }
            }
            if (oomChain != null) {
                for (int round = 1; ; round++) {
                    OomEvent event = new OomEvent(nrPages);
                    oomChain.call(0, event);
                    long freed = event.freed();
                    count(0, 0, 1, freed);
                    if (listener != VmapListener.NOOP) {
                        listener.oomNotify(new OomNotifyEvent(nrPages, freed));
                    }
                    run = tryTake(nrPages, owner);
                    if (run != null) {
                        return run;
                    }
                    if (freed == 0) {
                        break;
                    }
                    if (maxOomRounds != PagePoolConfig.UNLIMITED_OOM_ROUNDS && round >= maxOomRounds) {
                        capReached = true;
                        break;
                    }
                }
            }
        }
        long free;
        lock.lock();
        try {
            failures++;
            free = freePages;
        } finally {
            lock.unlock();
        }
        throw new PageAllocationException(nrPages, "page allocation of " + nrPages + " pages for "
                + (owner.isEmpty() ? "no owner" : owner) + " failed (ENOMEM): " + free + " of " + totalPages
                + " pages free" + (mayReclaim ? " after reclaim and the OOM chain" : ", reclaim not allowed")
                + (capReached ? " (vmapkit: the cap of " + maxOomRounds + " OOM rounds was reached while callbacks claimed progress)"
                        : ""));
    }

    private PageRun tryTake(long nrPages, String owner) {
        if (faults.shouldFail(FaultInjector.PAGE_POOL)) {
            return null;
        }
        lock.lock();
        try {
            if (freePages < nrPages) {
                return null;
            }
            freePages -= nrPages;
            allocations++;
            return new PoolRun(this, nrPages, owner);
        } finally {
            lock.unlock();
        }
    }

    private void count(long passes, long reclaimed, long rounds, long freedByOom) {
        lock.lock();
        try {
            reclaimPasses += passes;
            reclaimedObjects += reclaimed;
            oomRounds += rounds;
            oomFreed += freedByOom;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void free(PageRun run) {
        Objects.requireNonNull(run, "run");
        if (!(run instanceof PoolRun) || ((PoolRun) run).pool != this) {
            throw new IllegalArgumentException("page run " + run + " was not allocated by this pool");
        }
        PoolRun r = (PoolRun) run;
        lock.lock();
        try {
            if (r.freed) {
                throw new IllegalStateException("double free of " + r);
            }
            r.freed = true;
            freePages += r.nrPages();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PagePoolStats stats() {
        lock.lock();
        try {
            return new PagePoolStats(totalPages, freePages, allocations, failures, reclaimPasses, reclaimedObjects,
                    oomRounds, oomFreed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DefaultPagePool[" + freePages() + " of " + totalPages + " pages free]";
    }
}
