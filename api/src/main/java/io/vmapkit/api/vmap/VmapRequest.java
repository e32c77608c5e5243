package io.vmapkit.api.vmap;

import static io.vmapkit.api.Addresses.hex;

import io.vmapkit.api.Addresses;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code alloc_vmap_area} is asked for: a size, a power-of-two alignment, an address window
 * {@code [vstart, vend)} and flags, plus the owner that allocates.
 *
 * <p>The constructor checks what can be checked without knowing the address space: the size is
 * not 0, the alignment is a power of two (1 is legal and what vmap/vmalloc pass), and the window,
 * if given, is not empty or inverted. The allocator checks the rest against its
 * {@link AddressSpace} (page multiple, window inside the space, fits at all) and throws
 * {@link IllegalArgumentException} before anything changes.
 *
 * <p>All values are unsigned 64-bit. {@code size} excludes the guard page, which the allocator
 * adds unless {@link AllocFlag#NO_GUARD} is set. Immutable and thread-safe.
 */
public final class VmapRequest {

    private final long size;
    private final long align;
    private final long vstart;
    private final long vend;
    private final boolean windowed;
    private final int flags;
    private final String owner;

    private VmapRequest(long size, long align, long vstart, long vend, boolean windowed, int flags, String owner) {
        if (size == 0) {
            throw new IllegalArgumentException("size must not be 0");
        }
        if (!Addresses.isPowerOfTwo(align)) {
            throw new IllegalArgumentException("alignment " + hex(align) + " is not a power of two");
        }
        if (windowed && !Addresses.lessThan(vstart, vend)) {
            throw new IllegalArgumentException("window [" + hex(vstart) + ", " + hex(vend) + ") is "
                    + (vstart == vend ? "empty" : "inverted") + ": vstart must be below vend");
        }
        this.size = size;
        this.align = align;
        this.vstart = windowed ? vstart : 0;
        this.vend = windowed ? vend : 0;
        this.windowed = windowed;
        this.flags = flags;
        this.owner = owner;
    }

    /**
     * A request for {@code size} bytes, alignment 1, anywhere in the space, no flags.
     *
     * @throws IllegalArgumentException if {@code size} is 0
     */
    public static VmapRequest of(long size) {
        return new VmapRequest(size, 1, 0, 0, false, 0, "");
    }

    /** A builder starting from {@code size} bytes, alignment 1, the whole space and no flags. */
    public static Builder builder(long size) {
        return new Builder(size);
    }

    /** A builder starting from this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder(size).align(align).owner(owner);
        b.flags = flags;
        if (windowed) {
            b.window(vstart, vend);
        }
        return b;
    }

    /** The size in bytes, without the guard page (unsigned). */
    public long size() {
        return size;
    }

    /** The alignment in bytes: a power of two, possibly {@code 1L << 63} (negative as signed). */
    public long align() {
        return align;
    }

    /** Whether an explicit window was given; without one the allocator uses the whole space. */
    public boolean hasWindow() {
        return windowed;
    }

    /** The lowest acceptable start (unsigned), or 0 without a window. */
    public long vstart() {
        return vstart;
    }

    /** The highest acceptable end, exclusive (unsigned), or 0 without a window. */
    public long vend() {
        return vend;
    }

    /** Whether {@code flag} is set. */
    public boolean has(AllocFlag flag) {
        return (flags & flag.bit()) != 0;
    }

    /** The flags as a set (a fresh copy). */
    public Set<AllocFlag> flags() {
        EnumSet<AllocFlag> set = EnumSet.noneOf(AllocFlag.class);
        for (AllocFlag f : AllocFlag.values()) {
            if (has(f)) {
                set.add(f);
            }
        }
        return set;
    }

    /** The owner that allocates (a plugin name), if any. */
    public Optional<String> owner() {
        return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
    }

    /** This request with the window {@code [vstart, vend)}. */
    public VmapRequest withWindow(long vstart, long vend) {
        return new VmapRequest(size, align, vstart, vend, true, flags, owner);
    }

    /** This request owned by {@code owner} (empty string: no owner). */
    public VmapRequest withOwner(String owner) {
        return new VmapRequest(size, align, vstart, vend, windowed, flags, Objects.requireNonNull(owner, "owner"));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VmapRequest)) {
            return false;
        }
        VmapRequest r = (VmapRequest) o;
        return size == r.size && align == r.align && vstart == r.vstart && vend == r.vend
                && windowed == r.windowed && flags == r.flags && owner.equals(r.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, align, vstart, vend, windowed, flags, owner);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VmapRequest[size=").append(hex(size)).append(", align=").append(hex(align));
        if (windowed) {
            sb.append(", window=[").append(hex(vstart)).append(", ").append(hex(vend)).append(')');
        }
        if (flags != 0) {
            sb.append(", flags=").append(flags());
        }
        if (!owner.isEmpty()) {
            sb.append(", owner=").append(owner);
        }
        return sb.append(']').toString();
    }

    /** Builds a {@link VmapRequest}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final long size;
        private long align = 1;
        private long vstart;
        private long vend;
        private boolean windowed;
        private int flags;
        private String owner = "";

        private Builder(long size) {
            this.size = size;
        }

        /** The alignment in bytes, a power of two (default 1). */
        public Builder align(long align) {
            this.align = align;
            return this;
        }

        /** The window {@code [vstart, vend)} (default: the whole space). */
        public Builder window(long vstart, long vend) {
            this.vstart = vstart;
            this.vend = vend;
            this.windowed = true;
            return this;
        }

        /** Adds flags. */
        public Builder flags(AllocFlag... flags) {
            for (AllocFlag f : flags) {
                this.flags |= f.bit();
            }
            return this;
        }

        /** The owner (a plugin name; empty for none). */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public VmapRequest build() {
            return new VmapRequest(size, align, vstart, vend, windowed, flags, owner);
        }
    }
}
