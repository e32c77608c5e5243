package io.vmapkit.reliability.oracle;

import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * Turns {@link Choices} into operations: lazy frees, purges at random points, and allocations of
 * 1..{@code maxPages} pages (now and then much larger), alignments of 1, one page, 2^12..2^22 bytes
 * and now and then 2^23..2^63, with and without guard page, blocking and not, anywhere, in narrow
 * windows barely larger than the request, in windows at the top of the space, and a few invalid
 * requests (not a page multiple, window outside the space, larger than its window). Stateless.
 */
public final class OpGenerator {

    private final AddressSpace space;
    private final int maxPages;
    private final int population;

    /**
     * @param maxPages the usual largest request, in pages
     * @param population the number of held areas above which frees become more likely
     */
    public OpGenerator(AddressSpace space, int maxPages, int population) {
        this.space = space;
        this.maxPages = maxPages;
        this.population = population;
    }

    /** The next operation, given how many areas are held now. */
    public Op next(Choices c, int held) {
        int dice = c.below(100);
        if (held > 0 && (dice < 33 || held > population && dice < 60)) {
            return new Op.Free(c.below((long) held));
        }
        if (dice >= 97) {
            return new Op.Purge();
        }
        return new Op.Alloc(request(c), c.percent(1), c.percent(30), 1 + c.below(8), c.percent(4));
    }

    private VmapRequest request(Choices c) {
        long ps = space.pageSize();
        long pages = 1 + c.below(maxPages);
        if (c.percent(3)) {
            pages = 1 + c.below(Math.max(1, space.pages() / 4));
        }
        long size = pages * ps;
        if (c.percent(1)) {
            size += 1 + c.below(ps - 1); // not a page multiple: rejected
        }
        VmapRequest.Builder b = VmapRequest.builder(size).flags(AllocFlag.NO_WARN);
        int a = c.below(100);
        if (a < 55) {
            b.align(1);
        } else if (a < 65) {
            b.align(ps);
        } else if (a < 95) {
            b.align(1L << (12 + c.below(11))); // 4 KiB .. 4 MiB (2^22)
        } else {
            b.align(1L << (23 + c.below(41))); // 8 MiB .. 2^63
        }
        boolean noGuard = c.percent(20);
        if (noGuard) {
            b.flags(AllocFlag.NO_GUARD);
        }
        if (c.percent(5)) {
            b.flags(AllocFlag.NON_BLOCKING);
        }
        long need = size + (noGuard ? 0 : ps);
        long spacePages = space.pages();
        int w = c.below(100);
        if (w < 60) {
            return b.build();
        }
        if (w < 82) {
            // a narrow window: the request plus 0..3 pages of slack, anywhere in the space
            long len = Math.min(spacePages, (need + ps - 1) / ps + c.below(4));
            long first = c.below(spacePages - len + 1);
            long vstart = space.start() + first * ps;
            b.window(vstart, vstart + len * ps);
        } else if (w < 94) {
            // a window at the top of the space
            long len = 1 + c.below(Math.min(spacePages, 16L * maxPages + 2));
            b.window(space.end() - len * ps, space.end());
        } else if (w < 97 && !io.vmapkit.api.Addresses.addWraps(space.end(), ps)) {
            // a window reaching past the end of the space: rejected
            long len = 1 + c.below(Math.min(spacePages, 64));
            b.window(space.end() - len * ps, space.end() + ps);
        } else if (w >= 97) {
            // a window of one page less than the request needs: rejected (or exactly fitting if size is tiny)
            long len = Math.max(1, (need + ps - 1) / ps - 1);
            if (len > spacePages) {
                len = spacePages;
            }
            long first = c.below(spacePages - len + 1);
            long vstart = space.start() + first * ps;
            b.window(vstart, vstart + len * ps);
        }
        return b.build();
    }
}
