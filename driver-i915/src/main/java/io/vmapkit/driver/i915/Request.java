package io.vmapkit.driver.i915;

import java.util.List;

/**
 * A GPU request ({@code struct drm_i915_gem_request}): a seqno, the context whose ring it was written
 * to, the objects it uses, and the GPU time it takes. Guarded by the device's struct_mutex.
 */
final class Request {

    final long seqno;
    final GemContext context;
    final List<GemObject> objects;
    final long costTicks;
    /** GPU ticks still to run; 0 once completed. */
    long remainingTicks;

    Request(long seqno, GemContext context, List<GemObject> objects, long costTicks) {
        this.seqno = seqno;
        this.context = context;
        this.objects = List.copyOf(objects);
        this.costTicks = costTicks;
        this.remainingTicks = costTicks;
    }

    @Override
    public String toString() {
        return "request#" + seqno + "(" + costTicks + " ticks, " + objects.size() + " objects)";
    }
}
