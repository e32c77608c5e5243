package io.vmapkit.driver.i915;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The device's cumulative counters, and two gauges of the vmap space its mappings hold. Counters and
 * gauges changed inside device operations are {@link MutexCounter}s (struct_mutex serialises their
 * writers); those the shrinker changes where it may not hold the mutex are {@code LongAdder}s. Every
 * value may be read from any thread; a {@link #snapshot()} is not one instant across fields.
 */
final class I915Stats {

    /** {@code pin_map} calls. */
    final MutexCounter pinMapCalls = new MutexCounter();
    /** {@code pin_map} calls that found a cached mapping of the right type. */
    final MutexCounter cacheHits = new MutexCounter();
    /** Mappings created through the allocator (real vmaps). */
    final MutexCounter vmaps = new MutexCounter();
    /** vmaps freed (lazily). */
    final MutexCounter vunmaps = new MutexCounter();
    /** Single-page WB mappings served by the direct map, taking no vmap space. */
    final MutexCounter directMaps = new MutexCounter();
    /**
     * Allocations for mappings or iomaps that the allocator failed with EBUSY (space exhausted);
     * {@code pin_map} reports them to its caller as ENOMEM, like the kernel's failed {@code vmap()}.
     */
    final MutexCounter allocFailures = new MutexCounter();
    /** Page-pool allocations that failed with ENOMEM. */
    final MutexCounter pageAllocFailures = new MutexCounter();
    /** {@code pin_map} calls refused with EBUSY because a pinned mapping had the other type. */
    final MutexCounter mapTypeClashes = new MutexCounter();
    /** VMA iomaps created (ioremaps of the aperture). */
    final MutexCounter iomaps = new MutexCounter();
    /** VMA iomaps dropped (iounmap, lazily). */
    final MutexCounter iounmaps = new MutexCounter();
    /** Calls of the vmap purge notifier. */
    final LongAdder notifierRounds = new LongAdder();
    /** Pages the vmap purge notifier added to {@code freed}. */
    final LongAdder freedByNotifier = new LongAdder();
    /** Iomap VMAs the 4.9 vmap notifier unbound. */
    final LongAdder iomapsUnbound = new LongAdder();
    /** Calls of the shrinker's count. */
    final LongAdder shrinkerCounts = new LongAdder();
    /** Calls of the shrinker's scan. */
    final LongAdder shrinkerScans = new LongAdder();
    /** Pages the shrinker's scans released. */
    final LongAdder freedByShrinker = new LongAdder();
    /** Calls of the OOM notifier. */
    final LongAdder oomRounds = new LongAdder();
    /** Pages the OOM notifier added to the event. */
    final LongAdder freedByOom = new LongAdder();
    /** Reclaim paths that reused the current thread's struct_mutex. */
    final LongAdder lockSteals = new LongAdder();
    /** Reclaim paths that gave up for want of struct_mutex. */
    final LongAdder lockGiveUps = new LongAdder();
    /** Notifier give-ups after the full lock timeout (each logged). */
    final LongAdder lockTimeouts = new LongAdder();
    /** {@code put_pages} calls that released pages. */
    final MutexCounter putPages = new MutexCounter();
    /** DONTNEED objects whose pages were discarded. */
    final MutexCounter objectsPurged = new MutexCounter();
    /** VMAs unbound. */
    final MutexCounter unbinds = new MutexCounter();
    /** Requests submitted to the GPU. */
    final MutexCounter requestsSubmitted = new MutexCounter();
    /** Requests retired. */
    final MutexCounter requestsRetired = new MutexCounter();
    /** Waits for the GPU (an unbind of an active object, a full ring, idling). */
    final MutexCounter gpuWaits = new MutexCounter();
    /** Submissions that had to wait for ring space. */
    final MutexCounter ringWaits = new MutexCounter();

    /** Pages of vmap space (guard included) the device's live mappings and iomaps hold now. */
    final MutexCounter vmapPagesLive = new MutexCounter();
    /** The highest {@link #vmapPagesLive} seen. */
    final MutexCounter vmapPagesPeak = new MutexCounter();

    /** Pages of vmap space held by mappings that are pinned now (a {@code pin_map} not yet unpinned). */
    final MutexCounter pinnedVmapPagesLive = new MutexCounter();
    /** The highest {@link #pinnedVmapPagesLive} seen: the pinned working set. */
    final MutexCounter pinnedVmapPagesPeak = new MutexCounter();

    /** Adds {@code pages} to the pinned vmap gauge, keeping the peak. */
    void pinned(long pages) {
        pinnedVmapPagesPeak.raiseTo(pinnedVmapPagesLive.add(pages));
    }

    /** Takes {@code pages} off the pinned vmap gauge. */
    void unpinned(long pages) {
        pinnedVmapPagesLive.add(-pages);
    }

    /** Adds {@code pages} to the live vmap gauge, keeping the peak. */
    void mapped(long pages) {
        vmapPagesPeak.raiseTo(vmapPagesLive.add(pages));
    }

    /** Takes {@code pages} off the live vmap gauge. */
    void unmapped(long pages) {
        vmapPagesLive.add(-pages);
    }

    /** Every counter by its camelCase name, in a stable order; immutable. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("pinMapCalls", pinMapCalls.sum());
        m.put("cacheHits", cacheHits.sum());
        m.put("vmaps", vmaps.sum());
        m.put("vunmaps", vunmaps.sum());
        m.put("directMaps", directMaps.sum());
        m.put("allocFailures", allocFailures.sum());
        m.put("pageAllocFailures", pageAllocFailures.sum());
        m.put("mapTypeClashes", mapTypeClashes.sum());
        m.put("iomaps", iomaps.sum());
        m.put("iounmaps", iounmaps.sum());
        m.put("notifierRounds", notifierRounds.sum());
        m.put("freedByNotifier", freedByNotifier.sum());
        m.put("iomapsUnbound", iomapsUnbound.sum());
        m.put("shrinkerCounts", shrinkerCounts.sum());
        m.put("shrinkerScans", shrinkerScans.sum());
        m.put("freedByShrinker", freedByShrinker.sum());
        m.put("oomRounds", oomRounds.sum());
        m.put("freedByOom", freedByOom.sum());
        m.put("lockSteals", lockSteals.sum());
        m.put("lockGiveUps", lockGiveUps.sum());
        m.put("lockTimeouts", lockTimeouts.sum());
        m.put("putPages", putPages.sum());
        m.put("objectsPurged", objectsPurged.sum());
        m.put("unbinds", unbinds.sum());
        m.put("requestsSubmitted", requestsSubmitted.sum());
        m.put("requestsRetired", requestsRetired.sum());
        m.put("gpuWaits", gpuWaits.sum());
        m.put("ringWaits", ringWaits.sum());
        m.put("vmapPagesLive", vmapPagesLive.get());
        m.put("vmapPagesPeak", vmapPagesPeak.get());
        m.put("pinnedVmapPagesLive", pinnedVmapPagesLive.get());
        m.put("pinnedVmapPagesPeak", pinnedVmapPagesPeak.get());
        return Collections.unmodifiableMap(m);
    }

    /** One counter by name. */
    long get(String name) {
        Long v = snapshot().get(name);
        if (v == null) {
            throw new IllegalArgumentException("no i915 counter '" + name + "'");
        }
        return v;
    }
}
