package io.vmapkit.driver.i915;

import io.vmapkit.api.page.PageRun;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A GEM buffer object ({@code struct drm_i915_gem_object}): a size in pages, backing pages from the
 * page pool while it has them, the pins on those pages, its madvise state, its GGTT VMA, whether the
 * GPU is using it, and its cached kernel mapping.
 *
 * <p><b>Pins.</b> {@code pagesPinCount} counts every holder that needs the pages resident: one per
 * bound VMA (a binding pins the pages) and one per {@code pin_map}. While it is not 0 the pages
 * cannot be released ({@code put_pages} refuses with EBUSY), so a pinned object never loses its pages
 * nor its mapping. Pinning a VMA ({@code vma->pin_count}) does not pin pages; it forbids unbinding.
 *
 * <p><b>Life.</b> The object lives while userspace holds its handle, while the GPU uses it (an active
 * object is referenced by its request) and while a reclaim walk holds it; it is freed when all three
 * are gone.
 *
 * <p><b>Threading.</b> Every field is guarded by the device's struct_mutex: read or change it only
 * while holding the mutex, or under a reclaim path that took or stole it. Not thread-safe otherwise.
 */
final class GemObject extends LruList.Node {

    private final long id;
    private final int sizePages;
    private final boolean shmem;

    PageRun pages;
    int pagesPinCount;
    /** {@code pin_map} calls not yet matched by {@code unpin_map}. */
    int mapPins;
    /** Before 4.7: the mappings of the current pins, one per {@code pin_map} call. */
    final Deque<Mapping> transientMaps = new ArrayDeque<>();
    /** 4.7+: the cached mapping, kept until the pages are released. */
    Mapping mapping;
    Madv madv = Madv.WILLNEED;
    /** The normal GGTT VMA, created at the first bind. */
    Vma vma;
    /** The seqno of the last request using the object; 0 if none. */
    long lastRequest;
    boolean active;
    boolean handleOpen = true;
    /** References held by reclaim walks ({@code drm_gem_object_reference}). */
    int holds;
    boolean freed;
    /** The device list the object is on: 0 none, 1 unbound, 2 bound. */
    int list;

    GemObject(long id, int sizePages, boolean shmem) {
        this.id = id;
        this.sizePages = sizePages;
        this.shmem = shmem;
    }

    /** A number unique within the device, for messages. */
    long id() {
        return id;
    }

    /** The size in pages ({@code obj->base.size >> PAGE_SHIFT}). */
    int sizePages() {
        return sizePages;
    }

    /** Whether the object is backed by shmemfs (has a {@code filp}): only those can give pages back. */
    boolean shmem() {
        return shmem;
    }

    boolean hasPages() {
        return pages != null;
    }

    int pagesPinCount() {
        return pagesPinCount;
    }

    Madv madv() {
        return madv;
    }

    boolean isActive() {
        return active;
    }

    boolean isFreed() {
        return freed;
    }

    /** The cached mapping (4.7+), or null. */
    Mapping mapping() {
        return mapping;
    }

    /** Whether the cached mapping is a real vmap (what I915_SHRINK_VMAPS asks). */
    boolean hasVmapMapping() {
        return mapping != null && mapping.isVmap();
    }

    /** Bound VMAs: 0 or 1 (the model binds into the GGTT only). */
    int bindCount() {
        return vma != null && vma.bound ? 1 : 0;
    }

    /** Pinned VMAs: 0 or 1. */
    int pinnedVmaCount() {
        return vma != null && vma.pinCount > 0 ? 1 : 0;
    }

    @Override
    public String toString() {
        return "obj#" + id + "[" + sizePages + " pages" + (pages == null ? ", no pages" : ", pin " + pagesPinCount)
                + (bindCount() > 0 ? ", bound" : "") + (active ? ", active" : "") + ", " + madv
                + (mapping != null ? ", " + mapping : "") + (freed ? ", freed" : "") + "]";
    }
}
