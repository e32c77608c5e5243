package ${package};

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.VmapPurgeEvent;

/**
 * The pool's block on the vmap purge notifier chain: when an allocation finds no room even after
 * purging the lazily freed areas, the allocator calls every block; this one releases every idle
 * buffer and adds how many to the event's {@code freed}. The allocator only tests {@code freed > 0}
 * (then purges again and retries), so the unit is ours to choose: buffers.
 *
 * <p><b>Threading.</b> Runs on the allocating thread under the chain's read lock, never under the
 * allocator's lock. It must not register or unregister on the chain, nor allocate vmap space.
 */
final class PurgeBlock implements NotifierBlock<VmapPurgeEvent> {

    private final ScratchPool pool;

    PurgeBlock(ScratchPool pool) {
        this.pool = pool;
    }

    @Override
    public int notifierCall(long action, VmapPurgeEvent event) {
        int released = pool.releaseIdle(Long.MAX_VALUE, ScratchPool.Reason.PURGE);
        if (released > 0) {
            event.add(released); // only when something was freed: 0 means "retrying will not help"
        }
        return Notify.DONE;
    }

    @Override
    public String name() {
        return ScratchPoolPlugin.NAME;
    }
}
