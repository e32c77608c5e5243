package io.vmapkit.bench;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.SplittableRandom;

/**
 * The parameters and derivations of the kernel's {@code lib/test_vmalloc.c} workloads
 * (workloads-and-anchors.md part A), shared by every benchmark family, plus the one allocator
 * configuration all benchmarks use.
 *
 * <p>Random inputs are drawn once, in setup, from a seeded {@link SplittableRandom} into a ring of
 * {@link #RING} entries that the measured method walks: no random-number generation and no
 * request construction is timed (workloads D.2: read inputs from state).
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class Workloads {

    /** The page size of both presets, 4 KiB. */
    public static final int PAGE = AddressSpace.DEFAULT_PAGE_SIZE;

    /**
     * The online CPU count the benchmarks configure: 2, as on the project's machines, so
     * {@code lazy_max_pages} is 16,384 pages and a 1-page pair purges about every 8,192 pairs,
     * the kernel's rate (workloads A.4).
     */
    public static final int NCPUS = 2;

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
     * with 16 KiB stacks (config-dependent, hence a benchmark parameter).
     */
    public static final long FIX_ALIGN_BYTES = 32 << 10;

    /** Entries in a ring of pre-drawn random inputs; a power of two. */
    public static final int RING = 1 << 14;

    /** {@code RING - 1}, to index a ring with {@code i & RING_MASK}. */
    public static final int RING_MASK = RING - 1;

    /**
     * The seed every benchmark uses unless {@code -p seed=…} overrides it: the date of the
     * test_vmalloc RFC v3 posting (2 Jan 2019).
     */
    public static final String DEFAULT_SEED = "20190102";

    private Workloads() {}

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

    /** A request for {@code pages} pages, alignment 1, anywhere, with a guard page (what vmalloc asks). */
    public static VmapRequest pages(int pages) {
        return VmapRequest.of((long) pages * PAGE);
    }

    /** Requests for 0..maxPages pages indexed by page count; index 0 is {@code null}. */
    public static VmapRequest[] requestsByPages(int maxPages) {
        VmapRequest[] byPages = new VmapRequest[maxPages + 1];
        for (int p = 1; p <= maxPages; p++) {
            byPages[p] = pages(p);
        }
        return byPages;
    }

    /** A ring of random_size page counts (1..100) drawn from {@code seed}. */
    public static int[] randomSizeRing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ring = new int[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = randomSizePages(random.nextInt());
        }
        return ring;
    }

    /** A ring of random_size_align requests, size and alignment from one random value each, drawn from {@code seed}. */
    public static VmapRequest[] randomSizeAlignRing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        VmapRequest[] ring = new VmapRequest[RING];
        for (int i = 0; i < RING; i++) {
            int r = random.nextInt();
            ring[i] = VmapRequest.builder((long) randomSizeAlignPages(r) * PAGE).align(randomSizeAlignBytes(r)).build();
        }
        return ring;
    }

    /**
     * The configuration every benchmark allocator gets: {@link #NCPUS} CPUs, synchronous threshold
     * purges (the freeing thread purges, so the purge is part of the measured pair as in the kernel),
     * and otherwise the defaults.
     */
    public static AllocatorConfig.Builder config(AddressSpace space) {
        return AllocatorConfig.builder(space).ncpus(NCPUS).lazyPurgeMode(AllocatorConfig.LazyPurgeMode.SYNC);
    }

    /**
     * A new allocator of algorithm {@code name} over the preset {@code space} ({@code x86_64} or
     * {@code x86_32}) with {@link #config}.
     *
     * @throws IllegalStateException if no provider has that name
     * @throws IllegalArgumentException for an unknown preset
     */
    public static VmapAllocator newAllocator(String name, String space) {
        return Providers.allocator(name, config(AddressSpace.preset(space)).build());
    }
}
