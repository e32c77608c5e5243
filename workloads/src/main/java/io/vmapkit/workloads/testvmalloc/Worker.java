package io.vmapkit.workloads.testvmalloc;

import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What one test_vmalloc worker ({@code vmalloc_test/N}) runs its tests with: the allocator, its own
 * random generator, the parameters, a deferred-free queue for the kvfree_rcu tests, and counters.
 * "vmalloc" returns {@code null} on failure, as the kernel's does. Used by one thread.
 */
final class Worker {

    final int index;
    final VmapAllocator vmap;
    final SplittableRandom random;
    final int loops;
    final int nrPages;
    final long fixAlignBytes;
    final int ncpus;
    final int pointerSize;
    /** Purge-notifier calls made on this worker's thread so far. */
    final LongSupplier notifierCalls;

    private final ArrayDeque<VmapArea> deferred = new ArrayDeque<>();
    /** Alloc+free pairs completed by the current test. */
    long pairs;
    /** Why the current test failed, if it did. */
    String failure;

    Worker(int index, VmapAllocator vmap, SplittableRandom random, SuiteConfig config, LongSupplier notifierCalls) {
        this.index = index;
        this.vmap = vmap;
        this.random = random;
        this.loops = config.loops();
        this.nrPages = config.nrPages();
        this.fixAlignBytes = config.fixAlignBytes();
        this.ncpus = config.ncpus();
        this.pointerSize = Long.compareUnsigned(config.space().end(), 1L << 32) > 0 ? 8 : 4;
        this.notifierCalls = notifierCalls;
    }

    /** {@code vmalloc}: the area, or {@code null} (with the reason kept) if the allocator failed. */
    VmapArea vmalloc(VmapRequest request) {
        try {
            return vmap.allocate(request);
        } catch (VmapAllocationException e) {
            fail(e.errno() + " for " + request + ": " + e.getMessage());
            return null;
        }
    }

    /** {@code vfree}: frees {@code area}; {@code null} is ignored, as the kernel's vfree(NULL). */
    void vfree(VmapArea area) {
        if (area != null) {
            vmap.free(area);
        }
    }

    /** One alloc+free pair of {@code request}; {@code false} if the allocation failed. */
    boolean pair(VmapRequest request) {
        VmapArea a = vmalloc(request);
        if (a == null) {
            return false;
        }
        vmap.free(a);
        pairs++;
        return true;
    }

    /** {@code kvfree_rcu}: queues {@code area}; a full batch is one grace period, which frees the queue. */
    void kvfreeRcu(VmapArea area) {
        deferred.add(area);
        if (deferred.size() >= TestVmalloc.KVFREE_RCU_BATCH) {
            gracePeriod();
        }
    }

    /** Frees every queued area. */
    void gracePeriod() {
        for (VmapArea a = deferred.poll(); a != null; a = deferred.poll()) {
            vmap.free(a);
        }
    }

    /** Records why the test fails (the first reason is kept). */
    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }
}
