package io.vmapkit.workloads.testvmalloc;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;

/**
 * The tests of the kernel's {@code lib/test_vmalloc.c}, by their bit in {@code run_test_mask} and
 * their kernel name (lib/test_vmalloc.c, the 2025 layout). Each modelled test runs on a
 * {@link Worker} and returns whether it passed, as the kernel's return 0; a failing one leaves its
 * reason in {@link Worker#failure}. Tests vmapkit does not model are skipped, as the kernel skips
 * pcpu_alloc_test without a per-cpu allocator.
 */
public enum TestCase {

    /** vmalloc {@code nr_pages} pages, vfree, {@code loops} times: the hot path (LE/RE splits). */
    FIX_SIZE(1, "fix_size_alloc_test") {
        @Override
        boolean run(Worker w) {
            VmapRequest r = TestVmalloc.pages(w.nrPages);
            for (int i = 0; i < w.loops; i++) {
                if (!w.pair(r)) {
                    return false;
                }
            }
            return true;
        }
    },

    /**
     * J = fls(ncpus) × 8192 kept 1-page areas interleaved with J junk ones, the junk freed; then
     * 1-page pairs through the exact-fit holes (FL), {@code loops} times.
     */
    FULL_FIT(2, "full_fit_alloc_test") {
        @Override
        boolean run(Worker w) {
            int j = TestVmalloc.fullFitHoles(w.ncpus);
            VmapArea ptr = w.vmalloc(TestVmalloc.pointerArray(j, w.pointerSize));
            VmapArea junkPtr = w.vmalloc(TestVmalloc.pointerArray(j, w.pointerSize));
            VmapArea[] kept = null;
            try {
                if (ptr == null || junkPtr == null) {
                    return false;
                }
                VmapRequest one = TestVmalloc.pages(1);
                try {
                    kept = TestVmalloc.holes(w.vmap, one, one, j, false);
                } catch (VmapAllocationException e) {
                    w.fail("setting up " + j + " holes: " + e.errno() + ": " + e.getMessage());
                    return false;
                }
                for (int i = 0; i < w.loops; i++) {
                    if (!w.pair(one)) {
                        return false;
                    }
                }
                return true;
            } finally {
                if (kept != null) {
                    TestVmalloc.freeAll(w.vmap, kept, kept.length);
                }
                w.vfree(ptr);
                w.vfree(junkPtr);
            }
        }
    },

    /**
     * Holds 15,000 1-page areas; each iteration allocates 100 pages and 1 page and frees both: the
     * busy-list allocator's O(n) worst case.
     */
    LONG_BUSY_LIST(4, "long_busy_list_alloc_test") {
        @Override
        boolean run(Worker w) {
            VmapArea ptr = w.vmalloc(TestVmalloc.pointerArray(TestVmalloc.LONG_BUSY_LIST_HELD, w.pointerSize));
            if (ptr == null) {
                return false;
            }
            VmapArea[] held = null;
            try {
                try {
                    held = TestVmalloc.hold(w.vmap, TestVmalloc.pages(1), TestVmalloc.LONG_BUSY_LIST_HELD);
                } catch (VmapAllocationException e) {
                    w.fail("holding " + TestVmalloc.LONG_BUSY_LIST_HELD + " areas: " + e.errno() + ": " + e.getMessage());
                    return false;
                }
                VmapRequest big = TestVmalloc.pages(TestVmalloc.LONG_BUSY_LIST_BIG_PAGES);
                VmapRequest small = TestVmalloc.pages(1);
                for (int i = 0; i < w.loops; i++) {
                    VmapArea a = w.vmalloc(big);
                    VmapArea b = w.vmalloc(small);
                    w.vfree(a);
                    w.vfree(b);
                    if (a == null || b == null) {
                        return false;
                    }
                    w.pairs += 2;
                }
                return true;
            } finally {
                if (held != null) {
                    TestVmalloc.freeAll(w.vmap, held, held.length);
                }
                w.vfree(ptr);
            }
        }
    },

    /** 1..100 pages, uniform, per iteration. */
    RANDOM_SIZE(8, "random_size_alloc_test") {
        @Override
        boolean run(Worker w) {
            VmapRequest[] byPages = TestVmalloc.requestsByPages(TestVmalloc.RANDOM_SIZE_MAX_PAGES);
            for (int i = 0; i < w.loops; i++) {
                if (!w.pair(byPages[TestVmalloc.randomSizePages(w.random.nextInt())])) {
                    return false;
                }
            }
            return true;
        }
    },

    /** 5 pages aligned to {@code THREAD_ALIGN << 1} (32 KiB by default). */
    FIX_ALIGN(16, "fix_align_alloc_test") {
        @Override
        boolean run(Worker w) {
            VmapRequest r = VmapRequest.builder((long) TestVmalloc.FIX_ALIGN_PAGES * TestVmalloc.PAGE)
                    .align(w.fixAlignBytes).build();
            for (int i = 0; i < w.loops; i++) {
                if (!w.pair(r)) {
                    return false;
                }
            }
            return true;
        }
    },

