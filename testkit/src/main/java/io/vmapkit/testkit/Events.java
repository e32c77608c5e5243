package io.vmapkit.testkit;

import io.vmapkit.testkit.VmapEvent.AllocVmapArea;
import io.vmapkit.testkit.VmapEvent.FreeVmapAreaNoflush;
import io.vmapkit.testkit.VmapEvent.NotifierBlockQuarantined;
import io.vmapkit.testkit.VmapEvent.NotifierCall;
import io.vmapkit.testkit.VmapEvent.NotifierCallFailed;
import io.vmapkit.testkit.VmapEvent.NotifierRound;
import io.vmapkit.testkit.VmapEvent.OomNotify;
import io.vmapkit.testkit.VmapEvent.OverflowPurge;
import io.vmapkit.testkit.VmapEvent.PurgeVmapAreaLazy;
import io.vmapkit.testkit.VmapEvent.ShrinkSlabEnd;
import io.vmapkit.testkit.VmapEvent.ShrinkSlabStart;
import io.vmapkit.testkit.VmapEvent.VmapAllocFailed;
import io.vmapkit.testkit.VmapEvent.VmapSearch;

/** Ready-made {@link EventMatcher}s, named after the listener events (import statically). */
public final class Events {

    private Events() {}

    /** Any event of {@code type}. */
    public static EventMatcher any(Class<? extends VmapEvent> type) {
        return EventMatcher.of(type.getSimpleName(), type, e -> true);
    }

    /** A search that found ({@code true}) or did not find a range. */
    public static EventMatcher search(boolean found) {
        return EventMatcher.of("search(" + found + ")", VmapSearch.class, e -> e.found() == found);
    }

    /** The overflow path's purge, whatever it purged. */
    public static EventMatcher overflowPurge() {
        return any(OverflowPurge.class);
    }

    /** The overflow path's purge that did ({@code true}) or did not purge something. */
    public static EventMatcher overflowPurge(boolean purged) {
        return EventMatcher.of("overflowPurge(" + purged + ")", OverflowPurge.class, e -> e.purged() == purged);
    }

    /** A purge-notifier round. */
    public static EventMatcher notifierRound() {
        return any(NotifierRound.class);
    }

    /** A purge-notifier round whose callbacks reported at least {@code freed}. */
    public static EventMatcher notifierRoundFreedAtLeast(long freed) {
        return EventMatcher.of("notifierRound(freed >= " + freed + ")", NotifierRound.class, e -> e.freed() >= freed);
    }

    /** A purge-notifier round in which nothing was freed. */
    public static EventMatcher notifierRoundFreedNothing() {
        return EventMatcher.of("notifierRound(freed == 0)", NotifierRound.class, e -> e.freed() == 0);
    }

    /** A successful allocation ({@code alloc_vmap_area}, not failed). */
    public static EventMatcher allocated() {
        return EventMatcher.of("allocVmapArea(ok)", AllocVmapArea.class, e -> !e.failed());
    }

    /** A failed allocation ({@code vmapAllocFailed}). */
    public static EventMatcher allocFailed() {
        return any(VmapAllocFailed.class);
    }

    /** A lazy free. */
    public static EventMatcher lazyFree() {
        return any(FreeVmapAreaNoflush.class);
    }

    /** A non-empty purge of {@code npurged} areas. */
    public static EventMatcher purged(long npurged) {
        return EventMatcher.of("purgeVmapAreaLazy(npurged=" + npurged + ")", PurgeVmapAreaLazy.class,
                e -> e.npurged() == npurged);
    }

    /** Any non-empty purge. */
    public static EventMatcher purge() {
        return any(PurgeVmapAreaLazy.class);
    }

    /** A callback of the block named {@code block} returned. */
    public static EventMatcher notifierCall(String block) {
        return EventMatcher.of("notifierCall(" + block + ")", NotifierCall.class, e -> e.block().equals(block));
    }

    /** A callback of the block named {@code block} threw. */
    public static EventMatcher notifierCallFailed(String block) {
        return EventMatcher.of("notifierCallFailed(" + block + ")", NotifierCallFailed.class, e -> e.block().equals(block));
    }

    /** The block named {@code block} was quarantined. */
    public static EventMatcher quarantined(String block) {
        return EventMatcher.of("quarantined(" + block + ")", NotifierBlockQuarantined.class, e -> e.block().equals(block));
    }

    /** A shrink pass of {@code shrinker} started at {@code priority}. */
    public static EventMatcher shrinkStart(String shrinker, int priority) {
        return EventMatcher.of("shrinkSlabStart(" + shrinker + ", priority " + priority + ")", ShrinkSlabStart.class,
                e -> e.shrinker().equals(shrinker) && e.priority() == priority);
    }

    /** A shrink pass of {@code shrinker} ended having freed at least {@code freed}. */
    public static EventMatcher shrinkEndFreedAtLeast(String shrinker, long freed) {
        return EventMatcher.of("shrinkSlabEnd(" + shrinker + ", retval >= " + freed + ")", ShrinkSlabEnd.class,
                e -> e.shrinker().equals(shrinker) && e.retval() >= freed);
    }

    /** The OOM chain ran. */
    public static EventMatcher oomNotify() {
        return any(OomNotify.class);
    }
}
