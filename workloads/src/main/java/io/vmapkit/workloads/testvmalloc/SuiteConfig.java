package io.vmapkit.workloads.testvmalloc;

import io.vmapkit.api.vmap.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The test_vmalloc module parameters, as the port takes them (lib/test_vmalloc.c).
 *
 * @param mask {@code run_test_mask}: which tests run, by bit
 * @param loops {@code test_loop_count} (values below 1 become 1, as the kernel forces them)
 * @param repeat {@code test_repeat_count} (values below 1 become 1)
 * @param threads {@code nr_threads}: workers (values below 1 become 1)
 * @param sequential {@code sequential_test_order}; otherwise each worker shuffles its tests
 * @param seed the seed of every random choice (split once per worker)
 * @param nrPages {@code nr_pages}: the size of fix_size and no_block (below 1 becomes 1)
 * @param fixAlignBytes fix_align's alignment, {@code THREAD_ALIGN << 1}
 * @param space the address space
 * @param ncpus online CPUs for {@code lazy_max_pages} and full_fit's hole count
 */
public record SuiteConfig(int mask, int loops, int repeat, int threads, boolean sequential, long seed, int nrPages,
        long fixAlignBytes, AddressSpace space, int ncpus) {

    /** Every test: the kernel's {@code INT_MAX} default before 2025. */
    public static final int ALL_TESTS = Integer.MAX_VALUE;

    /** Applies the kernel's clamps. */
    public SuiteConfig {
        Objects.requireNonNull(space, "space");
        loops = Math.max(1, loops);
        repeat = Math.max(1, repeat);
        threads = Math.max(1, threads);
        nrPages = Math.max(1, nrPages);
        if (ncpus < 1) {
            throw new IllegalArgumentException("ncpus " + ncpus + " must be at least 1");
        }
    }

    /** The selected tests in bit order, skipped ones included. */
    public List<TestCase> selected() {
        List<TestCase> list = new ArrayList<>();
        for (TestCase t : TestCase.values()) {
            if ((mask & t.bit()) != 0) {
                list.add(t);
            }
        }
        return list;
    }
}
