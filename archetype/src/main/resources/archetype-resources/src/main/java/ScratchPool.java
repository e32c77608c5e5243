package ${package};

import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The scratch pool of one system: what {@link ScratchPoolPlugin#install} returns. The host takes
 * buffers ({@link #take()}) and gives them back ({@link #give}); up to {@code max-idle} given-back
 * buffers are kept idle for the next take, and the shrinker and the purge block release them under
 * pressure. A host finds it with {@code system.installed(ScratchPool.class)}.
 *
 * <p><b>Ownership.</b> The system owns the pool and closes it on uninstall, which releases the idle
 * buffers; buffers the host still holds are the host's, and the runtime frees what the plugin still
 * has allocated once the pool is closed.
 *
 * <p><b>Locking.</b> One monitor guards the idle list and the counters. It is held only to move
 * buffers on and off the list, never while calling into vmapkit: allocating may run the purge
 * notifier chain or page reclaim on the same thread, and those call this pool's own callbacks, which
 * take the monitor. All methods are thread-safe.
 */
public final class ScratchPool implements InstalledPlugin {

    /** Why idle buffers were released, for {@link #released(Reason)}. */
    public enum Reason {
        /** Page reclaim: the {@link IdleBufferShrinker}. */
        SHRINKER,
        /** The vmap space ran out: the {@link PurgeBlock}. */
        PURGE,
        /** Given back beyond {@code max-idle}, or the pool was closed. */
        SURPLUS
    }

    private final Object lock = new Object();
    private final Deque<Buffer> idle = new ArrayDeque<>(); // guarded by lock; oldest first
    private final long[] released = new long[Reason.values().length]; // guarded by lock
    private volatile int idleCount; // idle.size(), readable without the lock
    private final PluginContext context;
    private final int bufferPages;
    private final int maxIdle;

    ScratchPool(PluginContext context, int bufferPages, int maxIdle) {
        this.context = context;
        this.bufferPages = bufferPages;
        this.maxIdle = maxIdle;
    }

    // ---- what the host calls ----

    /**
     * A buffer: the most recently given-back idle one, or a new one.
     *
     * @throws VmapAllocationException if the vmap space has no room even after the purge notifier chain
     * @throws PageAllocationException if the page pool has no pages even after reclaim
     */
    public Buffer take() {
        synchronized (lock) {
            Buffer b = idle.pollLast();
            if (b != null) {
                idleCount = idle.size();
                return b;
            }
        }
        // No lock held from here: both allocations may run reclaim, which calls our own callbacks.
        return allocate(true);
    }

    /** Gives a buffer back: kept idle if fewer than {@code max-idle} are, released otherwise. */
    public void give(Buffer buffer) {
        synchronized (lock) {
            if (idle.size() < maxIdle) {
                idle.addLast(buffer);
                idleCount = idle.size();
                return;
            }
            released[Reason.SURPLUS.ordinal()]++;
        }
        free(buffer);
    }

    /** The number of idle buffers. */
    public int idleBuffers() {
        return idleCount;
    }

    /** How many idle buffers were released for {@code reason} since install. */
    public long released(Reason reason) {
        synchronized (lock) {
            return released[reason.ordinal()];
        }
    }

    /** Releases the idle buffers before the runtime undoes the registrations. */
    @Override
    public void close() {
        releaseIdle(Long.MAX_VALUE, Reason.SURPLUS);
    }

    // ---- what the plugin and its callbacks call ----

    /**
     * Makes up to {@code count} idle buffers without making anyone reclaim: each allocation is
     * non-blocking (no purge notifier round) and takes pages only if they are free. Stops at the
     * first refusal.
     *
     * @return the buffers made
     */
    int warm(int count) {
        int made = 0;
        while (made < count) {
            Buffer b;
            try {
                b = allocate(false);
            } catch (VmapAllocationException | PageAllocationException e) {
                break; // no room now: the pool fills up as the host gives buffers back
            }
            synchronized (lock) {
                idle.addLast(b);
                idleCount = idle.size();
            }
            made++;
        }
        return made;
    }

    /**
     * Moves up to {@code max} idle buffers, oldest first, off the list and frees them (after
     * releasing the monitor). The unmap is lazy, as vunmap is: the allocator purges it later.
     *
     * @return how many were released
     */
    int releaseIdle(long max, Reason reason) {
        List<Buffer> taken = new ArrayList<>();
        synchronized (lock) {
            while (taken.size() < max && !idle.isEmpty()) {
                taken.add(idle.pollFirst());
            }
            idleCount = idle.size();
            released[reason.ordinal()] += taken.size();
        }
        taken.forEach(this::free);
        return taken.size();
    }

    private Buffer allocate(boolean mayReclaim) {
        PageRun pages = context.pagePool().allocate(bufferPages, context.pluginName(), mayReclaim);
        try {
            long bytes = (long) bufferPages * context.allocator().space().pageSize();
            VmapRequest request = mayReclaim ? VmapRequest.of(bytes)
                    : VmapRequest.builder(bytes).flags(AllocFlag.NON_BLOCKING, AllocFlag.NO_WARN).build();
            return new Buffer(pages, context.allocator().allocate(request));
        } catch (RuntimeException e) {
            context.pagePool().free(pages);
            throw e;
        }
    }

    private void free(Buffer b) {
        context.allocator().free(b.mapping());
        context.pagePool().free(b.pages());
    }

    @Override
    public String toString() {
        return "ScratchPool[" + ScratchPoolPlugin.NAME + ", idle " + idleCount + "]";
    }
}
