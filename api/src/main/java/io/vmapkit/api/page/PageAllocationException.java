package io.vmapkit.api.page;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;

/** Pages could not be allocated even after reclaim and the OOM chain: {@link Errno#ENOMEM}. */
public class PageAllocationException extends VmapException {
    private static final long serialVersionUID = 1L;

    private final long requestedPages;

    /**
     * @param requestedPages the pages asked for
     * @param message names the request and the pool's state
     */
    public PageAllocationException(long requestedPages, String message) {
        super(Errno.ENOMEM, message);
        this.requestedPages = requestedPages;
    }

    /** The pages asked for. */
    public long requestedPages() {
        return requestedPages;
    }
}
