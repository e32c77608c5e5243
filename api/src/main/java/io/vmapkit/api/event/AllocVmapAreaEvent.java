package io.vmapkit.api.event;

import java.util.Objects;

/**
 * An allocation attempt ended, successfully or not (tracepoint {@code alloc_vmap_area}).
 * Passed to {@link VmapListener#allocVmapArea(AllocVmapAreaEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class AllocVmapAreaEvent {
    private final long addr;
    private final long size;
    private final long align;
    private final long vstart;
    private final long vend;
    private final boolean failed;

    /**
     * The event with its values.
     *
     * @param addr the start of the area, or {@code vend} if it failed (the kernel's sentinel); unsigned
     * @param size the reserved size, guard included
     * @param align the alignment asked for
     * @param vstart the start of the window searched; unsigned
     * @param vend the end of the window searched; unsigned
     * @param failed whether the attempt failed
     */
    public AllocVmapAreaEvent(long addr, long size, long align, long vstart, long vend, boolean failed) {
        this.addr = addr;
        this.size = size;
        this.align = align;
        this.vstart = vstart;
        this.vend = vend;
        this.failed = failed;
    }

    /** The start of the area, or {@code vend} if it failed (the kernel's sentinel); unsigned. */
    public long addr() {
        return addr;
    }

    /** The reserved size, guard included. */
    public long size() {
        return size;
    }

    /** The alignment asked for. */
    public long align() {
        return align;
    }

    /** The start of the window searched; unsigned. */
    public long vstart() {
        return vstart;
    }

    /** The end of the window searched; unsigned. */
    public long vend() {
        return vend;
    }

    /** Whether the attempt failed. */
    public boolean failed() {
        return failed;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AllocVmapAreaEvent)) {
            return false;
        }
        AllocVmapAreaEvent e = (AllocVmapAreaEvent) o;
        return addr == e.addr
                && size == e.size
                && align == e.align
                && vstart == e.vstart
                && vend == e.vend
                && failed == e.failed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(addr, size, align, vstart, vend, failed);
    }

    @Override
    public String toString() {
        return "AllocVmapAreaEvent["
                + "addr=" + addr
                + ", size=" + size
                + ", align=" + align
                + ", vstart=" + vstart
                + ", vend=" + vend
                + ", failed=" + failed
                + "]";
    }
}
