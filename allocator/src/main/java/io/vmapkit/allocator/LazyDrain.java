package io.vmapkit.allocator;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The 5.18+ {@code drain_vmap_work} (U. Rezki, "mm/vmalloc: Move draining areas out of caller
 * context", posted 25 Jan 2022, in linux-next for the 5.18 merge window): a free that pushes the
 * lazy counter over {@code lazy_max_pages} schedules this task instead of try-purging itself; the
 * task purges first (waiting for the purge lock) and purges again while the counter is still over
 * the threshold ({@code do { purge } while (nr_lazy > lazy_max_pages())}, read in that patch and in
 * {@code mm/vmalloc.c drain_vmap_area_work} ≈6.3–6.6; 6.9+ purges once). At most one drain is
 * scheduled at a time; a free that crosses the threshold while the flag is being cleared is caught
 * by the re-check after clearing it (the patch's in-progress flag would miss it; later kernels rely
 * on {@code schedule_work} queueing a running work again, which the re-check reproduces).
 *
 * <p>If the executor rejects the task, the freeing thread falls back to a try-purge of its own, so
 * the threshold is never silently ignored. Thread-safe.
 */
final class LazyDrain implements Runnable {

    private final VmapAllocatorCore core;
    private final Executor executor;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LazyDrain(VmapAllocatorCore core, Executor executor) {
        this.core = core;
        this.executor = executor;
    }

    /** Schedules a drain unless one is already pending or running. */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                core.tryPurgeLazy();
            }
        }
    }

    @Override
    public void run() {
        try {
            core.drainPurgeFirst();
        } finally {
            scheduled.set(false);
        }
        if (core.overThreshold()) {
            schedule();
        }
    }
}
