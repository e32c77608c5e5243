package io.vmapkit.api.vmap;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import java.util.List;
import java.util.Objects;

/**
 * An allocation failed: {@link Errno#EBUSY} when the address space is exhausted after the overflow
 * path, {@link Errno#ENOMEM} when the descriptor allocation failed. The allocator's state is
 * consistent and nothing was allocated.
 */
public class VmapAllocationException extends VmapException {
    private static final long serialVersionUID = 1L;

    private final transient VmapRequest request;
    private final int notifierRounds;
    private final boolean roundCapReached;
    private final List<String> claimedProgress;

    /**
     * @param errno EBUSY or ENOMEM
     * @param message the specific message (for EBUSY, the kernel's warning text)
     * @param request the failing request, window resolved
     * @param notifierRounds how many purge-notifier rounds ran for this allocation
     * @param roundCapReached whether the failure came from vmapkit's round cap rather than a
     *     round in which nothing was freed
     * @param claimedProgress names of the blocks that reported {@code freed > 0} in the last round
     */
    public VmapAllocationException(Errno errno, String message, VmapRequest request, int notifierRounds,
            boolean roundCapReached, List<String> claimedProgress) {
        super(errno, message);
        this.request = Objects.requireNonNull(request, "request");
        this.notifierRounds = notifierRounds;
        this.roundCapReached = roundCapReached;
        this.claimedProgress = List.copyOf(claimedProgress);
    }

    /** The request that failed, with its window resolved. */
    public VmapRequest request() {
        return request;
    }

    /** Purge-notifier rounds run for this allocation. */
    public int notifierRounds() {
        return notifierRounds;
    }

    /** Whether the configured cap on notifier rounds ended the attempt. */
    public boolean roundCapReached() {
        return roundCapReached;
    }

    /** Blocks that claimed progress ({@code freed > 0}) in the last notifier round. */
    public List<String> claimedProgress() {
        return claimedProgress;
    }
}
