package io.vmapkit.runtime;

import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.api.vmap.AddressSpace;

/** The small, deterministic system most runtime tests use, built on the real providers chosen by name. */
final class Fixtures {

    static final long START = 0x1000_0000L;
    static final long SIZE = 4L << 20;

    private Fixtures() {}

    /** A builder on free-tree and the default chains and pool: a 4 MiB custom space, 1024 pages, no system properties. */
    static VmapKit.Builder kit() {
        return VmapKit.builder()
                .ignoreSystemProperties()
                .configure(c -> c.addressSpace(AddressSpace.of(START, SIZE))
                        .allocator("free-tree")
                        .notifier("default")
                        .pagePool("default")
                        .set(PagePoolSettings.PAGES, 1024L)
                        .ncpus(1));
    }
}
