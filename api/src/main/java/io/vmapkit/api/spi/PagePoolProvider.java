package io.vmapkit.api.spi;

import io.vmapkit.api.page.PagePool;

/** Creates physical page pools. Thread-safe. */
public interface PagePoolProvider extends Discoverable {

    /** A new pool with every page free. */
    PagePool create(PagePoolConfig config);
}
