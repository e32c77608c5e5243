package io.vmapkit.workloads.testvmalloc;

import io.vmapkit.api.Addresses;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * The parameters and derivations of the kernel's {@code lib/test_vmalloc.c} workloads
 * (lib/test_vmalloc.c), and the fills they start from: the single definition
 * that {@code vmapkit bench test-vmalloc} and the JMH benchmarks both use.
 *
 * <p>"vmalloc(n pages)" is {@link #pages(int) pages(n)}: n pages, alignment 1, anywhere in the
 * space, with the guard page the allocator adds (n + 1 pages of address space). Stateless; every
 * method is thread-safe (the allocator passed in is used from the calling thread).
 */
public final class TestVmalloc {

    /** The page size of both presets, 4 KiB. */
    public static final int PAGE = AddressSpace.DEFAULT_PAGE_SIZE;

    /** {@code test_loop_count}'s default: iterations of each loop-based test. */
    public static final int DEFAULT_LOOPS = 1_000_000;

    /** {@code nr_pages}' default (6.x): the size of fix_size, no_block and vm_map_ram, in pages. */
    public static final int DEFAULT_NR_PAGES = 1;

    /** long_busy_list_alloc_test: areas held while the loop runs. */
    public static final int LONG_BUSY_LIST_HELD = 15_000;

    /** long_busy_list_alloc_test: the large allocation of each iteration, in pages. */
    public static final int LONG_BUSY_LIST_BIG_PAGES = 100;

    /** random_size_alloc_test: sizes are uniform in 1..this many pages. */
    public static final int RANDOM_SIZE_MAX_PAGES = 100;

    /** fix_align_alloc_test: the size in pages. */
    public static final int FIX_ALIGN_PAGES = 5;

    /**
     * fix_align_alloc_test: the default alignment, {@code THREAD_ALIGN << 1} = 32 KiB on x86-64
     * with 16 KiB stacks (config-dependent in the kernel, hence a parameter).
     */
    public static final long FIX_ALIGN_BYTES = 32 << 10;

    /** align_shift_alloc_test: alignments {@code 1 << i} for i below this ({@code BITS_PER_LONG}). */
    public static final int ALIGN_SHIFT_BITS = 64;

    /**
     * kvfree_rcu tests: deferred frees queued before a "grace period" frees them all — the pointers
     * one 4 KiB page holds on 64-bit, as the kernel's bulk kvfree_rcu batches them.
     */
    public static final int KVFREE_RCU_BATCH = (PAGE - 16) / 8;

    /** The default seed: 2 Jan 2019, the date test_vmalloc was posted (RFC v3). */
    public static final long DEFAULT_SEED = 20190102L;

    /**
     * The default CPU count: 2, as on the project's machines, so {@code lazy_max_pages} is 16,384 pages
     * and full_fit makes 16,384 holes (workloads A.4).
     */
    public static final int DEFAULT_NCPUS = 2;

    private TestVmalloc() {}

    /**
     * full_fit_alloc_test's hole count {@code J = fls(ncpus) × (32 MiB / PAGE)}, which is also
     * {@code lazy_max_pages()}: 16,384 for 2 CPUs.
     */
    public static int fullFitHoles(int ncpus) {
        return Math.toIntExact(Addresses.fls(ncpus) * (AllocatorConfig.LAZY_BYTES_PER_FLS / PAGE));
    }

    /** random_size_alloc_test's size draw: {@code (n % 100) + 1} pages for a random unsigned 32-bit n. */
    public static int randomSizePages(int n) {
        return Integer.remainderUnsigned(n, RANDOM_SIZE_MAX_PAGES) + 1;
    }

    /** random_size_align_alloc_test's size from its random value r: {@code (r % 10 + 1)} pages (r unsigned). */
    public static int randomSizeAlignPages(int r) {
        return Integer.remainderUnsigned(r, 10) + 1;
    }

    /**
     * random_size_align_alloc_test's alignment from the <em>same</em> random value r:
     * {@code 1 << (r % 23)} bytes, 1 B to 4 MiB (r unsigned).
     */
    public static long randomSizeAlignBytes(int r) {
        return 1L << Integer.remainderUnsigned(r, 23);
    }

    /** random_size_align_alloc_test's request from one random value r. */
    public static VmapRequest randomSizeAlign(int r) {
        return VmapRequest.builder((long) randomSizeAlignPages(r) * PAGE).align(randomSizeAlignBytes(r)).build();
    }

    /** A request for {@code pages} pages, alignment 1, anywhere, with a guard page (what vmalloc asks). */
    public static VmapRequest pages(int pages) {
        return VmapRequest.of((long) pages * PAGE);
    }

    /**
     * The vmalloc'ed array of {@code count} pointers a test keeps its areas in (full_fit,
     * long_busy_list): {@code count × pointerSize} bytes rounded up to pages.
     */
    public static VmapRequest pointerArray(int count, int pointerSize) {
        long bytes = (long) count * pointerSize;
        return VmapRequest.of(Addresses.alignUp(bytes, PAGE));
    }

    /** Requests for 0..maxPages pages indexed by page count; index 0 is {@code null}. */
    public static VmapRequest[] requestsByPages(int maxPages) {
        VmapRequest[] byPages = new VmapRequest[maxPages + 1];
        for (int p = 1; p <= maxPages; p++) {
            byPages[p] = pages(p);
        }
        return byPages;
    }

    /**
     * Allocates {@code count} areas of {@code request} and returns them, lowest first: the busy
     * areas a workload holds while it runs (long_busy_list's 15,000). If an allocation fails, the
     * ones made so far are freed before the failure is rethrown.
     */
    public static VmapArea[] hold(VmapAllocator allocator, VmapRequest request, int count) {
        VmapArea[] held = new VmapArea[count];
        int i = 0;
        try {
            for (; i < count; i++) {
                held[i] = allocator.allocate(request);
            }
            return held;
        } catch (RuntimeException e) {
            freeAll(allocator, held, i);
            throw e;
        }
    }

    /**
     * full_fit's setup: allocates {@code count} pairs, a kept area of {@code kept} then a junk area
     * of {@code junk}, and frees every junk area, leaving {@code count} holes of junk's reserved
     * size (size + guard) between kept areas.
     *
     * <p>The junk frees are lazy, as in the kernel: with {@code purge} false the holes become free
     * as threshold purges happen (full_fit's 2·J lazy pages cross the threshold during setup), the
     * rest stay lazy until the workload's own frees push a purge. With {@code purge} true a final
     * {@link VmapAllocator#purgeLazy()} makes every hole free now. If an allocation fails, every
     * area made so far is freed before the failure is rethrown.
     *
     * @return the kept areas, lowest first
     */
    public static VmapArea[] holes(VmapAllocator allocator, VmapRequest kept, VmapRequest junk, int count,
            boolean purge) {
        VmapArea[] keptAreas = new VmapArea[count];
        VmapArea[] junkAreas = new VmapArea[count];
        int i = 0;
        try {
            for (; i < count; i++) {
                keptAreas[i] = allocator.allocate(kept);
                junkAreas[i] = allocator.allocate(junk);
            }
        } catch (RuntimeException e) {
            freeAll(allocator, keptAreas, i + 1);
            freeAll(allocator, junkAreas, i);
            throw e;
        }
        freeAll(allocator, junkAreas, count);
        if (purge) {
            allocator.purgeLazy();
        }
        return keptAreas;
    }

    /** Frees the first {@code n} areas of {@code areas}, skipping {@code null}s. */
    public static void freeAll(VmapAllocator allocator, VmapArea[] areas, int n) {
        for (int k = 0; k < Math.min(n, areas.length); k++) {
            if (areas[k] != null) {
                allocator.free(areas[k]);
                areas[k] = null;
            }
        }
    }
}
