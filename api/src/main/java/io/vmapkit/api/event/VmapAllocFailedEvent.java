package io.vmapkit.api.event;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;
import java.util.Objects;

/**
 * An allocation failed after the overflow path ({@code EBUSY}) or at the descriptor ({@code ENOMEM}).
 * Passed to {@link VmapListener#vmapAllocFailed(VmapAllocFailedEvent)}.
 *
 * <p>Created by vmapkit's implementations for each event; a listener only reads it. A value that
 * vmapkit adds later gets a new accessor (and a new constructor, the old one kept), so a compiled
 * listener keeps working.
 *
 * <p>Immutable and thread-safe; a listener may keep it after the call.
 */
public final class VmapAllocFailedEvent {
    private final VmapRequest request;
    private final Errno errno;
    private final String message;
    private final List<String> claimedProgress;

    /**
     * The event with its values.
     *
     * @param request the request that failed; not null
     * @param errno why: {@code EBUSY} or {@code ENOMEM}; not null
     * @param message the message of the exception the caller gets; not null
     * @param claimedProgress the notifier blocks that claimed progress in the rounds before the failure, in order; unmodifiable; not null
     * @throws NullPointerException if a value documented as non-null is null; the message names it
     */
    public VmapAllocFailedEvent(VmapRequest request, Errno errno, String message, List<String> claimedProgress) {
        this.request = Objects.requireNonNull(request, "request");
        this.errno = Objects.requireNonNull(errno, "errno");
        this.message = Objects.requireNonNull(message, "message");
        this.claimedProgress = List.copyOf(Objects.requireNonNull(claimedProgress, "claimedProgress"));
    }

    /** The request that failed. */
    public VmapRequest request() {
        return request;
    }

    /** Why: {@code EBUSY} or {@code ENOMEM}. */
    public Errno errno() {
        return errno;
    }

    /** The message of the exception the caller gets. */
    public String message() {
        return message;
    }

    /** The notifier blocks that claimed progress in the rounds before the failure, in order; unmodifiable. */
    public List<String> claimedProgress() {
        return claimedProgress;
    }

    /** Equal when every value is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VmapAllocFailedEvent)) {
            return false;
        }
        VmapAllocFailedEvent e = (VmapAllocFailedEvent) o;
        return Objects.equals(request, e.request)
                && Objects.equals(errno, e.errno)
                && Objects.equals(message, e.message)
                && Objects.equals(claimedProgress, e.claimedProgress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, errno, message, claimedProgress);
    }

    @Override
    public String toString() {
        return "VmapAllocFailedEvent["
                + "request=" + request
                + ", errno=" + errno
                + ", message=" + message
                + ", claimedProgress=" + claimedProgress
                + "]";
    }
}
