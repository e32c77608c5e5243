package io.vmapkit.driver.i915;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GL client of the workload (a process using Mesa and libdrm): its contexts, libdrm's buffer
 * cache for batch buffers, and the surfaces it uploads through the aperture.
 *
 * <p><b>The buffer cache</b> behaves as libdrm's {@code drm_intel_gem_bo_alloc}: one FIFO bucket per
 * size; a buffer returns to the tail of its bucket after use, marked DONTNEED; an allocation takes the
 * bucket's head only if the GPU is done with it (else it creates a new buffer), marks it WILLNEED and,
 * if the kernel had purged it meanwhile, frees it together with every purged buffer at the head of the
 * bucket and tries again; buffers idle in the cache for longer than the expiry are freed.
 *
 * <p>Confined to the workload's thread; changes happen under struct_mutex.
 */
final class Client {

    final int id;
    final List<GemContext> contexts = new ArrayList<>();
    /**
     * Buckets indexed by size in pages (null until a buffer of that size is cached); each
     * oldest-freed first. Walked in ascending size, as libdrm's bucket array is.
     */
    private BoBucket[] buckets = new BoBucket[17];
    final List<GemObject> surfaces = new ArrayList<>();

    Client(int id) {
        this.id = id;
    }

    /**
     * A lower bound of the free times at the heads of the buckets ({@code Long.MAX_VALUE} with
     * nothing cached): buffers are appended with the current step, which is never below an older
     * head, and taking a head can only raise the minimum, so the bound stays valid until an expiry
     * scan recomputes it. While it is not below the expiry limit no bucket has anything to expire.
     */
    long oldestHeadBound = Long.MAX_VALUE;

    /** Returns a used buffer to the tail of its bucket at step {@code now}. */
    void cache(GemObject obj, int pages, long now) {
        bucket(pages).addLast(obj, now);
        if (now < oldestHeadBound) {
            oldestHeadBound = now;
        }
    }

    /** The bucket of {@code pages}, made on first use. */
    BoBucket bucket(int pages) {
        if (pages >= buckets.length) {
            buckets = Arrays.copyOf(buckets, Math.max(pages + 1, 2 * buckets.length));
        }
        BoBucket b = buckets[pages];
        if (b == null) {
            b = new BoBucket();
            buckets[pages] = b;
        }
        return b;
    }

    /** One more than the largest bucket size so far: {@link #bucketAt} takes sizes below it. */
    int bucketLimit() {
        return buckets.length;
    }

    /** The bucket of {@code pages} if one was made, else {@code null}; {@code pages < bucketLimit()}. */
    BoBucket bucketAt(int pages) {
        return buckets[pages];
    }

    /** Buffers in the cache now. */
    int cached() {
        int n = 0;
        for (BoBucket b : buckets) {
            n += b == null ? 0 : b.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "client#" + id + "(" + contexts.size() + " contexts, " + cached() + " cached buffers)";
    }
}
