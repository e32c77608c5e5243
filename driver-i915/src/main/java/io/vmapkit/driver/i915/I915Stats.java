package io.vmapkit.driver.i915;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The device's cumulative counters, and two gauges of the vmap space its mappings hold. Every field
 * is updated atomically, so the counters may be read from any thread; a {@link #snapshot()} is not
 * one instant across fields.
 */
final class I915Stats {

    /** {@code pin_map} calls. */
    final LongAdder pinMapCalls = new LongAdder();
    /** {@code pin_map} calls that found a cached mapping of the right type. */
    final LongAdder cacheHits = new LongAdder();
    /** Mappings created through the allocator (real vmaps). */
    final LongAdder vmaps = new LongAdder();
    /** vmaps freed (lazily). */
    final LongAdder vunmaps = new LongAdder();
    /** Single-page WB mappings served by the direct map, taking no vmap space. */
    final LongAdder directMaps = new LongAdder();
    /** Allocations for mappings or iomaps that failed with EBUSY. */
    final LongAdder allocFailures = new LongAdder();
    /** Page-pool allocations that failed with ENOMEM. */
    final LongAdder pageAllocFailures = new LongAdder();
    /** {@code pin_map} calls refused with EBUSY because a pinned mapping had the other type. */
    final LongAdder mapTypeClashes = new LongAdder();
    /** VMA iomaps created (ioremaps of the aperture). */
    final LongAdder iomaps = new LongAdder();
    /** VMA iomaps dropped (iounmap, lazily). */
    final LongAdder iounmaps = new LongAdder();
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
    final LongAdder putPages = new LongAdder();
    /** DONTNEED objects whose pages were discarded. */
    final LongAdder objectsPurged = new LongAdder();
    /** VMAs unbound. */
    final LongAdder unbinds = new LongAdder();
    /** Requests submitted to the GPU. */
    final LongAdder requestsSubmitted = new LongAdder();
    /** Requests retired. */
    final LongAdder requestsRetired = new LongAdder();
    /** Waits for the GPU (an unbind of an active object, a full ring, idling). */
    final LongAdder gpuWaits = new LongAdder();
    /** Submissions that had to wait for ring space. */
    final LongAdder ringWaits = new LongAdder();

    /** Pages of vmap space (guard included) the device's live mappings and iomaps hold now. */
    final AtomicLong vmapPagesLive = new AtomicLong();
    /** The highest {@link #vmapPagesLive} seen. */
    final AtomicLong vmapPagesPeak = new AtomicLong();

    /** Pages of vmap space held by mappings that are pinned now (a {@code pin_map} not yet unpinned). */
    final AtomicLong pinnedVmapPagesLive = new AtomicLong();
    /** The highest {@link #pinnedVmapPagesLive} seen: the pinned working set. */
    final AtomicLong pinnedVmapPagesPeak = new AtomicLong();

    /** Adds {@code pages} to the pinned vmap gauge, keeping the peak. */
    void pinned(long pages) {
        long now = pinnedVmapPagesLive.addAndGet(pages);
        pinnedVmapPagesPeak.accumulateAndGet(now, Math::max);
    }

    /** Takes {@code pages} off the pinned vmap gauge. */
    void unpinned(long pages) {
        pinnedVmapPagesLive.addAndGet(-pages);
    }

    /** Adds {@code pages} to the live vmap gauge, keeping the peak. */
    void mapped(long pages) {
        long now = vmapPagesLive.addAndGet(pages);
        vmapPagesPeak.accumulateAndGet(now, Math::max);
    }

    /** Takes {@code pages} off the live vmap gauge. */
    void unmapped(long pages) {
        vmapPagesLive.addAndGet(-pages);
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
