package io.vmapkit.allocator;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The 5.4+ {@code drain_vmap_work}: a free that pushes the lazy counter over
 * {@code lazy_max_pages} schedules this task, which purges (waiting for the purge lock) while the
 * counter stays over the threshold. At most one drain is scheduled at a time; a free that crosses
 * the threshold while the flag is being cleared is caught by the re-check after clearing it.
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
            core.drainWhileOverThreshold();
        } finally {
            scheduled.set(false);
        }
        if (core.overThreshold()) {
            schedule();
        }
    }
}
