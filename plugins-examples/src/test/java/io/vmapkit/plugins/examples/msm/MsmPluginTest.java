package io.vmapkit.plugins.examples.msm;

import static io.vmapkit.plugins.examples.MockContext.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.examples.LogCapture;
import io.vmapkit.plugins.examples.MockContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.junit.jupiter.MockitoExtension;

/** The msm plugin against a mocked context: its callbacks called directly, what it does to the parts verified. */
@ExtendWith(MockitoExtension.class)
class MsmPluginTest {

    private static final long PAGE = 4096;

    private final MsmPlugin msm = new MsmPlugin();

    /** Creates {@code n} one-page objects and maps and releases each, in order: LRU order is creation order. */
    private List<MsmObject> cachedObjects(int n) {
        List<MsmObject> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MsmObject o = msm.newObject(PAGE);
            msm.getVaddr(o);
            msm.putVaddr(o);
            objects.add(o);
        }
        return objects;
    }

    private static VmapArea mappingOf(MockContext ctx, int i) {
        return ctx.areas.get(i);
    }

    @Test
    void installRegistersOneBlockNamedMsmAtPriorityZeroAndOneShrinker() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);

        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        assertThat(block.name()).isEqualTo("msm");
        assertThat(block.priority()).isZero();
        assertThat(ctx.shrinker().name()).isEqualTo(MsmPlugin.SHRINKER_NAME);
        verifyNoInteractions(ctx.oomChain);
        verifyNoInteractions(ctx.allocator); // nothing is mapped at install
    }

    @Test
    void msmUnmapsAtMostFifteenPerCallLeastRecentlyUsedFirstAndAddsTheCountOfObjects() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        cachedObjects(20);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();

        VmapPurgeEvent first = ctx.purgeEvent(64, 1);
        assertThat(call(block, first)).isEqualTo(Notify.DONE);
        assertThat(first.freed()).as("msm adds objects, not pages").isEqualTo(15);
        assertThat(first.contributions()).containsEntry("msm", 15L);
        InOrder order = inOrder(ctx.allocator);
        for (int i = 0; i < 15; i++) {
            order.verify(ctx.allocator).free(mappingOf(ctx, i));
        }
        assertThat(ctx.areas.subList(15, 20)).allMatch(a -> a.state() == AreaState.LIVE);

        VmapPurgeEvent second = ctx.purgeEvent(64, 2);
        call(block, second);
        assertThat(second.freed()).isEqualTo(5);
        assertThat(ctx.areas).allMatch(a -> a.state() == AreaState.LAZY);

        VmapPurgeEvent third = ctx.purgeEvent(64, 3);
        call(block, third);
        assertThat(third.freed()).as("nothing left to unmap: nothing added").isZero();
        assertThat(third.contributions()).isEmpty();
        assertThat(msm.stats().notifierCalls()).isEqualTo(3);
        assertThat(msm.stats().notifierUnmaps()).isEqualTo(20);
    }

    @Test
    void unmappedObjectsKeepTheirPagesAndAreMappedAgainOnTheNextGetVaddr() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        MsmObject o = cachedObjects(1).get(0);
        call(ctx.purgeBlock(), ctx.purgeEvent(1, 1));
        assertThat(o.isMapped()).isFalse();
        verify(ctx.pagePool, never()).free(any(PageRun.class));

        VmapArea again = msm.getVaddr(o);
        assertThat(again).isSameAs(ctx.areas.get(1));
        assertThat(msm.stats().mappingsCreated()).isEqualTo(2);
    }

    @Test
    void aCachedMappingIsReusedWithoutAllocating() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        MsmObject o = cachedObjects(1).get(0);
        VmapArea hit = msm.getVaddr(o);
        assertThat(hit).isSameAs(ctx.areas.get(0));
        verify(ctx.allocator, org.mockito.Mockito.times(1)).allocate(any(VmapRequest.class));
        assertThat(o.pinCount()).isEqualTo(1);
    }

    @Test
    void recentlyUsedObjectsAreUnmappedLast() {
        MockContext ctx = new MockContext("msm", "max-unmaps-per-call=2");
        msm.install(ctx.context);
        List<MsmObject> objects = cachedObjects(4);
        msm.getVaddr(objects.get(0)); // use the oldest again: it becomes the most recent
        msm.putVaddr(objects.get(0));
        assertThat(msm.unmapOrder()).containsExactly(objects.get(1), objects.get(2), objects.get(3), objects.get(0));

        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.freed()).isEqualTo(2);
        assertThat(objects.get(0).isMapped()).isTrue();
        assertThat(objects.get(1).isMapped()).isFalse();
        assertThat(objects.get(2).isMapped()).isFalse();
        assertThat(objects.get(3).isMapped()).isTrue();
    }

    @Test
    void pinnedMappingsAreNeverUnmapped() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        MsmObject pinned = msm.newObject(PAGE);
        msm.getVaddr(pinned);
        cachedObjects(3);

        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.freed()).isEqualTo(3);
        assertThat(pinned.isMapped()).isTrue();
        assertThat(ctx.areas.get(0).state()).isEqualTo(AreaState.LIVE);
        VmapPurgeEvent again = ctx.purgeEvent(1, 2);
        call(ctx.purgeBlock(), again);
        assertThat(again.freed()).isZero();
    }

    @Test
    void theBoundIsASetting() {
        MockContext ctx = new MockContext("msm", "max-unmaps-per-call=4");
        msm.install(ctx.context);
        cachedObjects(10);
        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        call(ctx.purgeBlock(), e);
        assertThat(e.freed()).isEqualTo(4);
    }

    @Test
    void badSettingsRefuseInstallationBeforeAnythingIsRegistered() {
        for (String[] bad : List.of(new String[] {"max-unmaps-per-call=0", "vmapkit.plugin.msm.max-unmaps-per-call = 0: must be at least 1"},
                new String[] {"max-unmaps-per-call=many", "vmapkit.plugin.msm.max-unmaps-per-call = many: is not an integer"},
                new String[] {"log-interval-ms=-5", "vmapkit.plugin.msm.log-interval-ms = -5: must not be negative"},
                new String[] {"max-unmap-per-call=3", "unknown setting 'vmapkit.plugin.msm.max-unmap-per-call' (did you mean 'vmapkit.plugin.msm.max-unmaps-per-call'?)"})) {
            MockContext ctx = new MockContext("msm", bad[0]);
            MsmPlugin plugin = new MsmPlugin();
            assertThatThrownBy(() -> plugin.install(ctx.context)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[1]);
            verifyNoInteractions(ctx.purgeChain, ctx.shrinkers, ctx.allocator, ctx.pagePool);
            assertThatThrownBy(() -> plugin.newObject(PAGE)).isInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * Kernel-model §11.3: the object is pinned before its mapping is allocated, so the purge notifier
     * running re-entrantly inside that allocation (on this thread) never unmaps the object being mapped.
     */
    @Test
    void notifierRunningInsideGetVaddrsOwnAllocationNeverUnmapsTheObjectBeingMapped() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        List<MsmObject> others = cachedObjects(3);
        MsmObject target = msm.newObject(PAGE);
        msm.getVaddr(target);
        msm.putVaddr(target); // target is cached and unpinned: the oldest candidate but for the others
        call(ctx.purgeBlock(), ctx.purgeEvent(1, 1)); // unmaps all four
        assertThat(target.isMapped()).isFalse();
        List<Integer> pinsSeenInsideAllocate = new ArrayList<>();
        List<Long> freedInside = new ArrayList<>();
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        for (MsmObject o : others) { // map the others again and release them: they are the candidates now
            msm.getVaddr(o);
            msm.putVaddr(o);
        }
        when(ctx.allocator.allocate(any(VmapRequest.class))).thenAnswer(inv -> {
            pinsSeenInsideAllocate.add(target.pinCount());
            VmapPurgeEvent e = ctx.purgeEvent(1, 1); // the overflow path calls the chain on this thread
            call(block, e);
            freedInside.add(e.freed());
            return ctx.fakeAllocate(inv.getArgument(0));
        });

        VmapArea mapping = msm.getVaddr(target);

        assertThat(pinsSeenInsideAllocate).containsExactly(1);
        assertThat(freedInside).containsExactly(3L);
        assertThat(target.isMapped()).isTrue();
        assertThat(mapping.state()).isEqualTo(AreaState.LIVE);
        assertThat(others).noneMatch(MsmObject::isMapped);
    }

    @Test
    void aFailedMappingDropsThePinAgain() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        MsmObject o = msm.newObject(PAGE);
        VmapAllocationException ebusy = new VmapAllocationException(Errno.EBUSY, "vmap allocation for size 8192 failed",
                VmapRequest.of(PAGE), 1, false, List.of());
        when(ctx.allocator.allocate(any(VmapRequest.class))).thenThrow(ebusy);

        assertThatThrownBy(() -> msm.getVaddr(o)).isSameAs(ebusy);
        assertThat(o.pinCount()).isZero();
        assertThat(o.isMapped()).isFalse();
        assertThat(msm.stats().pinnedObjects()).isZero();
    }

    @Test
    void shrinkerCountsAndPurgesUnpinnedDontNeedObjectsInPagesLeastRecentlyUsedFirst() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        Shrinker shrinker = ctx.shrinker();
        MsmObject a = msm.newObject(4 * PAGE);
        MsmObject b = msm.newObject(8 * PAGE);
        MsmObject keep = msm.newObject(16 * PAGE);
        MsmObject pinned = msm.newObject(2 * PAGE);
        msm.getVaddr(a);
        msm.putVaddr(a);
        msm.getVaddr(pinned);
        assertThat(shrinker.countObjects(new ShrinkControl(0, 12, true))).isZero();

        assertThat(msm.madvise(a, MsmObject.Madv.DONTNEED)).isTrue();
        assertThat(msm.madvise(b, MsmObject.Madv.DONTNEED)).isTrue();
        assertThat(msm.madvise(pinned, MsmObject.Madv.DONTNEED)).isTrue();
        assertThat(shrinker.countObjects(new ShrinkControl(0, 12, true))).as("a and b; pinned is pinned").isEqualTo(12);

        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(3);
        assertThat(shrinker.scanObjects(sc)).as("whole objects: a's 4 pages").isEqualTo(4);
        assertThat(a.isPurged()).isTrue();
        assertThat(a.isMapped()).isFalse();
        assertThat(b.isPurged()).isFalse();
        verify(ctx.allocator).free(ctx.areas.get(0));
        sc.setNrToScan(128);
        assertThat(shrinker.scanObjects(sc)).isEqualTo(8);
        assertThat(shrinker.scanObjects(sc)).isEqualTo(Shrinker.SHRINK_STOP);
        assertThat(keep.isPurged()).isFalse();
        assertThat(pinned.isPurged()).isFalse();

        msm.putVaddr(pinned); // now it is unpinned and DONTNEED: purgeable
        assertThat(shrinker.countObjects(sc)).isEqualTo(2);
        assertThat(msm.stats().shrinkerPurges()).isEqualTo(2);
        assertThat(msm.stats().shrinkerPages()).isEqualTo(12);
    }

    @Test
    void oneScanPurgesAsManyWholeObjectsAsItTakesToReachNrToScan() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        List<MsmObject> objects = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MsmObject o = msm.newObject(3 * PAGE);
            msm.madvise(o, MsmObject.Madv.DONTNEED);
            objects.add(o);
        }
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(7);

        assertThat(ctx.shrinker().scanObjects(sc)).as("3 objects of 3 pages reach 7").isEqualTo(9);

        assertThat(objects).extracting(MsmObject::isPurged).containsExactly(true, true, true, false, false);
        assertThat(ctx.shrinker().countObjects(sc)).isEqualTo(6);
        verify(ctx.pagePool, org.mockito.Mockito.times(3)).free(any(PageRun.class));
    }

    @Test
    void aPurgedObjectCannotBeMappedAndReportsItsPagesGone() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        MsmObject o = msm.newObject(PAGE);
        msm.madvise(o, MsmObject.Madv.DONTNEED);
        assertThatThrownBy(() -> msm.getVaddr(o)).isInstanceOf(VmapException.class)
                .satisfies(e -> assertThat(((VmapException) e).errno()).isEqualTo(Errno.EBUSY));
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(1);
        ctx.shrinker().scanObjects(sc);
        assertThat(msm.madvise(o, MsmObject.Madv.WILLNEED)).as("retained").isFalse();
        assertThat(o.madv()).isEqualTo(MsmObject.Madv.DONTNEED);
        assertThatThrownBy(() -> msm.getVaddr(o)).hasMessageContaining("purged");
        msm.free(o); // a purged object can still be freed
        assertThat(o.isFreed()).isTrue();
    }

    @Test
    void purgingVmapsIsLoggedRateLimitedOnTheSystemClock() {
        MockContext ctx = new MockContext("msm", "log-interval-ms=5000", "log-burst=10");
        msm.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        try (LogCapture log = new LogCapture(MsmPlugin.class)) {
            for (int i = 0; i < 12; i++) {
                cachedObjects(1);
                call(block, ctx.purgeEvent(1, 1));
            }
            assertThat(log.messages()).hasSize(10).allMatch(m -> m.equals("INFO Purging 1 vmaps"));
            assertThat(msm.stats().purgeMessagesSuppressed()).isEqualTo(2);

            ctx.clock.advance(Duration.ofSeconds(5));
            cachedObjects(2);
            call(block, ctx.purgeEvent(1, 1));
            assertThat(log.messages().subList(10, 12)).containsExactly("INFO msm: 2 callbacks suppressed",
                    "INFO Purging 2 vmaps");
            call(block, ctx.purgeEvent(1, 1));
            assertThat(log.messages()).as("nothing unmapped: nothing logged").hasSize(12);
        }
        assertThat(msm.stats().purgeMessages()).isEqualTo(11);
    }

    @Test
    void hostMisuseIsRefusedWithStateUnchanged() {
        MockContext ctx = new MockContext("msm");
        assertThatThrownBy(() -> msm.newObject(PAGE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not installed");
        msm.install(ctx.context);
        assertThatThrownBy(() -> msm.install(ctx.context)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> msm.newObject(PAGE + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097");
        assertThatThrownBy(() -> msm.newObject(0)).isInstanceOf(IllegalArgumentException.class);

        MsmObject o = msm.newObject(PAGE);
        assertThatThrownBy(() -> msm.putVaddr(o)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not pinned");
        msm.getVaddr(o);
        MsmStats before = msm.stats();
        assertThatThrownBy(() -> msm.free(o)).isInstanceOf(IllegalStateException.class).hasMessageContaining("pinned 1");
        assertThat(msm.stats()).isEqualTo(before);

        MsmPlugin other = new MsmPlugin();
        other.install(new MockContext("msm").context);
        assertThatThrownBy(() -> other.getVaddr(o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another msm plugin instance");
        msm.putVaddr(o);
        msm.free(o);
        assertThatThrownBy(() -> msm.getVaddr(o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was freed");
    }

    @Test
    void uninstallUnregistersFirstThenFreesEveryMappingAndPageRun() {
        MockContext ctx = new MockContext("msm");
        msm.install(ctx.context);
        List<MsmObject> objects = cachedObjects(3);
        msm.getVaddr(objects.get(1)); // still pinned by the host: uninstall frees it anyway

        msm.uninstall(ctx.context);

        InOrder order = inOrder(ctx.registrations.get(0), ctx.registrations.get(1), ctx.allocator);
        order.verify(ctx.registrations.get(1)).close();
        order.verify(ctx.registrations.get(0)).close();
        order.verify(ctx.allocator, org.mockito.Mockito.times(3)).free(any(VmapArea.class));
        assertThat(ctx.areas).allMatch(a -> a.state() == AreaState.LAZY);
        verify(ctx.pagePool, org.mockito.Mockito.times(3)).free(any(PageRun.class));
        assertThat(objects).allMatch(MsmObject::isFreed);
        assertThat(msm.stats().objects()).isZero();
        assertThatThrownBy(() -> msm.getVaddr(objects.get(0))).isInstanceOf(IllegalStateException.class);
        for (Registration r : ctx.registrations) {
            verify(r).close();
        }
    }
}
