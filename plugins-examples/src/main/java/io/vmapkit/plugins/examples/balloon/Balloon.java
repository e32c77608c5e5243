package io.vmapkit.plugins.examples.balloon;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link BalloonPlugin} installed into one system: the chunks it holds, its settings and counters.
 * A host drives re-inflation with {@link #tick()} and reads {@link #stats()}; the system that
 * installed it closes it on uninstall, which unregisters the purge block and gives every chunk back.
 *
 * <p><b>Locking.</b> As the plugin's documentation describes: a balloon lock for the chunk stack and
 * the counters, held only to change them and never while calling into vmapkit, and an inflate lock
 * that {@link #tick()} only tries. All methods are thread-safe. {@link #close()} runs once, on the
 * system's closing thread; it waits for a running tick, and a later tick throws.
 */
public final class Balloon implements InstalledPlugin {

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock inflating = new ReentrantLock();

    // ---- guarded by lock ----
    /** The chunks held, last taken on top. */
    private final Deque<VmapArea> chunks = new ArrayDeque<>();
    private boolean pressureSeen;
    private long lastPressureNanos;
    private long deflations;
    private long chunksReturned;
    private long reinflations;
    private long chunksReinflated;

    /** Set by {@link #close()}: a tick racing with close must not push a chunk after the stack was emptied. */
    private boolean closed;

    private final PluginContext context;
    private final long targetChunks;
    private final long chunkBytes;
    private final int deflateChunks;
    private final long quietNanos;
    private final int reinflateChunks;
    private final long headroomBytes;
    private final VmapRequest chunkRequest;
    private volatile Registration registration; // set once by the plugin right after registering the block

    Balloon(PluginContext context, long targetChunks, long chunkBytes, int deflateChunks, long quietNanos,
            int reinflateChunks, long headroomBytes, VmapRequest chunkRequest) {
        this.context = context;
        this.targetChunks = targetChunks;
        this.chunkBytes = chunkBytes;
        this.deflateChunks = deflateChunks;
        this.quietNanos = quietNanos;
        this.reinflateChunks = reinflateChunks;
        this.headroomBytes = headroomBytes;
        this.chunkRequest = chunkRequest;
    }

    /** Remembers the purge block's registration, for {@link #close()}. */
    void registered(Registration r) {
        registration = r;
    }


    /**
     * Re-inflates a step if the pressure has passed: when no purge call has reached the balloon for
     * {@code reinflate-after-ms} of the system's clock, takes up to {@code reinflate-chunks} chunks,
     * each only if it fits without reclaim and leaves the headroom free. Deterministic under a manual
     * clock. Thread-safe; a tick that finds another one running returns 0 at once.
     *
     * @return the chunks taken
     * @throws IllegalStateException if this installation was closed (the plugin was uninstalled)
     */
    public int tick() {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(BalloonPlugin.NAME + ": this balloon was closed when the plugin was "
                        + "uninstalled; nothing to re-inflate");
            }
        } finally {
            lock.unlock();
        }
        return inflate(reinflateChunks, true);
    }

    /** A consistent reading of the balloon. */
    public BalloonStats stats() {
        lock.lock();
        try {
            return new BalloonStats(targetChunks, chunks.size(), chunkBytes, deflations, chunksReturned, reinflations, chunksReinflated, pressureSeen, lastPressureNanos);
        } finally {
            lock.unlock();
        }
    }

    // ---- inflating ----------------------------------------------------------------------------

    /**
     * Takes up to {@code max} chunks, stopping at the target, at recent pressure (if
     * {@code afterQuiet}), when a chunk would not fit with the headroom, or when the allocator says no.
     */
    int inflate(long max, boolean afterQuiet) {
        if (!inflating.tryLock()) {
            return 0;
        }
        try {
            int taken = 0;
            while (taken < max) {
                lock.lock();
                try {
                    if (closed || chunks.size() >= targetChunks) {
                        break;
                    }
                    if (afterQuiet && pressureSeen
                            && context.clock().nanoTime() - lastPressureNanos < quietNanos) {
                        break;
                    }
                } finally {
                    lock.unlock();
                }
                VmapArea chunk = allocateIfRoom();
                if (chunk == null) {
                    break;
                }
                lock.lock();
                try {
                    chunks.push(chunk);
                    if (afterQuiet) {
                        chunksReinflated++;
                    }
                } finally {
                    lock.unlock();
                }
                taken++;
            }
            if (afterQuiet && taken > 0) {
                lock.lock();
                try {
                    reinflations++;
                } finally {
                    lock.unlock();
                }
            }
            return taken;
        } finally {
            inflating.unlock();
        }
    }

    /**
     * One chunk, or {@code null} if taking it would leave less than the headroom available, or the
     * allocator refuses. "Available" counts lazily freed space too: a non-blocking request try-purges it
     * (the allocator's own housekeeping, which takes nothing from anyone) before it gives up.
     */
    private VmapArea allocateIfRoom() {
        VmapStats st = context.allocator().stats();
        long available = st.freeBytes() + st.lazyBytes();
        if (Long.compareUnsigned(available, chunkBytes) < 0
                || Long.compareUnsigned(available - chunkBytes, headroomBytes) < 0) {
            return null;
        }
        try {
            return context.allocator().allocate(chunkRequest);
        } catch (VmapAllocationException e) {
            return null; // no block big enough, or raced with another allocation: try again on a later tick
        }
    }

    // ---- the purge notifier block -------------------------------------------------------------

    /**
     * Gives back up to {@code deflate-chunks} chunks, last taken first, adds how many to
     * {@code freed}, and notes the time. Runs on the allocating thread under the purge chain's read
     * lock; frees after releasing the balloon lock.
     */
    int deflate(long action, VmapPurgeEvent event) {
        if (event.request().owner().map(BalloonPlugin.NAME::equals).orElse(false)) {
            return Notify.DONE; // our own inflation: never deflate to inflate
        }
        List<VmapArea> given = new ArrayList<>(deflateChunks);
        lock.lock();
        try {
            pressureSeen = true;
            lastPressureNanos = context.clock().nanoTime();
            while (given.size() < deflateChunks && !chunks.isEmpty()) {
                given.add(chunks.pop());
            }
            if (!given.isEmpty()) {
                deflations++;
                chunksReturned += given.size();
            }
        } finally {
            lock.unlock();
        }
        given.forEach(context.allocator()::free);
        if (!given.isEmpty()) {
            event.add(given.size());
        }
        return Notify.DONE;
    }

    /** Unregisters the block (waiting for a call in flight), then gives every chunk back. */
    @Override
    public void close() {
        Registration r = registration;
        if (r != null) {
            r.close();
        }
        List<VmapArea> all;
        inflating.lock(); // let a running tick finish, so it does not push a chunk after we emptied
        try {
            lock.lock();
            try {
                closed = true;
                all = new ArrayList<>(chunks);
                chunks.clear();
            } finally {
                lock.unlock();
            }
        } finally {
            inflating.unlock();
        }
        all.forEach(context.allocator()::free);
    }

    @Override
    public String toString() {
        return "Balloon[" + stats() + "]";
    }
}
