package io.vmapkit.api.vmap;

import java.util.Optional;

/**
 * An allocated range of the address space: the kernel's {@code struct vmap_area}, as an opaque
 * handle.
 *
 * <p>Only allocators create areas; there is no public implementation. An allocator checks every
 * handle passed to {@link VmapAllocator#free}: a handle from another allocator (or one a caller
 * implemented) and a second free of the same area are errors.
 *
 * <p>The reserved range is {@code [start, end)} and includes the guard page:
 * {@code end = start + size + guardSize}. Accessors are thread-safe; {@link #state()} changes as
 * the allocator frees and purges the area.
 */
public interface VmapArea {

    /** The first address ({@code va_start}), unsigned. */
    long start();

    /** The address just past the reservation, guard included ({@code va_end}), unsigned. */
    long end();

    /** The usable size in bytes, without the guard ({@code get_vm_area_size()}). */
    long size();

    /** The guard bytes after the usable part: one page, or 0 with {@link AllocFlag#NO_GUARD}. */
    long guardSize();

    /** {@code end - start}: what the area takes from the address space. */
    default long reservedSize() {
        return end() - start();
    }

    /** Where the area is in its life. */
    AreaState state();

    /** The owner that allocated it (a plugin name), if any. */
    Optional<String> owner();
}
