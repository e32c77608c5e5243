package io.vmapkit.driver.i915;


/**
 * A GPU request ({@code struct drm_i915_gem_request}): a seqno, the context whose ring it was written
 * to, the objects it uses, and the GPU time it takes. Guarded by the device's struct_mutex.
 */
final class Request {

    final long seqno;
    final GemContext context;
    /** The objects it uses; owned by the request, never changed. */
    final GemObject[] objects;
    final long costTicks;
    /** GPU ticks still to run; 0 once completed. */
    long remainingTicks;

    Request(long seqno, GemContext context, GemObject[] objects, long costTicks) {
        this.seqno = seqno;
        this.context = context;
        this.objects = objects;
        this.costTicks = costTicks;
        this.remainingTicks = costTicks;
    }

    @Override
    public String toString() {
        return "request#" + seqno + "(" + costTicks + " ticks, " + objects.length + " objects)";
    }
}
