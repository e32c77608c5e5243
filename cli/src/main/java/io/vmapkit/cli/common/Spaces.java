package io.vmapkit.cli.common;

import io.vmapkit.api.vmap.AddressSpace;

/** The address spaces the commands offer: the two presets, optionally resized. */
public final class Spaces {

    /** The preset names {@code --space} accepts. */
    public static final String PRESETS = "x86_32, x86_64";

    /**
     * The smallest {@code --space-size} the commands accept: 1 MiB (256 pages of 4 KiB). Smaller
     * spaces cannot hold the workloads' own requests at all (the i915 workload's first object takes
     * 4 pages plus a guard page, test_vmalloc's random sizes reach 100 pages), so every run would
     * fail at its first operations; that is a bad value, not a result.
     */
    public static final long MIN_SIZE = 1L << 20;

    private Spaces() {}

    /**
     * The preset {@code preset}, or with {@code size} bytes of vmalloc space when {@code size} is
     * given: for {@code x86_32} as the kernel's {@code vmalloc=<size>} does (a reserve of size +
     * 8 MiB, so the space ends at the preset's VMALLOC_END), for {@code x86_64} a space of that size
     * at VMALLOC_START.
     *
     * @throws IllegalArgumentException naming the bad preset or size (not a page multiple, or below
     *     {@link #MIN_SIZE})
     */
    public static AddressSpace of(String preset, Long size) {
        if (size != null && (size <= 0 || size % AddressSpace.DEFAULT_PAGE_SIZE != 0)) {
            throw new IllegalArgumentException(size + " bytes is not a positive multiple of the page size ("
                    + AddressSpace.DEFAULT_PAGE_SIZE + " bytes)");
        }
        if (size != null && size < MIN_SIZE) {
            throw new IllegalArgumentException(size + " bytes (" + io.vmapkit.api.Addresses.human(size)
                    + ") is below the smallest space the commands run, " + MIN_SIZE + " bytes (1.0 MiB, "
                    + MIN_SIZE / AddressSpace.DEFAULT_PAGE_SIZE + " pages)");
        }
        switch (preset) {
            case "x86_32":
                return size == null ? AddressSpace.x86_32() : AddressSpace.x86_32(size + AddressSpace.X86_32_VMALLOC_OFFSET);
            case "x86_64":
                return size == null ? AddressSpace.x86_64()
                        : AddressSpace.of("x86_64", AddressSpace.X86_64_VMALLOC_START, size, AddressSpace.DEFAULT_PAGE_SIZE);
            default:
                throw new IllegalArgumentException("unknown address space preset '" + preset + "' (known: " + PRESETS + ")");
        }
    }
}
