package io.vmapkit.plugins.examples.msm;

import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.VmapArea;

/**
 * A buffer object of the msm model: backing pages from the page pool, and, while it is mapped, a
 * kernel virtual mapping (a vmap area) cached until reclaim takes it.
 *
 * <p>Created by {@link MsmDriver#newObject(long)} and used only through the driver (the installation) that created it.
 * The fields are guarded by that driver's cache lock; the accessors take it, so they are safe from
 * any thread and give a consistent reading of one object. In lock mode {@code trylock} they wait while
 * another thread maps an object (the lock is held across the allocation), and each call holds the
 * lock briefly, so a reclaim callback on another thread may give up meanwhile.
 */
public final class MsmObject {

    /** The object's purgeability, as {@code MSM_MADV_*}: whether its owner still needs its contents. */
    public enum Madv {
        /** The contents are needed: the shrinker never purges the object. */
        WILLNEED,
        /** The contents may be discarded: once unpinned, the shrinker may purge the object. */
        DONTNEED
    }

    final MsmDriver owner;
    final long sizeBytes;
    final long nrPages;

    // ---- guarded by owner.lock ----
    /** The backing pages; {@code null} once purged or freed. */
    PageRun pages;
    /** The cached mapping; {@code null} while unmapped. */
    VmapArea mapping;
    /** Users of the mapping ({@code vmap_count}): while positive the mapping is pinned. */
    int vmapCount;
    Madv madv = Madv.WILLNEED;
    boolean purged;
    boolean freed;

    MsmObject(MsmDriver owner, long sizeBytes, long nrPages, PageRun pages) {
        this.owner = owner;
        this.sizeBytes = sizeBytes;
        this.nrPages = nrPages;
        this.pages = pages;
    }

    /** The size in bytes (a page multiple). */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The number of backing pages. */
    public long nrPages() {
        return nrPages;
    }

    /** Whether a mapping is cached now (pinned or not). */
    public boolean isMapped() {
        owner.lock.lock();
        try {
            return mapping != null;
        } finally {
            owner.lock.unlock();
        }
    }

    /** The number of pins on the mapping ({@code vmap_count}). */
    public int pinCount() {
        owner.lock.lock();
        try {
            return vmapCount;
        } finally {
            owner.lock.unlock();
        }
    }

    /** The current advice. */
    public Madv madv() {
        owner.lock.lock();
        try {
            return madv;
        } finally {
            owner.lock.unlock();
        }
    }

    /** Whether the shrinker purged the object: its pages (and mapping) are gone; it can only be freed. */
    public boolean isPurged() {
        owner.lock.lock();
        try {
            return purged;
        } finally {
            owner.lock.unlock();
        }
    }

    /** Whether the object was freed (or its driver closed: the plugin uninstalled). */
    public boolean isFreed() {
        owner.lock.lock();
        try {
            return freed;
        } finally {
            owner.lock.unlock();
        }
    }

    @Override
    public String toString() {
        owner.lock.lock();
        try {
            return "MsmObject[" + sizeBytes + " bytes, " + (mapping == null ? "unmapped" : "mapped") + ", vmapCount="
                    + vmapCount + ", " + madv + (purged ? ", purged" : "") + (freed ? ", freed" : "") + "]";
        } finally {
            owner.lock.unlock();
        }
    }
}
