package io.vmapkit.driver.i915;

import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The i915 device: struct_mutex, the GEM objects and their lists, the GGTT, the GPU and its requests,
 * and the operations of {@code i915_gem.c} that the vmap story needs (docs/fidelity.md §11, §14).
 *
 * <p><b>Lists.</b> An object with pages is on exactly one of the <em>unbound</em> list (no bound VMA)
 * and the <em>bound</em> list; the bound list splits into <em>active</em> and <em>inactive</em>
 * objects (the GGTT keeps its VMAs on matching active and inactive lists), and the <em>purgeable</em>
 * objects are those marked DONTNEED. Lists are kept in LRU order: using an object moves it to the
 * tail, reclaim walks from the head.
 *
 * <p><b>Pin before you allocate.</b> Any allocation — pages from the pool, which may run reclaim and
 * so this driver's own shrinker; vmap space, which may run the vmap purge notifier — can re-enter the
 * driver on the same thread, and the re-entered path steals struct_mutex and releases whatever is
 * releasable. So every path pins what it will use before it allocates: {@link #pinMap} pins the
 * pages before it creates a mapping, {@link #pinIomap} pins the VMA before it ioremaps, and creating a
 * mapping of an unpinned object is refused as a model error.
 *
 * <p><b>Threading.</b> Every operation except {@link #structMutex()}, {@link #stats()} and the
 * no-lock-stealing flag requires the caller to hold struct_mutex (or to run in a reclaim path that
 * took or stole it); this is checked, and a violation is a model error
 * ({@link IllegalStateException}). Operations that allocate may call the driver's shrinker and
 * notifiers re-entrantly on the calling thread.
 */
final class Device {

    /** x86 {@code IOREMAP_MAX_ORDER}: 7 + PAGE_SHIFT, so ioremaps align to at most 512 KiB. */
    static final int IOREMAP_MAX_ORDER_PAGES_SHIFT = 7;

    /** Objects up to this many pages reuse one vmap request per size ({@link #vmapRequest}). */
    static final int MAX_REUSED_REQUEST_PAGES = 1024;

    /** How the pages of an object were released. */
    enum PutPages {
        /** The pages went back to the pool and the cached mapping was dropped. */
        RELEASED,
        /** The object had no pages. */
        NO_PAGES,
        /** The pages are pinned: EBUSY, nothing changed. */
        BUSY
    }

    private final StructMutex structMutex = new StructMutex();
    private final VmapAllocator allocator;
    /** The owner the driver's vmap requests name: its plugin, which its context tags them with anyway. */
    private final String vmapOwner;
    private final PagePool pagePool;
    private final I915Settings settings;
    private final Era era;
    private final I915Stats stats;
    private final int pageSize;
    private final int pageShift;

    private final Ggtt ggtt = new Ggtt();
    private final Gpu gpu = new Gpu();
    /** Submitted and not yet retired, in seqno order. */
    private final ArrayDeque<Request> inflight = new ArrayDeque<>();
    private final LruList<GemObject> unboundList = new LruList<>("unbound list");
    private final LruList<GemObject> boundList = new LruList<>("bound list");
    private final LinkedHashSet<GemObject> objects = new LinkedHashSet<>();
    private final List<GemContext> contexts = new ArrayList<>();
    /** {@link #vmapRequest} by size in pages, made on first use. */
    private VmapRequest[] vmapRequests = new VmapRequest[32];
    private volatile boolean shrinkerNoLockStealing;
    private volatile boolean closed;
    private long nextObjectId = 1;
    private long nextSeqno = 1;
    private long nextContextId = 1;

    /**
     * @param allocator the plugin context's allocator
     * @param vmapOwner the plugin's name, which the vmap requests name as their owner
     */
    Device(VmapAllocator allocator, PagePool pagePool, I915Settings settings, I915Stats stats, String vmapOwner) {
        this.allocator = allocator;
        this.vmapOwner = Objects.requireNonNull(vmapOwner, "vmapOwner");
        this.pagePool = pagePool;
        this.settings = settings;
        this.era = settings.era();
        this.stats = stats;
        this.pageSize = allocator.space().pageSize();
        this.pageShift = Integer.numberOfTrailingZeros(pageSize);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /** struct_mutex. */
    StructMutex structMutex() {
        return structMutex;
    }

    I915Stats stats() {
        return stats;
    }

    I915Settings settings() {
        return settings;
    }

    Era era() {
        return era;
    }

    int pageSize() {
        return pageSize;
    }

    /** {@code mm.shrinker_no_lock_stealing}: set around paths where the shrinker must not steal. */
    boolean shrinkerNoLockStealing() {
        return shrinkerNoLockStealing;
    }

    /** Sets {@code mm.shrinker_no_lock_stealing} (the kernel sets it around mmap-offset retries). */
    void setShrinkerNoLockStealing(boolean on) {
        this.shrinkerNoLockStealing = on;
    }

    /** Whether {@link #fini()} has run. */
    boolean isClosed() {
        return closed;
    }

    private void checkLocked(String operation) {
        structMutex.assertHeld(operation);
        if (closed) {
            throw new IllegalStateException(operation + " on an i915 device that was uninstalled");
        }
    }

    private static void checkAlive(GemObject o, String operation) {
        if (o.freed) {
            throw new IllegalStateException(operation + " on freed " + o);
        }
    }

    // ---- objects and pages ---------------------------------------------------------------------

    /** A new shmem-backed object without pages ({@code i915_gem_object_create}). */
    GemObject createObject(int sizePages) {
        return createObject(sizePages, true);
    }

    /**
     * A new object without pages.
     *
     * @param shmem whether it is shmemfs-backed (only those can give pages back)
     * @throws IllegalArgumentException if the size is not positive or exceeds the page pool
     */
    GemObject createObject(int sizePages, boolean shmem) {
        checkLocked("i915_gem_object_create");
        if (sizePages < 1 || sizePages > pagePool.totalPages()) {
            throw new IllegalArgumentException("GEM object of " + sizePages + " pages: must be 1 to "
                    + pagePool.totalPages() + " (the page pool)");
        }
        GemObject o = new GemObject(nextObjectId++, sizePages, shmem);
        objects.add(o);
        return o;
    }

    /**
     * {@code i915_gem_object_get_pages}: takes backing pages from the pool if the object has none. The
     * pool may run reclaim, which calls this driver's shrinker on this thread.
     *
     * @throws IllegalStateException if the object is purgeable (the kernel's -EFAULT)
     * @throws PageAllocationException when the pool cannot supply the pages
     */
    void getPages(GemObject o) {
        checkLocked("get_pages");
        checkAlive(o, "get_pages");
        if (o.pages != null) {
            return;
        }
        if (o.madv != Madv.WILLNEED) {
            throw new IllegalStateException("get_pages on " + o + ": the object is purgeable (the kernel returns -EFAULT)");
        }
        try {
            o.pages = pagePool.allocate(o.sizePages(), "", true);
        } catch (PageAllocationException e) {
            stats.pageAllocFailures.increment();
            throw e;
        }
        if (o.freed || o.pages == null) {
            throw new IllegalStateException("model error: " + o + " changed while its pages were allocated");
        }
        o.list = 1;
        unboundList.addLast(o);
    }

    /** {@code i915_gem_object_pin_pages}. */
    void pinPages(GemObject o) {
        checkLocked("pin_pages");
        checkAlive(o, "pin_pages");
        if (o.pages == null) {
            throw new IllegalStateException("pin_pages on " + o + ", which has no pages");
        }
        o.pagesPinCount++;
    }

    /** {@code i915_gem_object_unpin_pages}. */
    void unpinPages(GemObject o) {
        checkLocked("unpin_pages");
        if (o.pagesPinCount <= 0) {
            throw new IllegalStateException("unpin_pages on " + o + ", whose pages are not pinned");
        }
        o.pagesPinCount--;
    }

    /**
     * {@code i915_gem_object_put_pages} (4.7): refuses while the pages are pinned, otherwise drops the
     * cached mapping (a lazy vunmap; a direct map needs nothing), returns the pages to the pool, and
     * discards the contents of a DONTNEED object (it becomes PURGED).
     */
    PutPages putPages(GemObject o) {
        checkLocked("put_pages");
        if (o.pages == null) {
            return PutPages.NO_PAGES;
        }
        if (o.pagesPinCount != 0) {
            return PutPages.BUSY;
        }
        if (o.bindCount() != 0) {
            throw new IllegalStateException("model error: " + o + " is bound with unpinned pages");
        }
        dropMapping(o);
        pagePool.free(o.pages);
        o.pages = null;
        unboundList.remove(o);
        o.list = 0;
        stats.putPages.increment();
        if (o.madv == Madv.DONTNEED) {
            o.madv = Madv.PURGED;
            stats.objectsPurged.increment();
        }
        return PutPages.RELEASED;
    }

    /**
     * {@code i915_gem_madvise_ioctl}: sets WILLNEED or DONTNEED unless the object was already purged;
     * a DONTNEED object without pages is purged at once.
     *
     * @return whether the contents are retained (not PURGED)
     * @throws IllegalArgumentException for {@link Madv#PURGED}, which is not an advice
     */
    boolean madvise(GemObject o, Madv advice) {
        checkLocked("madvise");
        checkAlive(o, "madvise");
        if (advice == Madv.PURGED) {
            throw new IllegalArgumentException("madvise " + advice + ": only WILLNEED and DONTNEED can be advised");
        }
        if (o.madv != Madv.PURGED) {
            o.madv = advice;
        }
        if (o.madv == Madv.DONTNEED && o.pages == null) {
            o.madv = Madv.PURGED;
            stats.objectsPurged.increment();
        }
        return o.madv != Madv.PURGED;
    }

    // ---- pin_map -------------------------------------------------------------------------------

    /**
     * {@code i915_gem_object_pin_map(obj, type)}: pins the pages first, then returns the cached
     * mapping or creates one (docs/fidelity.md §14).
     *
     * <ol>
     *   <li>Note whether someone else already pinned the pages; get the pages if needed; pin them.
     *       Nothing is allocated before this pin except the pages themselves.</li>
     *   <li>Before 4.7: map now, every call (the mapping lives until the matching unpin).</li>
     *   <li>A cached mapping of the other type: EBUSY if the pages were pinned before (another user
     *       may rely on it), else drop it.</li>
     *   <li>Return the cached mapping (a hit), or create one: the direct map for a single-page WB
     *       object, otherwise a vmap through the allocator, which may run the vmap purge notifier on
     *       this thread.</li>
     * </ol>
     * On failure the pin is undone; the pages stay (they go with the object or the shrinker).
     *
     * @throws VmapException EBUSY on a type clash with a pinned mapping; ENOMEM when the vmap fails,
     *     as the kernel's {@code vmap()} returns NULL and {@code pin_map} {@code -ENOMEM} whatever made
     *     the allocation fail (the cause is the allocator's {@link VmapAllocationException}, EBUSY
     *     when the space is exhausted)
     * @throws PageAllocationException when pages cannot be had (ENOMEM)
     */
    Mapping pinMap(GemObject o, MapType type) {
        checkLocked("pin_map");
        checkAlive(o, "pin_map");
        stats.pinMapCalls.increment();
        boolean pinnedBefore = o.pagesPinCount > 0;
        getPages(o);
        pinPages(o);
        o.mapPins++;
        boolean done = false;
        try {
            Mapping m;
            if (!era.cachesMappings()) {
                m = createMapping(o, type);
                o.transientMaps.push(m);
            } else {
                m = o.mapping;
                if (m != null && m.type() != type) {
                    if (pinnedBefore) {
                        stats.mapTypeClashes.increment();
                        throw new VmapException(Errno.EBUSY, "pin_map(" + type + ") of " + o
                                + ": a pinned mapping of type " + m.type() + " is in use (EBUSY)");
                    }
                    dropMapping(o);
                    m = null;
                }
                if (m != null) {
                    stats.cacheHits.increment();
                } else {
                    m = createMapping(o, type);
                    o.mapping = m;
                }
            }
            if (m.isVmap() && (!era.cachesMappings() || o.mapPins == 1)) {
                stats.pinned(pagesOf(m));
            }
            done = true;
            return m;
        } finally {
            if (!done) {
                o.mapPins--;
                unpinPages(o);
            }
        }
    }

    private long pagesOf(Mapping m) {
        return m.area().reservedSize() >> pageShift;
    }

    /**
     * {@code i915_gem_object_unpin_map}: unpins the pages. From 4.7 the mapping stays cached until the
     * pages are released; before 4.7 this call's mapping is vunmapped now.
     *
     * @throws IllegalStateException if the object has no {@code pin_map} outstanding
     */
    void unpinMap(GemObject o) {
        checkLocked("unpin_map");
        checkAlive(o, "unpin_map");
        if (o.mapPins <= 0) {
            throw new IllegalStateException("unpin_map on " + o + " without a pin_map");
        }
        if (!era.cachesMappings()) {
            Mapping m = o.transientMaps.pop();
            if (m.isVmap()) {
                stats.unpinned(pagesOf(m));
            }
            release(m);
        } else if (o.mapPins == 1 && o.mapping.isVmap()) {
            stats.unpinned(pagesOf(o.mapping));
        }
        o.mapPins--;
        unpinPages(o);
    }

    /**
     * Creates a mapping of {@code o}'s pages: the step that allocates vmap space and may therefore
     * run the purge notifier, which steals struct_mutex. The pages must be pinned already; mapping an
     * unpinned object is a model error, because the re-entered notifier could release its pages.
     *
     * <p>A failed vmap is {@code vmap()} returning NULL: whatever the allocator reported (EBUSY when
     * the space is exhausted, counted in {@code allocFailures}; ENOMEM when the descriptor
     * could not be had), the driver sees ENOMEM (docs/fidelity.md §14.1).
     *
     * @throws VmapException ENOMEM when the vmap fails, the allocator's exception as its cause
     * @throws IllegalStateException if the pages are not pinned
     */
    Mapping createMapping(GemObject o, MapType type) {
        checkLocked("pin_map");
        if (o.pages == null || o.pagesPinCount <= 0) {
            throw new IllegalStateException("model error: mapping " + o + " whose pages are not pinned; "
                    + "pin_map must pin the pages before any allocation (docs/fidelity.md §11.3)");
        }
        if (type == MapType.WB && o.sizePages() == 1) {
            stats.directMaps.increment();
            return Mapping.direct(type);
        }
        VmapArea area;
        try {
            area = allocator.allocate(vmapRequest(o.sizePages()));
        } catch (VmapAllocationException e) {
            if (e.errno() == Errno.EBUSY) {
                stats.allocFailures.increment();
            }
            throw new VmapException(Errno.ENOMEM, "pin_map(" + type + ") of " + o + ": vmap of "
                    + o.sizePages() + " pages failed (" + e.errno() + ": " + e.getMessage() + ")", e);
        }
        if (o.pages == null || o.pagesPinCount <= 0 || o.freed) {
            throw new IllegalStateException("model error: " + o + " lost its pinned pages while it was being mapped");
        }
        stats.vmaps.increment();
        stats.mapped(area.reservedSize() >> pageShift);
        return Mapping.vmap(type, area);
    }

    /**
     * The request a vmap of {@code pages} pages makes, naming this driver's plugin as owner; up to
     * {@link #MAX_REUSED_REQUEST_PAGES} pages the same object each time. The plugin context passes a
     * request that names its plugin on as it is, so a {@code pin_map} makes no request objects of
     * its own (the allocator's window-resolved copy lives only inside the allocation).
     */
    VmapRequest vmapRequest(int pages) {
        if (pages > MAX_REUSED_REQUEST_PAGES) {
            return newVmapRequest(pages);
        }
        if (pages >= vmapRequests.length) {
            vmapRequests = Arrays.copyOf(vmapRequests, Math.max(pages + 1, 2 * vmapRequests.length));
        }
        VmapRequest r = vmapRequests[pages];
        if (r == null) {
            r = newVmapRequest(pages);
            vmapRequests[pages] = r;
        }
        return r;
    }

    private VmapRequest newVmapRequest(int pages) {
        return VmapRequest.builder((long) pages << pageShift).owner(vmapOwner).build();
    }

    /** Drops the cached mapping (vunmap, lazily; a direct map needs nothing). */
    private void dropMapping(GemObject o) {
        Mapping m = o.mapping;
        if (m == null) {
            return;
        }
        o.mapping = null;
        release(m);
    }

    private void release(Mapping m) {
        if (m.isVmap()) {
            stats.unmapped(m.area().reservedSize() >> pageShift);
            allocator.free(m.area());
            stats.vunmaps.increment();
        }
    }

    // ---- GGTT ----------------------------------------------------------------------------------

    /**
     * Binds {@code o} into the GGTT (getting and pinning its pages for the binding) and returns its
     * VMA; an already bound object just returns it.
     *
     * @throws PageAllocationException when pages cannot be had
     */
    Vma bind(GemObject o) {
        checkLocked("i915_vma_bind");
        checkAlive(o, "i915_vma_bind");
        if (o.vma != null && o.vma.bound) {
            return o.vma;
        }
        getPages(o);
        pinPages(o);
        if (o.vma == null) {
            o.vma = new Vma(o);
        }
        Vma vma = o.vma;
        vma.bound = true;
        unboundList.remove(o);
        boundList.addLast(o);
        o.list = 2;
        ggtt.insert(vma);
        return vma;
    }

    /**
     * {@code i915_vma_unbind}: refuses a pinned VMA; waits for the GPU if the object is active; drops
     * the VMA's iomap (lazily); releases the binding's pin on the pages.
     *
     * @return {@code true} if the VMA is unbound now, {@code false} for EBUSY (pinned)
     */
    boolean unbind(Vma vma) {
        checkLocked("i915_vma_unbind");
        if (!vma.bound) {
            return true;
        }
        if (vma.pinCount > 0) {
            return false;
        }
        GemObject o = vma.obj;
        hold(o);
        try {
            if (o.active) {
                waitForSeqno(o.lastRequest);
            }
            if (!vma.bound) {
                return true;
            }
            if (vma.pinCount > 0) {
                return false;
            }
            dropIomap(vma);
            vma.bound = false;
            ggtt.remove(vma);
            boundList.remove(o);
            o.list = 1;
            unboundList.addLast(o);
            unpinPages(o);
            stats.unbinds.increment();
            return true;
        } finally {
            releaseHold(o);
        }
    }

    /** {@code i915_vma_pin}: the VMA cannot be unbound until unpinned. */
    void pinVma(Vma vma) {
        checkLocked("i915_vma_pin");
        if (!vma.bound) {
            throw new IllegalStateException("pin of " + vma + ", which is not bound");
        }
        vma.pinCount++;
    }

    /** {@code i915_vma_unpin}. */
    void unpinVma(Vma vma) {
        checkLocked("i915_vma_unpin");
        if (vma.pinCount <= 0) {
            throw new IllegalStateException("unpin of " + vma + ", which is not pinned");
        }
        vma.pinCount--;
    }

    /**
     * {@code i915_vma_pin_iomap} (4.8+): pins the VMA, then returns its cached ioremap of the aperture
     * or creates one through the allocator (the ioremap alignment rule, a guard page). The iomap stays
     * until the VMA is unbound.
     *
     * @throws IllegalStateException in eras without VMA iomaps, or for an unbound VMA
     * @throws VmapAllocationException when the vmap space is exhausted
     */
    VmapArea pinIomap(Vma vma) {
        checkLocked("i915_vma_pin_iomap");
        if (!era.hasVmaIomaps()) {
            throw new IllegalStateException("VMA iomaps arrived in 4.8; era " + era + " has none");
        }
        pinVma(vma);
        if (vma.iomap != null) {
            return vma.iomap;
        }
        long size = (long) vma.nodePages() << pageShift;
        VmapArea area;
        try {
            area = allocator.allocate(VmapRequest.builder(size).align(ioremapAlign(size)).build());
        } catch (RuntimeException e) {
            vma.pinCount--;
            if (e instanceof VmapAllocationException && ((VmapAllocationException) e).errno() == Errno.EBUSY) {
                stats.allocFailures.increment();
            }
            throw e;
        }
        if (!vma.bound) {
            throw new IllegalStateException("model error: pinned " + vma + " was unbound while it was ioremapped");
        }
        vma.iomap = area;
        stats.iomaps.increment();
        stats.mapped(area.reservedSize() >> pageShift);
        return area;
    }

    /** {@code i915_vma_unpin_iomap}: unpins the VMA; the iomap stays cached. */
    void unpinIomap(Vma vma) {
        checkLocked("i915_vma_unpin_iomap");
        if (vma.iomap == null) {
            throw new IllegalStateException("unpin_iomap of " + vma + ", which has no iomap");
        }
        unpinVma(vma);
    }

    /**
     * The alignment {@code __get_vm_area_node} gives a VM_IOREMAP area of {@code size} bytes:
     * {@code 1 << clamp(get_order(size) + PAGE_SHIFT, PAGE_SHIFT, IOREMAP_MAX_ORDER)}.
     */
    long ioremapAlign(long size) {
        long pages = (size + pageSize - 1) >> pageShift;
        int order = 64 - Long.numberOfLeadingZeros(pages - 1);
        order = Math.max(0, Math.min(order, IOREMAP_MAX_ORDER_PAGES_SHIFT));
        return (long) pageSize << order;
    }

    private void dropIomap(Vma vma) {
        VmapArea io = vma.iomap;
        if (io == null) {
            return;
        }
        vma.iomap = null;
        stats.unmapped(io.reservedSize() >> pageShift);
        allocator.free(io);
        stats.iounmaps.increment();
    }

    // ---- life of objects -----------------------------------------------------------------------

    /** A reclaim walk's reference ({@code drm_gem_object_reference}): the object is not freed meanwhile. */
    void hold(GemObject o) {
        o.holds++;
    }

    /** Drops a {@link #hold}; frees the object if nothing else keeps it. */
    void releaseHold(GemObject o) {
        if (o.holds <= 0) {
            throw new IllegalStateException("model error: release of " + o + " without a hold");
        }
        o.holds--;
        maybeFree(o);
    }

    /**
     * Userspace closes its handle ({@code GEM_CLOSE}). An idle object is freed now; an active one
     * lives on until its last request retires.
     */
    void close(GemObject o) {
        checkLocked("gem_close");
        checkAlive(o, "gem_close");
        if (!o.handleOpen) {
            throw new IllegalStateException("gem_close of " + o + ", whose handle is already closed");
        }
        o.handleOpen = false;
        maybeFree(o);
    }

    private void maybeFree(GemObject o) {
        if (!o.freed && !o.handleOpen && !o.active && o.holds == 0) {
            free(o);
        }
    }

    /** {@code i915_gem_free_object}: unbind, release the pages (and so the mapping), forget. */
    private void free(GemObject o) {
        if (o.mapPins != 0 || (o.vma != null && o.vma.pinCount != 0)) {
            throw new IllegalStateException("model error: freeing " + o + " while it is pinned");
        }
        o.holds++; // the unbind's own hold must not free the object again when it drops
        try {
            if (o.vma != null && !unbind(o.vma)) {
                throw new IllegalStateException("model error: cannot unbind " + o.vma + " of a freed object");
            }
        } finally {
            o.holds--;
        }
        if (putPagesForFree(o) == PutPages.BUSY) {
            throw new IllegalStateException("model error: " + o + " has pinned pages when freed");
        }
        o.freed = true;
        o.vma = null;
        objects.remove(o);
    }

    private PutPages putPagesForFree(GemObject o) {
        if (o.pages == null) {
            return PutPages.NO_PAGES;
        }
        if (o.pagesPinCount != 0) {
            return PutPages.BUSY;
        }
        dropMapping(o);
        pagePool.free(o.pages);
        o.pages = null;
        unboundList.remove(o);
        o.list = 0;
        stats.putPages.increment();
        return PutPages.RELEASED;
    }

    // ---- GPU -----------------------------------------------------------------------------------

    /**
     * Submits a request on {@code ctx}'s ring using {@code used} (all bound): waits for ring space
     * first, then marks the objects — and the context's ring and image — active.
     *
     * @param costTicks GPU ticks the request runs, at least 1
     */
    Request submit(GemContext ctx, List<GemObject> used, long costTicks) {
        checkSubmit(ctx);
        for (GemObject o : used) {
            checkSubmittable(o);
        }
        GemObject[] given = used.toArray(new GemObject[0]);
        return given.length == 0 ? enqueue(ctx, null, Request.NONE, costTicks)
                : enqueue(ctx, given[0], Arrays.copyOfRange(given, 1, given.length), costTicks);
    }

    /**
     * Submits a request using one object, {@code batch}: {@link #submit(GemContext, List, long)}
     * with a list of that one object, without making the list.
     */
    Request submit(GemContext ctx, GemObject batch, long costTicks) {
        Objects.requireNonNull(batch, "batch");
        checkSubmit(ctx);
        checkSubmittable(batch);
        return enqueue(ctx, batch, Request.NONE, costTicks);
    }

    private void checkSubmit(GemContext ctx) {
        checkLocked("execbuffer");
        if (ctx.destroyed) {
            throw new IllegalStateException("submit on destroyed " + ctx);
        }
    }

    /** The rest of a checked submit: waits for ring space, queues the request, marks its objects active. */
    private Request enqueue(GemContext ctx, GemObject first, GemObject[] more, long costTicks) {
        while (ctx.outstanding.size() >= ctx.maxRequests) {
            stats.ringWaits.increment();
            waitForSeqno(ctx.outstanding.peekFirst().seqno);
        }
        Request r = new Request(nextSeqno++, ctx, first, more, costTicks);
        gpu.submit(r);
        inflight.add(r);
        ctx.outstanding.add(r);
        for (int i = 0, n = r.objectCount(); i < n; i++) {
            moveToActive(r.object(i), r.seqno);
        }
        stats.requestsSubmitted.increment();
        return r;
    }

    private static void checkSubmittable(GemObject o) {
        checkAlive(o, "execbuffer");
        if (o.bindCount() == 0) {
            throw new IllegalStateException("execbuffer with " + o + ", which is not bound");
        }
    }

    private void moveToActive(GemObject o, long seqno) {
        o.lastRequest = seqno;
        o.active = true;
        ggtt.moveToActive(o.vma);
        boundList.remove(o);
        boundList.addLast(o);
    }

    /** Runs the GPU for {@code ticks}; completed requests are retired later. */
    void advanceGpu(long ticks) {
        checkLocked("gpu");
        gpu.advance(ticks);
    }

    /** {@code i915_gem_retire_requests}: retires every completed request, in order. */
    void retireRequests() {
        checkLocked("i915_gem_retire_requests");
        while (!inflight.isEmpty() && gpu.completed(inflight.peekFirst().seqno)) {
            retire(inflight.pollFirst());
        }
    }

    private void retire(Request r) {
        GemContext ctx = r.context;
        if (ctx.outstanding.peekFirst() == r) {
            ctx.outstanding.pollFirst();
        } else {
            ctx.outstanding.remove(r);
        }
        for (int i = 0, n = r.objectCount(); i < n; i++) {
            GemObject o = r.object(i);
            if (o.active && o.lastRequest == r.seqno) {
                o.active = false;
                if (o.vma != null && o.vma.bound) {
                    ggtt.moveToInactive(o.vma);
                }
                maybeFree(o);
            }
        }
        stats.requestsRetired.increment();
    }

    /** Waits until {@code seqno} has completed, then retires. */
    void waitForSeqno(long seqno) {
        checkLocked("i915_wait_request");
        if (!gpu.completed(seqno)) {
            stats.gpuWaits.increment();
            gpu.runUntil(seqno);
        }
        retireRequests();
    }

    /** {@code i915_gem_wait_for_idle}: waits for every request, then retires them all. */
    void waitForIdle() {
        checkLocked("i915_gem_wait_for_idle");
        if (!gpu.idle()) {
            stats.gpuWaits.increment();
            gpu.runUntil(gpu.lastSeqno());
        }
        retireRequests();
    }

    /**
     * The BUSY ioctl as libdrm uses it: retires the object's request if the GPU has completed it
     * ({@code i915_gem_object_flush_active}), then reports whether it is still busy.
     */
    boolean busy(GemObject o) {
        checkLocked("gem_busy");
        checkAlive(o, "gem_busy");
        if (o.active && gpu.completed(o.lastRequest)) {
            retireRequests();
        }
        return o.active;
    }

    /** Requests queued on the GPU. */
    int gpuQueued() {
        return gpu.queued();
    }

    // ---- contexts ------------------------------------------------------------------------------

    /**
     * Creates a logical ring context: a ring and a context image, each bound, VMA-pinned and
     * pin-mapped (WB) until {@link #destroyContext}. On failure whatever was set up is undone.
     *
     * @param bytesPerRequest ring bytes one request takes: the ring holds {@code ring bytes / this}
     */
    GemContext createContext(int ringPages, int imagePages, int bytesPerRequest) {
        checkLocked("context_create");
        int maxRequests = (int) Math.max(1, ((long) ringPages * pageSize) / bytesPerRequest);
        GemObject ring = createObject(ringPages);
        GemObject image = createObject(imagePages);
        List<GemObject> pinned = new ArrayList<>(2);
        try {
            for (GemObject o : List.of(ring, image)) {
                Vma vma = bind(o);
                pinVma(vma);
                try {
                    pinMap(o, MapType.WB);
                } catch (RuntimeException e) {
                    unpinVma(vma);
                    throw e;
                }
                pinned.add(o);
            }
        } catch (RuntimeException e) {
            for (GemObject o : pinned) {
                unpinMap(o);
                unpinVma(o.vma);
            }
            close(ring);
            close(image);
            throw e;
        }
        GemContext ctx = new GemContext(nextContextId++, ring, image, maxRequests);
        contexts.add(ctx);
        return ctx;
    }

    /**
     * Destroys a context: unpins its mappings and VMAs and closes its objects, which live on (with
     * their cached mappings, from 4.7) until their last request retires.
     */
    void destroyContext(GemContext ctx) {
        checkLocked("context_destroy");
        if (ctx.destroyed) {
            throw new IllegalStateException("destroy of " + ctx + ", which is already destroyed");
        }
        ctx.destroyed = true;
        contexts.remove(ctx);
        for (GemObject o : List.of(ctx.ring, ctx.image)) {
            unpinMap(o);
            unpinVma(o.vma);
            close(o);
        }
    }

    /** Live contexts. */
    int contextCount() {
        checkLocked("contexts");
        return contexts.size();
    }

    // ---- lists ---------------------------------------------------------------------------------

    /** The unbound list, LRU first: a snapshot. */
    GemObject[] unboundSnapshot() {
        return unboundList.toArray(GemObject[]::new);
    }

    /** The bound list, LRU first: a snapshot. */
    GemObject[] boundSnapshot() {
        return boundList.toArray(GemObject[]::new);
    }

    /** Bound objects the GPU is not using, LRU first. */
    List<GemObject> boundInactive() {
        List<GemObject> out = new ArrayList<>();
        for (GemObject o : boundList) {
            if (!o.active) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /** Bound objects the GPU is using, LRU first. */
    List<GemObject> boundActive() {
        List<GemObject> out = new ArrayList<>();
        for (GemObject o : boundList) {
            if (o.active) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /** Objects with pages marked DONTNEED: what a PURGEABLE shrink takes. */
    List<GemObject> purgeable() {
        List<GemObject> out = new ArrayList<>();
        for (GemObject o : unboundList) {
            if (o.madv == Madv.DONTNEED) {
                out.add(o);
            }
        }
        for (GemObject o : boundList) {
            if (o.madv == Madv.DONTNEED) {
                out.add(o);
            }
        }
        return out;
    }

    /** The GGTT's inactive VMAs, LRU first: a snapshot. */
    Vma[] ggttInactiveSnapshot() {
        return ggtt.inactiveSnapshot();
    }

    Ggtt ggtt() {
        return ggtt;
    }

    /** Live objects, oldest first. */
    List<GemObject> objects() {
        return List.copyOf(objects);
    }

    /** Pages of objects whose pages are pinned now. */
    long pinnedPages() {
        long n = 0;
        for (GemObject o : objects) {
            if (o.pages != null && o.pagesPinCount > 0) {
                n += o.sizePages();
            }
        }
        return n;
    }

    // ---- teardown and checks -------------------------------------------------------------------

    /**
     * Tears the device down at uninstall: waits for the GPU, destroys the contexts, drops every pin a
     * caller left behind and frees every object, so nothing stays allocated. Takes struct_mutex.
     */
    void fini() {
        structMutex.lock();
        try {
            if (closed) {
                return;
            }
            waitForIdle();
            for (GemContext ctx : List.copyOf(contexts)) {
                destroyContext(ctx);
            }
            for (GemObject o : List.copyOf(objects)) {
                while (!o.transientMaps.isEmpty()) {
                    Mapping m = o.transientMaps.pop();
                    if (m.isVmap()) {
                        stats.unpinned(pagesOf(m));
                    }
                    release(m);
                }
                if (o.mapPins > 0 && o.mapping != null && o.mapping.isVmap()) {
                    stats.unpinned(pagesOf(o.mapping));
                }
                o.pagesPinCount -= o.mapPins;
                o.mapPins = 0;
                if (o.vma != null) {
                    o.vma.pinCount = 0;
                }
                o.handleOpen = false;
                maybeFree(o);
            }
            retireRequests();
            closed = true;
        } finally {
            structMutex.unlock();
        }
    }

    /**
     * Checks the model's invariants (for tests): pin counts, list membership, mappings, activity.
     *
     * @return the first violation, or empty
     */
    Optional<String> violation() {
        checkLocked("check");
        long mappedPages = 0;
        for (GemObject o : objects) {
            if (o.freed) {
                return Optional.of(o + " is freed but still listed");
            }
            int knownPins = o.bindCount() + o.mapPins;
            if (o.pagesPinCount < knownPins) {
                return Optional.of(o + " has pages_pin_count " + o.pagesPinCount + ", below bindings + pin_maps = "
                        + knownPins + " (other holders may pin pages too, never fewer)");
            }
            if (o.mapPins > 0 && o.pages == null) {
                return Optional.of(o + " is pin-mapped without pages");
            }
            if (era.cachesMappings() && o.mapPins > 0 && o.mapping == null) {
                return Optional.of(o + " is pin-mapped without a mapping");
            }
            if (!era.cachesMappings() && (o.transientMaps.size() != o.mapPins || o.mapping != null)) {
                return Optional.of(o + " has " + o.transientMaps.size() + " mappings for " + o.mapPins + " pins before 4.7");
            }
            if (o.mapping != null && o.pages == null) {
                return Optional.of(o + " has a cached mapping without pages");
            }
            for (Mapping m : mappingsOf(o)) {
                if (m.isVmap()) {
                    if (m.area().state() != AreaState.LIVE) {
                        return Optional.of(o + " maps a " + m.area().state() + " area");
                    }
                    mappedPages += m.area().reservedSize() >> pageShift;
                }
            }
            boolean inUnbound = unboundList.contains(o);
            boolean inBound = boundList.contains(o);
            if (o.pages == null && (inUnbound || inBound)) {
                return Optional.of(o + " has no pages but is on a list");
            }
            if (o.pages != null && (inUnbound == inBound || inBound != (o.bindCount() > 0))) {
                return Optional.of(o + " is on the wrong list (unbound " + inUnbound + ", bound " + inBound + ")");
            }
            if (o.madv == Madv.PURGED && o.pages != null) {
                return Optional.of(o + " is purged but has pages");
            }
            if (o.active && o.bindCount() == 0) {
                return Optional.of(o + " is active but unbound");
            }
            if (!o.handleOpen && !o.active && o.holds == 0) {
                return Optional.of(o + " is closed and idle but not freed");
            }
            Vma v = o.vma;
            if (v != null) {
                if (v.bound && (o.active ? !ggtt.onActiveList(v) : !ggtt.onInactiveList(v))) {
                    return Optional.of(v + " is on the wrong GGTT list");
                }
                if (!v.bound && (ggtt.onActiveList(v) || ggtt.onInactiveList(v))) {
                    return Optional.of(v + " is unbound but on a GGTT list");
                }
                if (v.iomap != null) {
                    if (!v.bound || v.iomap.state() != AreaState.LIVE) {
                        return Optional.of(v + " holds an iomap while unbound or not live");
                    }
                    mappedPages += v.iomap.reservedSize() >> pageShift;
                }
                if (v.pinCount > 0 && !v.bound) {
                    return Optional.of(v + " is pinned but unbound");
                }
            }
        }
        if (unboundList.size() + boundList.size() > objects.size()) {
            return Optional.of("lists hold objects that are not live");
        }
        long pinnedPages = 0;
        for (GemObject o : objects) {
            for (Mapping m : o.transientMaps) {
                pinnedPages += m.isVmap() ? pagesOf(m) : 0;
            }
            if (o.mapPins > 0 && o.mapping != null && o.mapping.isVmap()) {
                pinnedPages += pagesOf(o.mapping);
            }
        }
        if (pinnedPages != stats.pinnedVmapPagesLive.get()) {
            return Optional.of("pinned mappings hold " + pinnedPages + " pages but the gauge says "
                    + stats.pinnedVmapPagesLive.get());
        }
        if (mappedPages != stats.vmapPagesLive.get()) {
            return Optional.of("mappings hold " + mappedPages + " pages of vmap space but the gauge says "
                    + stats.vmapPagesLive.get());
        }
        return Optional.empty();
    }

    private static List<Mapping> mappingsOf(GemObject o) {
        List<Mapping> ms = new ArrayList<>(o.transientMaps);
        if (o.mapping != null) {
            ms.add(o.mapping);
        }
        return ms;
    }

    @Override
    public String toString() {
        return "i915[" + era + ", " + objects.size() + " objects, " + contexts.size() + " contexts, "
                + inflight.size() + " requests in flight]";
    }
}
