package io.vmapkit.driver.i915;

import java.util.Locale;

/**
 * The kernel release whose i915 behaviour the model reproduces (docs/fidelity.md §10, §13, §14).
 *
 * <table>
 *   <caption>What each era changes</caption>
 *   <tr><th>era</th><th>pin_map</th><th>vmap purge notifier</th><th>can_release_pages</th><th>count</th></tr>
 *   <tr><td>{@code pre-4.7}</td><td>no cache: a vmap on every pin, a vunmap on every unpin (the 4.5/4.6
 *       ringbuffer's {@code vmap_obj})</td><td>does not exist</td><td>4.7 rule</td><td>4.7</td></tr>
 *   <tr><td>{@code 4.7}</td><td>cached until the pages are released</td><td>shrink
 *       BOUND|UNBOUND|ACTIVE|VMAPS</td><td>{@code pages_pin_count == bound VMAs + pinned VMAs}</td>
 *       <td>no retire</td></tr>
 *   <tr><td>{@code 4.9}</td><td>cached</td><td>as 4.7, after waiting for the GPU to go idle, then
 *       unbind every inactive GGTT VMA holding an iomap</td><td>{@code pages_pin_count <= bind_count}
 *       and no VMA pinned</td><td>retires requests first</td></tr>
 * </table>
 *
 * <p>VMA iomaps ({@code i915_vma_pin_iomap}) exist from 4.8 on, so only {@link #V4_9} caches them;
 * earlier eras write through the aperture a page at a time ({@code io_mapping_map_atomic_wc}), which
 * takes no vmap space. The typed {@code pin_map(obj, type)} of 4.10 is used in every era of the model
 * (4.7 mapped WB only); a type clash can therefore only arise where a caller asks for WC.
 */
enum Era {
    /** Before the pin_map cache: every pin vmaps, every unpin vunmaps. */
    PRE_4_7("pre-4.7"),
    /** The pin_map cache and the vmap purge notifier. */
    V4_7("4.7"),
    /** 4.8–4.10: the notifier also waits for idle and unbinds GGTT iomaps. */
    V4_9("4.9");

    private final String label;

    Era(String label) {
        this.label = label;
    }

    /** The setting value, e.g. {@code 4.7}. */
    String label() {
        return label;
    }

    /** Whether {@code pin_map} keeps the mapping after the last unpin. */
    boolean cachesMappings() {
        return this != PRE_4_7;
    }

    /** Whether the vmap purge notifier chain exists, so the driver can register on it. */
    boolean hasVmapNotifier() {
        return this != PRE_4_7;
    }

    /** Whether GGTT VMAs cache an ioremap of the aperture ({@code vma->iomap}, 4.8+). */
    boolean hasVmaIomaps() {
        return this == V4_9;
    }

    /** Whether the vmap notifier waits for idle and then unbinds inactive iomap VMAs (4.8+). */
    boolean notifierUnbindsIomaps() {
        return this == V4_9;
    }

    /** Whether {@code can_release_pages} uses the 4.9 rule ({@code pages_pin_count <= bind_count}, no pinned VMA). */
    boolean usesBindCountRule() {
        return this == V4_9;
    }

    /** Whether the shrinker's count retires requests before counting (4.9). */
    boolean countRetiresFirst() {
        return this == V4_9;
    }

    /**
     * The era named by a setting value.
     *
     * @throws IllegalArgumentException naming the value and the known eras
     */
    static Era parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (Era e : values()) {
            if (e.label.equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown i915 era '" + value + "' (known: pre-4.7, 4.7, 4.9)");
    }

    @Override
    public String toString() {
        return label;
    }
}
