package io.vmapkit.driver.i915;

import java.util.ArrayDeque;

/**
 * A logical ring context (execlists, gen8+): a ring buffer object and a context image object, both
 * bound in the GGTT, VMA-pinned and pin-mapped for as long as the context lives, plus the requests
 * written to its ring and not yet retired. A full ring makes the next submission wait for the
 * oldest of them ({@code intel_ring_wait_for_space}).
 *
 * <p>Guarded by the device's struct_mutex.
 */
final class GemContext {

    final long id;
    final GemObject ring;
    final GemObject image;
    /** How many requests fit in the ring at once: ring bytes / bytes per request. */
    final int maxRequests;
    final ArrayDeque<Request> outstanding = new ArrayDeque<>();
    boolean destroyed;

    GemContext(long id, GemObject ring, GemObject image, int maxRequests) {
        this.id = id;
        this.ring = ring;
        this.image = image;
        this.maxRequests = maxRequests;
    }

    @Override
    public String toString() {
        return "ctx#" + id + "(ring " + ring.sizePages() + " + image " + image.sizePages() + " pages, "
                + outstanding.size() + "/" + maxRequests + " requests)";
    }
}
