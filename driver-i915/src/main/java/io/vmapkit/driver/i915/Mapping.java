package io.vmapkit.driver.i915;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.VmapArea;

/**
 * A kernel mapping of a GEM object's pages: a real vmap (an area of the vmap space, guard page
 * included) or the direct map of a single page ({@code kmap} in 4.7, {@code page_address} later),
 * which takes no vmap space. Immutable.
 *
 * @param type the caching type
 * @param area the vmap area, or {@code null} for the direct map
 */
record Mapping(MapType type, VmapArea area) {

    /** A direct-map mapping of one page. */
    static Mapping direct(MapType type) {
        return new Mapping(type, null);
    }

    /** A vmap through {@code area}. */
    static Mapping vmap(MapType type, VmapArea area) {
        return new Mapping(type, java.util.Objects.requireNonNull(area, "area"));
    }

    /** Whether this is a vmalloc address ({@code is_vmalloc_addr}): what the VMAPS shrink filter asks. */
    boolean isVmap() {
        return area != null;
    }

    @Override
    public String toString() {
        return type + (area == null ? " direct map" : " vmap [" + Addresses.hex(area.start()) + ", "
                + Addresses.hex(area.end()) + ")");
    }
}
