package io.vmapkit.allocator;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * The allocator's {@code struct vmap_area}: the handle returned by {@code allocate}, and at the same
 * time the allocator's record of the area (there is no second per-area object).
 *
 * <p>Layout, with compressed oops: 12-byte header, {@code start} and {@code end} (16), the
 * allocator and owner references (8), the index {@code slot} (4), {@code state} and
 * {@code noGuard} (2): 42 bytes, padded to 48.
 *
 * <p>{@code start}, {@code end} and {@code slot} are written only under the allocator's lock;
 * {@code start} and {@code end} are fixed before the handle is returned. {@code state} is written
 * under the lock with release semantics and read with acquire semantics, so {@link #state()} is
 * safe from any thread.
 */
final class Area implements VmapArea {

    static final byte UNPLACED = 0;
    static final byte LIVE = 1;
    static final byte LAZY = 2;
    static final byte PURGED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Area.class, "state", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final VmapAllocatorCore allocator;
    final String owner;
    final boolean noGuard;
    long start;
    long end;
    /** Index in the allocator's live or lazy array (by state), -1 when in neither. */
    int slot = -1;
    @SuppressWarnings("unused") // accessed through STATE
    private byte state;

    Area(VmapAllocatorCore allocator, String owner, boolean noGuard) {
        this.allocator = allocator;
        this.owner = owner;
        this.noGuard = noGuard;
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
                + (s == UNPLACED ? "UNPLACED" : state().name())
                + (owner.isEmpty() ? "" : " owner=" + owner) + " of " + allocator.name();
    }
}
