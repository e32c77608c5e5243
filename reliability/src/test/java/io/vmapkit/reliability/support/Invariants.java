package io.vmapkit.reliability.support;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapSnapshot.Kind;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The allocator invariants every reliability test checks, from the outside (api only): the
 * snapshot is consistent (ordered, no overlap, maximal free blocks, tiles the space), the
 * statistics tile the space, agree with the snapshot, and the lazy counter equals the lazy areas'
 * pages; optionally each owner's areas lie in that owner's window.
 *
 * <p>Snapshot and statistics are taken one after the other, so call this only when no other thread
 * changes the allocator.
 */
public final class Invariants {

    private Invariants() {}

    /** The violations found, empty if none. */
    public static List<String> violations(VmapAllocator allocator) {
        return violations(allocator, Map.of());
    }

    /**
     * The violations found, empty if none.
     *
     * @param windows owner name → {start, end} window its areas must lie in
     */
    public static List<String> violations(VmapAllocator allocator, Map<String, long[]> windows) {
        List<String> out = new ArrayList<>();
        VmapSnapshot snap = allocator.snapshot();
        VmapStats s = allocator.stats();
        snap.violation().ifPresent(v -> out.add("snapshot: " + v));
        if (!s.tiles()) {
            out.add("stats do not tile: live " + s.liveBytes() + " + lazy " + s.lazyBytes() + " + free " + s.freeBytes()
                    + " != space " + s.spaceBytes());
        }
        if (snap.bytes(Kind.BUSY) != s.liveBytes() || snap.bytes(Kind.LAZY) != s.lazyBytes()
                || snap.bytes(Kind.FREE) != s.freeBytes()) {
            out.add("snapshot bytes busy/lazy/free " + snap.bytes(Kind.BUSY) + "/" + snap.bytes(Kind.LAZY) + "/"
                    + snap.bytes(Kind.FREE) + " differ from stats " + s.liveBytes() + "/" + s.lazyBytes() + "/" + s.freeBytes());
        }
        if (snap.count(Kind.BUSY) != s.liveAreas() || snap.count(Kind.LAZY) != s.lazyAreas()
                || snap.count(Kind.FREE) != s.freeBlocks()) {
            out.add("snapshot counts busy/lazy/free " + snap.count(Kind.BUSY) + "/" + snap.count(Kind.LAZY) + "/"
                    + snap.count(Kind.FREE) + " differ from stats " + s.liveAreas() + "/" + s.lazyAreas() + "/" + s.freeBlocks());
        }
        if (snap.largestFree() != s.largestFreeBlock()) {
            out.add("largest free block " + snap.largestFree() + " but stats say " + s.largestFreeBlock());
        }
        long pageSize = allocator.space().pageSize();
        if (s.lazyPages() < 0 || s.lazyPages() != s.lazyBytes() / pageSize) {
            out.add("lazy counter " + s.lazyPages() + " pages but lazy areas hold " + s.lazyBytes() / pageSize + " pages");
        }
        for (VmapSnapshot.Range r : snap.ranges()) {
            long[] w = windows.get(r.owner());
            if (r.kind() != Kind.FREE && w != null
                    && (Addresses.lessThan(r.start(), w[0]) || Addresses.greaterThan(r.end(), w[1]))) {
                out.add(r + " lies outside its owner's window [" + Addresses.hex(w[0]) + ", " + Addresses.hex(w[1]) + ")");
            }
        }
        return out;
    }

    /** Throws an {@link AssertionError} listing the violations, prefixed with {@code context}. */
    public static void check(VmapAllocator allocator, String context) {
        check(allocator, Map.of(), context);
    }

    /** As {@link #check(VmapAllocator, String)}, with owner windows. */
    public static void check(VmapAllocator allocator, Map<String, long[]> windows, String context) {
        List<String> v = violations(allocator, windows);
        if (!v.isEmpty()) {
            throw new AssertionError(context + ": " + String.join("; ", v));
        }
    }
}
