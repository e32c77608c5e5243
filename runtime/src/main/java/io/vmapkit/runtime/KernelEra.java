package io.vmapkit.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A kernel preset ({@link VmapConfig#KERNEL}, {@code vmapkit.kernel}): "behave like Linux X". The
 * runtime's own part of a preset is the allocator of that release ({@link #allocator()}); what the
 * preset means for each provider setting is the provider's answer to
 * {@link io.vmapkit.api.spi.Configurable#preset(String)} with {@link #value()}, which the system
 * merges below explicit keys and above the defaults ({@code docs/configuration.md}, "Kernel
 * presets"). Providers set every era-dependent switch to what the release does and turn every
 * vmapkit improvement that has a setting off.
 *
 * <p>Presets exist only for releases where the kernel model determines every switch: {@code 4.7}
 * (the purge notifier is merged; the busy-list allocator), {@code 5.2} (the free-tree allocator as
 * merged), {@code 6.x} (≈6.3–6.6), and {@code 6.9}, {@code 6.12}, {@code 6.18} (the vmap nodes of
 * 6.9+, the {@code vmap-nodes} allocator). Releases between 5.2 and 6.x have none (at least one switch
 * is undetermined there); before 4.7 there is no purge notifier, which no setting removes.
 *
 * <p>Immutable.
 */
public enum KernelEra {

    /** Linux 4.7: busy-list allocator, the notifier's first release. */
    V4_7("4.7", "busy-list-kernel"),
    /** Linux 5.2: the free-tree allocator as merged. */
    V5_2("5.2", "free-tree"),
    /** Linux 6.x (≈6.3–6.6, before the 6.9 vmap nodes). */
    V6_X("6.x", "free-tree"),
    /** Linux 6.9: the vmap nodes, their size pools and the 6.9 failure message ({@code vmap-nodes}). */
    V6_9("6.9", "vmap-nodes"),
    /** Linux 6.12: as 6.9 for every modelled rule. */
    V6_12("6.12", "vmap-nodes"),
    /** Linux 6.18: as 6.9 but the 2025 pool decay, which keeps pools of fewer than 4 areas. */
    V6_18("6.18", "vmap-nodes");

    /** The configuration value meaning "no preset": vmapkit's defaults. */
    public static final String NONE = "none";

    private final String value;
    private final String allocator;

    KernelEra(String value, String allocator) {
        this.value = value;
        this.allocator = allocator;
    }

    /** The configuration value: {@code 4.7}, {@code 5.2}, {@code 6.x}, {@code 6.9}, {@code 6.12} or {@code 6.18}. */
    public String value() {
        return value;
    }

    /**
     * The preset spelled {@code value} (as {@link #value()}, case-insensitive, surrounding blanks
     * ignored).
     *
     * @throws IllegalArgumentException naming the value and every valid one
     */
    public static KernelEra fromValue(String value) {
        Objects.requireNonNull(value, "value");
        for (KernelEra e : values()) {
            if (e.value.equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown kernel preset; use one of " + validValues()
                + " (presets exist only for releases whose every era switch the kernel model determines; see "
                + "docs/configuration.md, \"Kernel presets\")");
    }

    /** Every valid value, {@value #NONE} included: {@code 4.7, 5.2, 6.x, 6.9, 6.12, 6.18, none}. */
    static String validValues() {
        return String.join(", ", Arrays.stream(values()).map(KernelEra::value).toList()) + ", " + NONE;
    }

    /** The allocator provider: {@code busy-list-kernel} before 5.2, {@code free-tree} from 5.2, {@code vmap-nodes} from 6.9. */
    public String allocator() {
        return allocator;
    }

    @Override
    public String toString() {
        return value;
    }
}
