package io.vmapkit.driver.i915;


/**
 * A GPU request ({@code struct drm_i915_gem_request}): a seqno, the context whose ring it was written
 * to, the objects it uses, and the GPU time it takes. Guarded by the device's struct_mutex.
 *
 * <p>The objects are the ones submitted, in order, then the context's ring and image. The request
 * keeps only the submitted ones, the first in a field of its own (an execbuf of one batch buffer,
 * the usual case, needs no array); the ring and image are the context's.
 */
final class Request {

    /** No further objects. */
    static final GemObject[] NONE = new GemObject[0];

    final long seqno;
    final GemContext context;
    /** The first object submitted, or {@code null} if none was. */
    private final GemObject first;
    /** The objects submitted after the first; owned by the request, never changed. */
    private final GemObject[] more;
    final long costTicks;
    /** GPU ticks still to run; 0 once completed. */
    long remainingTicks;

    /**
     * @param first the first object submitted, or {@code null} for none (then {@code more} is empty)
     * @param more the objects submitted after it, owned by the request from now on
     */
    Request(long seqno, GemContext context, GemObject first, GemObject[] more, long costTicks) {
        if (first == null && more.length != 0) {
            throw new IllegalArgumentException("request with further objects but no first one");
        }
        this.seqno = seqno;
        this.context = context;
        this.first = first;
        this.more = more;
        this.costTicks = costTicks;
        this.remainingTicks = costTicks;
    }

    /** How many objects it uses: the submitted ones, then the context's ring and image. */
    int objectCount() {
        return submitted() + 2;
    }

    /**
     * The {@code i}th object it uses, {@code 0 <= i < objectCount()}: the submitted ones in order,
     * then the context's ring and image.
     */
    GemObject object(int i) {
        int submitted = submitted();
        if (i < submitted) {
            return i == 0 ? first : more[i - 1];
        }
        switch (i - submitted) {
            case 0: return context.ring;
            case 1: return context.image;
            default: throw new IndexOutOfBoundsException("object " + i + " of " + this);
        }
    }

    private int submitted() {
        return first == null ? 0 : 1 + more.length;
    }

    @Override
    public String toString() {
        return "request#" + seqno + "(" + costTicks + " ticks, " + objectCount() + " objects)";
    }
}
