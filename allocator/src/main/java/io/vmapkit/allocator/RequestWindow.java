package io.vmapkit.allocator;

import static io.vmapkit.api.Addresses.bytes;
import static io.vmapkit.api.Addresses.hex;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.Objects;

/**
 * Checks a request against the address space and resolves its window: the allocator's
 * precondition checks of {@code alloc_vmap_area} and its callers, and the guard page it adds.
 *
 * <p>Implementation policy of this module (which requests are refused, and how), so not part of
 * the api: the api's {@link AddressSpace} only describes the range. Public so this module's other
 * allocator packages ({@code io.vmapkit.allocator.nodes}) validate requests the same way. Stateless
 * and thread-safe.
 */
public final class RequestWindow {

    private RequestWindow() {}

    /** The guard bytes an area of {@code request} carries: one page unless {@link AllocFlag#NO_GUARD}. */
    public static long guardSize(AddressSpace space, VmapRequest request) {
        return request.has(AllocFlag.NO_GUARD) ? 0 : space.pageSize();
    }

    /**
     * Checks {@code request} against {@code space} and returns it with its window resolved (a
     * request without a window gets the whole space). The checks are those of
     * {@code alloc_vmap_area} and its callers: the size is a page multiple, the window lies inside
     * the space, and the size plus guard fits in the window.
     *
     * <p>vmapkit refuses a request that could never fit its window instead of running the overflow
     * path for it (the kernel would purge and call the notifier chain in vain): a documented
     * improvement (deviation D3), on by default
     * ({@link io.vmapkit.allocator.AllocatorConfig#rejectImpossibleRequests()}). Without it the
     * allocator uses {@link #resolveWindow(AddressSpace, VmapRequest)}.
     *
     * @return the request with {@link VmapRequest#hasWindow()} true
     * @throws IllegalArgumentException naming the bad value
     */
    public static VmapRequest resolve(AddressSpace space, VmapRequest request) {
        VmapRequest r = windowed(space, request);
        long size = r.size();
        long guard = guardSize(space, r);
        long window = r.vend() - r.vstart();
        if (Addresses.addWraps(size, guard) || Addresses.greaterThan(size + guard, window)) {
            throw new IllegalArgumentException("size " + bytes(size) + (guard == 0 ? "" : " + " + guard + " guard")
                    + " can never fit the window [" + hex(r.vstart()) + ", " + hex(r.vend()) + ") of " + bytes(window));
        }
        return r;
    }

    /**
     * {@link #resolve(AddressSpace, VmapRequest)} without the "can never fit" refusal: checks that
     * the size is a page multiple, that the window lies inside the space, and that size plus guard
     * is below 2^64, and returns the request with its window resolved. A request larger than its
     * window passes and fails in the search, as in the kernel (the overflow path runs, then EBUSY).
     * A size plus guard reaching 2^64 is still refused: the kernel's {@code size += PAGE_SIZE}
     * would wrap to a size that {@code alloc_vmap_area} refuses ({@code 0}: {@code -EINVAL} in 6.x)
     * or a tiny one, and no area of that length is representable.
     *
     * @return the request with {@link VmapRequest#hasWindow()} true
     * @throws IllegalArgumentException naming the bad value
     */
    public static VmapRequest resolveWindow(AddressSpace space, VmapRequest request) {
        VmapRequest r = windowed(space, request);
        long guard = guardSize(space, r);
        if (Addresses.addWraps(r.size(), guard)) {
            throw new IllegalArgumentException("size " + bytes(r.size()) + " + " + guard
                    + " guard reaches 2^64: no area of that length exists");
        }
        return r;
    }

    /** The page-multiple and window checks shared by both resolutions. */
    private static VmapRequest windowed(AddressSpace space, VmapRequest request) {
        Objects.requireNonNull(request, "request");
        long size = request.size();
        int pageSize = space.pageSize();
        if (!Addresses.isAligned(size, pageSize)) {
            throw new IllegalArgumentException(
                    "size " + bytes(size) + " is not a multiple of the page size " + pageSize);
        }
        long vstart = request.hasWindow() ? request.vstart() : space.start();
        long vend = request.hasWindow() ? request.vend() : space.end();
        if (request.hasWindow() && !space.contains(vstart, vend)) {
            throw new IllegalArgumentException("window [" + hex(vstart) + ", " + hex(vend) + ") lies outside the "
                    + space.name() + " address space [" + hex(space.start()) + ", " + hex(space.end()) + ")");
        }
        return request.hasWindow() ? request : request.withWindow(vstart, vend);
    }
}
