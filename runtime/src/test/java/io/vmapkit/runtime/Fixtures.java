package io.vmapkit.runtime;

import io.vmapkit.api.vmap.AddressSpace;

/** The small, deterministic system most runtime tests use, built on the test-only providers by name. */
final class Fixtures {

    static final long START = 0x1000_0000L;
    static final long SIZE = 4L << 20;

    private Fixtures() {}

    /** A builder on the test providers: a 4 MiB custom space, 1024 pages, no system properties. */
    static VmapKit.Builder kit() {
        return VmapKit.builder()
                .ignoreSystemProperties()
                .configure(c -> c.addressSpace(AddressSpace.of(START, SIZE))
                        .allocator("test-first-fit")
                        .notifier("test-chains")
                        .pagePool("test-pool")
                        .pagePoolPages(1024)
                        .ncpus(1));
    }
}
