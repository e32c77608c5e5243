package io.vmapkit.driver.i915;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code I915_SHRINK_*} flags of {@code i915_gem_shrink} with their 4.x values (docs/fidelity.md
 * §13.1).
 */
final class ShrinkFlags {
    /** Only objects marked {@code DONTNEED}. */
    static final int PURGEABLE = 0x1;
    /** Walk the unbound list. */
    static final int UNBOUND = 0x2;
    /** Walk the bound list (unbinding what is released). */
    static final int BOUND = 0x4;
    /** Also take active objects, waiting for the GPU to finish with them. */
    static final int ACTIVE = 0x8;
    /** Only objects whose cached mapping is a real vmap (not the direct map of one page). */
    static final int VMAPS = 0x10;

    /** Every defined bit. */
    static final int ALL = PURGEABLE | UNBOUND | BOUND | ACTIVE | VMAPS;

    /** What the vmap purge notifier passes (4.7 onwards). */
    static final int VMAP_NOTIFIER = BOUND | UNBOUND | ACTIVE | VMAPS;

    /** {@code i915_gem_shrink_all}: everything that can go. */
    static final int SHRINK_ALL = BOUND | UNBOUND | ACTIVE;

    /** The first pass of the shrinker's scan. */
    static final int SCAN_FIRST = BOUND | UNBOUND | PURGEABLE;

    /** The second pass of the shrinker's scan. */
    static final int SCAN_SECOND = BOUND | UNBOUND;

    /** The {@code target} meaning "everything" ({@code -1UL}). */
    static final long UNLIMITED = Long.MAX_VALUE;

    private ShrinkFlags() {}

    /**
     * Checks a flag word.
     *
     * @throws IllegalArgumentException naming undefined bits
     */
    static int check(int flags) {
        if ((flags & ~ALL) != 0) {
            throw new IllegalArgumentException("undefined i915 shrink flags 0x" + Integer.toHexString(flags & ~ALL)
                    + " in 0x" + Integer.toHexString(flags) + " (defined: " + describe(ALL) + ")");
        }
        return flags;
    }

    /** The flags as the kernel spells them, e.g. {@code BOUND|UNBOUND}. */
    static String describe(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & PURGEABLE) != 0) {
            names.add("PURGEABLE");
        }
        if ((flags & UNBOUND) != 0) {
            names.add("UNBOUND");
        }
        if ((flags & BOUND) != 0) {
            names.add("BOUND");
        }
        if ((flags & ACTIVE) != 0) {
            names.add("ACTIVE");
        }
        if ((flags & VMAPS) != 0) {
            names.add("VMAPS");
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
