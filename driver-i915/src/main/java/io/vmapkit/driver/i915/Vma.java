package io.vmapkit.driver.i915;

import io.vmapkit.api.vmap.VmapArea;

/**
 * A binding of a GEM object into the GGTT ({@code struct i915_vma}, normal view). A bound VMA holds a
 * pin on its object's pages; a pinned VMA ({@code pin_count > 0}) cannot be unbound; from 4.8 on a
 * VMA may cache an {@code iomap}, an ioremap of its aperture range that takes vmap space until the
 * VMA is unbound.
 *
 * <p>Guarded by the device's struct_mutex, like {@link GemObject}.
 */
final class Vma extends LruList.Node {

    final GemObject obj;
    boolean bound;
    int pinCount;
    /** The cached ioremap of the aperture ({@code vma->iomap}), or null. */
    VmapArea iomap;

    Vma(GemObject obj) {
        this.obj = obj;
    }

    /** {@code vma->node.size >> PAGE_SHIFT}: the object's size (normal view). */
    int nodePages() {
        return obj.sizePages();
    }

    @Override
    public String toString() {
        return "vma(" + obj + (bound ? ", bound" : ", unbound") + (pinCount > 0 ? ", pin " + pinCount : "")
                + (iomap != null ? ", iomap" : "") + ")";
    }
}
