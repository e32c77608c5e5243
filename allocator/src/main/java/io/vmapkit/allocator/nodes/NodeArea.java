package io.vmapkit.allocator.nodes;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The {@code vmap-nodes} allocator's {@code struct vmap_area}: the handle returned by
 * {@code allocate} and the allocator's record of the area while it is busy or lazy.
 *
 * <p>{@code vnId} is the kernel's encoded node id ({@code encode_vn_id}: node + 1, 0 for "no
 * node"), set when the area was allocated over the whole vmalloc range with more than one node.
 * A purged area leaves its handle behind: pools and the free tree keep plain ranges, so a stale
 * handle can never alias a later allocation.
 *
 * <p>{@code start}, {@code end}, {@code vnId} are fixed before the handle is returned;
 * {@code slot} is written under the lock of the list that holds the area; {@code state} is
 * written with release and read with acquire semantics, so {@link #state()} is safe from any
 * thread.
 */
final class NodeArea implements VmapArea {

    static final byte UNPLACED = 0;
    static final byte LIVE = 1;
    static final byte LAZY = 2;
    static final byte PURGED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(NodeArea.class, "state", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final NodesAllocator allocator;
    final String owner;
    final boolean noGuard;
    final int vnId;
    long start;
    long end;
    /** Index in the busy or lazy list holding the area, -1 in none. */
    int slot = -1;
    @SuppressWarnings("unused") // accessed through STATE
    private byte state;

    NodeArea(NodesAllocator allocator, String owner, boolean noGuard, int vnId) {
        this.allocator = allocator;
        this.owner = owner;
        this.noGuard = noGuard;
        this.vnId = vnId;
    }

    byte rawState() {
        return (byte) STATE.getAcquire(this);
    }

    void setState(byte state) {
        STATE.setRelease(this, state);
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public long end() {
        return end;
    }

    @Override
    public long size() {
        return end - start - guardSize();
    }

    @Override
    public long guardSize() {
        return noGuard ? 0 : allocator.space().pageSize();
    }

    @Override
    public AreaState state() {
        switch (rawState()) {
            case LIVE: return AreaState.LIVE;
            case LAZY: return AreaState.LAZY;
            case PURGED: return AreaState.PURGED;
            default: throw new IllegalStateException("area was never placed");
        }
    }

    @Override
    public Optional<String> owner() {
        return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
    }

    @Override
    public String toString() {
        byte s = rawState();
        return "vmap_area[" + Addresses.hex(start) + ", " + Addresses.hex(end) + ") "
                + (s == UNPLACED ? "UNPLACED" : state().name()) + (owner.isEmpty() ? "" : " owner=" + owner)
                + (vnId == 0 ? "" : " vn_id=" + (vnId - 1)) + " of " + allocator.name();
    }
}