    /** Size {@code (r % 10 + 1)} pages and alignment {@code 1 << (r % 23)} from one random value r. */
    RANDOM_SIZE_ALIGN(32, "random_size_align_alloc_test") {
        @Override
        boolean run(Worker w) {
            for (int i = 0; i < w.loops; i++) {
                if (!w.pair(TestVmalloc.randomSizeAlign(w.random.nextInt()))) {
                    return false;
                }
            }
            return true;
        }
    },

    /**
     * One page aligned to {@code 1 << i} for i from 0 to 63; huge alignments cannot be satisfied, so
     * this test fails, as the kernel's does.
     */
    ALIGN_SHIFT(64, "align_shift_alloc_test") {
        @Override
        boolean run(Worker w) {
            for (int i = 0; i < TestVmalloc.ALIGN_SHIFT_BITS; i++) {
                long align = 1L << i;
                VmapRequest r = VmapRequest.builder(TestVmalloc.PAGE).align(align).build();
                VmapArea a = w.vmalloc(r);
                if (a == null) {
                    w.failure = "one page aligned to 1 << " + i + " (" + Addresses.hex(align) + ") does not fit "
                            + w.vmap.space();
                    return false;
                }
                w.vfree(a);
                w.pairs++;
            }
            return true;
        }

        @Override
        public boolean expectedToFail() {
            return true;
        }
    },

    /** Not modelled: vmapkit has no per-cpu allocator ({@code pcpu_get_vm_areas}). */
    PCPU(128, "pcpu_alloc_test"),

    /** 1 page, then {@code kvfree_rcu(ptr)}: a deferred free, freed in batches at a grace period. */
    KVFREE_RCU_1_ARG(256, "kvfree_rcu_1_arg_vmalloc_test") {
        @Override
        boolean run(Worker w) {
            return kvfreeRcu(w);
        }
    },

    /**
     * As the one-argument form, with an embedded {@code rcu_head}; the model's deferred-free queue
     * does not tell the two apart.
     */
    KVFREE_RCU_2_ARG(512, "kvfree_rcu_2_arg_vmalloc_test") {
        @Override
        boolean run(Worker w) {
            return kvfreeRcu(w);
        }
    },

    /** Not modelled: vm_map_ram carves per-CPU vmap blocks, which vmapkit does not model. */
    VM_MAP_RAM(1024, "vm_map_ram_test"),

    /**
     * {@code nr_pages} pages with a non-blocking gfp (GFP_ATOMIC or GFP_NOWAIT), then free: the
     * purge notifier must not run for these requests.
     */
    NO_BLOCK(2048, "no_block_alloc_test") {
        @Override
        boolean run(Worker w) {
            VmapRequest r = VmapRequest.builder((long) w.nrPages * TestVmalloc.PAGE).flags(AllocFlag.NON_BLOCKING).build();
            long before = w.notifierCalls.getAsLong();
            for (int i = 0; i < w.loops; i++) {
                w.random.nextBoolean(); // GFP_ATOMIC or GFP_NOWAIT: the same non-blocking request here
                if (!w.pair(r)) {
                    return false;
                }
            }
            long calls = w.notifierCalls.getAsLong() - before;
            if (calls != 0) {
                w.fail("the purge notifier ran " + calls + " time(s) for non-blocking requests");
                return false;
            }
            return true;
        }
    };

    private final int bit;
    private final String kernelName;

    TestCase(int bit, String kernelName) {
        this.bit = bit;
        this.kernelName = kernelName;
    }

    /** The test's bit in {@code run_test_mask}. */
    public int bit() {
        return bit;
    }

    /** The kernel's name, e.g. {@code fix_size_alloc_test}. */
    public String kernelName() {
        return kernelName;
    }

    /** Whether vmapkit models what the test exercises; unmodelled tests are skipped. */
    public boolean modelled() {
        return skipReason().isEmpty();
    }

    /** Why an unmodelled test is skipped; empty for modelled ones. */
    public String skipReason() {
        switch (this) {
            case PCPU: return "not modelled: vmapkit has no per-cpu allocator (pcpu_get_vm_areas)";
            case VM_MAP_RAM: return "not modelled: vm_map_ram's per-CPU vmap blocks are not modelled";
            default: return "";
        }
    }

    /** Whether the test is expected to fail (align_shift: huge alignments cannot be satisfied). */
    public boolean expectedToFail() {
        return false;
    }

    /**
     * Runs the test once.
     *
     * @return whether it passed; on failure {@link Worker#failure} says why
     * @throws UnsupportedOperationException for an unmodelled test
     */
    boolean run(Worker w) {
        throw new UnsupportedOperationException(kernelName + " is " + skipReason());
    }

    private static boolean kvfreeRcu(Worker w) {
        VmapRequest one = TestVmalloc.pages(1);
        try {
            for (int i = 0; i < w.loops; i++) {
                VmapArea a = w.vmalloc(one);
                if (a == null) {
                    return false;
                }
                w.kvfreeRcu(a);
                w.pairs++;
            }
            return true;
        } finally {
            w.gracePeriod();
        }
    }
}
