package io.vmapkit.bench;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every benchmark family shares beyond the test_vmalloc workload definitions (which live in
 * one place, {@link TestVmalloc} of the workloads module, also used by {@code vmapkit bench test-vmalloc}):
 * the one allocator configuration all benchmarks use, and rings of pre-drawn random inputs.
 *
 * <p>Random inputs are drawn once, in setup, from a seeded {@link SplittableRandom} into a ring of
 * {@link #RING} entries that the measured method walks: no random-number generation and no
 * request construction is timed (workloads D.2: read inputs from state).
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class Workloads {

    /**
     * The online CPU count the benchmarks configure: 2, as on the project's machines, so
     * {@code lazy_max_pages} is 16,384 pages and a 1-page pair purges about every 8,192 pairs,
     * the kernel's rate (workloads A.4).
     */
    public static final int NCPUS = TestVmalloc.DEFAULT_NCPUS;

    /** Entries in a ring of pre-drawn random inputs; a power of two. */
    public static final int RING = 1 << 14;

    /** {@code RING - 1}, to index a ring with {@code i & RING_MASK}. */
    public static final int RING_MASK = RING - 1;

    /**
     * The seed every benchmark uses unless {@code -p seed=…} overrides it: test_vmalloc's default
     * seed, {@link TestVmalloc#DEFAULT_SEED} (the date of the RFC v3 posting, 2 Jan 2019).
     */
    public static final String DEFAULT_SEED = "" + TestVmalloc.DEFAULT_SEED;

    /** Pre-existing areas of the {@code fragmented} layout ({@link #fragment}). */
    public static final int FRAGMENTED_AREAS = 4096;

    /** The largest pre-existing area and the largest gap of the {@code fragmented} layout, in pages. */
    public static final int FRAGMENTED_MAX_PAGES = 64;

    private Workloads() {}

    /**
     * The {@code fragmented} layout: the vmalloc space of a system that has been running, where other
     * users (module text, ioremaps of device registers, vmalloc'd buffers and tables) hold areas
     * scattered from the bottom of the space with holes between them. From the space's start,
     * {@value #FRAGMENTED_AREAS} times: a hole of 1..{@value #FRAGMENTED_MAX_PAGES} pages, then a live
     * area of 1..{@value #FRAGMENTED_MAX_PAGES} pages plus its guard page, both sizes uniform from
     * {@code seed}. (The principle — sizes of typical small vmalloc users, holes of the same order,
     * placed before the workload starts — is fixed up front; the parameters are not tuned to any
     * result.) Each area is placed at its address by a window request of exactly its size, so the
     * layout is the same under every allocator.
     *
     * @return the pre-existing areas, live; the caller keeps them for the allocator's lifetime
     */
    public static List<VmapArea> fragment(VmapAllocator vmap, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long page = vmap.space().pageSize();
        long addr = vmap.space().start();
        List<VmapArea> areas = new ArrayList<>(FRAGMENTED_AREAS);
        for (int i = 0; i < FRAGMENTED_AREAS; i++) {
            addr += (1 + random.nextInt(FRAGMENTED_MAX_PAGES)) * page;
            long size = (1 + random.nextInt(FRAGMENTED_MAX_PAGES)) * page;
            long reserved = size + page;
            VmapArea a = vmap.allocate(VmapRequest.builder(size).window(addr, addr + reserved).build());
            if (a.start() != addr) {
                throw new IllegalStateException("pre-existing area " + i + " placed at 0x" + Long.toHexString(a.start())
                        + ", not at 0x" + Long.toHexString(addr));
            }
            areas.add(a);
            addr += reserved;
        }
        return areas;
    }

    /** A ring of random_size page counts (1..100) drawn from {@code seed}. */
    public static int[] randomSizeRing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] ring = new int[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = TestVmalloc.randomSizePages(random.nextInt());
        }
        return ring;
    }

    /** A ring of random_size_align requests, size and alignment from one random value each, drawn from {@code seed}. */
    public static VmapRequest[] randomSizeAlignRing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        VmapRequest[] ring = new VmapRequest[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = TestVmalloc.randomSizeAlign(random.nextInt());
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
