/**
 * The vmap address space and its allocator: the model of {@code alloc_vmap_area}, lazy free and
 * purge.
 *
 * <p>An {@link io.vmapkit.api.vmap.AddressSpace} is a range of unsigned 64-bit addresses with a page
 * size. A {@link io.vmapkit.api.vmap.VmapRequest} asks a {@link io.vmapkit.api.vmap.VmapAllocator}
 * for a range of a size, alignment and window; the allocator answers with an opaque
 * {@link io.vmapkit.api.vmap.VmapArea} handle. Freeing is lazy, as {@code vunmap}/{@code vfree} are:
 * the range becomes reusable only after a purge. When no range fits, the allocator runs the
 * kernel's overflow path: purge, retry, then call the purge notifier chain with a
 * {@link io.vmapkit.api.vmap.VmapPurgeEvent}, retrying while callbacks report progress.
 *
 * <p>All addresses and sizes are unsigned 64-bit values in {@code long}s; see
 * {@link io.vmapkit.api.Addresses}. Ranges are half-open, {@code [start, end)}.
 */
package io.vmapkit.api.vmap;
