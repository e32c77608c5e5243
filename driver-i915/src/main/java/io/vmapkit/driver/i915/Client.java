package io.vmapkit.driver.i915;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

    /** A buffer in the cache and when it went there (the workload's step). */
    record CachedBo(GemObject obj, long freeTime) {}

    final int id;
    final List<GemContext> contexts = new ArrayList<>();
    /** Buckets by size in pages; each oldest-freed first. */
    final TreeMap<Integer, ArrayDeque<CachedBo>> cache = new TreeMap<>();
    final List<GemObject> surfaces = new ArrayList<>();

    Client(int id) {
        this.id = id;
    }

    ArrayDeque<CachedBo> bucket(int pages) {
        return cache.computeIfAbsent(pages, k -> new ArrayDeque<>());
    }

    /** Buffers in the cache now. */
    int cached() {
        int n = 0;
        for (ArrayDeque<CachedBo> b : cache.values()) {
            n += b.size();
        }
        return n;
    }

    @Override
    public String toString() {
        return "client#" + id + "(" + contexts.size() + " contexts, " + cached() + " cached buffers)";
    }
}
