package io.vmapkit.runtime.fakes;

import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.spi.PagePoolConfig;
import io.vmapkit.api.spi.PagePoolProvider;

/** Test-only page-pool provider "test-pool", priority -10 so real providers win by default. */
public final class SimplePoolProvider implements PagePoolProvider {

    /** The provider's name. */
    public static final String NAME = "test-pool";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -10;
    }

    @Override
    public PagePool create(PagePoolConfig config) {
        return new SimplePool(config);
    }
}
