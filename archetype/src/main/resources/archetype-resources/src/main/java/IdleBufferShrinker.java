package ${package};

import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;

/**
 * Page reclaim's view of the pool: the objects are idle buffers. {@link #countObjects} is a volatile
 * read; {@link #scanObjects} releases up to {@code nrToScan} of them, oldest first.
 *
 * <p><b>Threading.</b> Called by a thread running page reclaim, with no vmapkit lock held; it takes
 * the pool's monitor only to move buffers off the idle list and frees them after releasing it.
 */
final class IdleBufferShrinker implements Shrinker {

    private final ScratchPool pool;

    IdleBufferShrinker(ScratchPool pool) {
        this.pool = pool;
    }

    @Override
    public long countObjects(ShrinkControl sc) {
        return pool.idleBuffers(); // cheap and never waits, as a count must
    }

    @Override
    public long scanObjects(ShrinkControl sc) {
        int released = pool.releaseIdle(sc.nrToScan(), ScratchPool.Reason.SHRINKER);
        return released == 0 ? SHRINK_STOP : released;
    }

    @Override
    public String name() {
        return ScratchPoolPlugin.NAME;
    }
}
