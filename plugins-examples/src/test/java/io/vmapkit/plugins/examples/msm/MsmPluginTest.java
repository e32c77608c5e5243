package io.vmapkit.plugins.examples.msm;

import static io.vmapkit.plugins.examples.MockContext.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
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
import io.vmapkit.testkit.LogCapture;
import io.vmapkit.plugins.examples.MockContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;
import org.mockito.junit.jupiter.MockitoExtension;

/** The msm plugin against a mocked context: its callbacks called directly, what it does to the parts verified. */
@ExtendWith(MockitoExtension.class)
class MsmPluginTest {

    private static final long PAGE = 4096;

    private final MsmPlugin factory = new MsmPlugin();
    /** The installation under test: set by each test's install. */
    private MsmDriver msm;

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
        msm = factory.install(ctx.context);

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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
        MsmObject o = cachedObjects(1).get(0);
        VmapArea hit = msm.getVaddr(o);
        assertThat(hit).isSameAs(ctx.areas.get(0));
        verify(ctx.allocator, org.mockito.Mockito.times(1)).allocate(any(VmapRequest.class));
        assertThat(o.pinCount()).isEqualTo(1);
    }

    @Test
    void recentlyUsedObjectsAreUnmappedLast() {
        MockContext ctx = new MockContext("msm", "max-unmaps-per-call=2");
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
            // the refused install left nothing behind in the factory: a good install works at once
            assertThat(plugin.install(new MockContext("msm").context).newObject(PAGE).sizeBytes()).isEqualTo(PAGE);
        }
    }

    /**
     * docs/fidelity.md §11.3: the object is pinned before its mapping is allocated, so the purge notifier
     * running re-entrantly inside that allocation (on this thread) never unmaps the object being mapped.
     */
    @Test
    void notifierRunningInsideGetVaddrsOwnAllocationNeverUnmapsTheObjectBeingMapped() {
        MockContext ctx = new MockContext("msm");
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        msm = factory.install(ctx.context);
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
        // Host calls before install, and a second install of "the" cache, cannot happen any more: the
        // plugin is a stateless factory without host methods, and each install returns a new driver.
        msm = factory.install(ctx.context);
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

        MsmDriver other = factory.install(new MockContext("msm").context);
        assertThatThrownBy(() -> other.getVaddr(o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another msm installation");
        assertThat(other.stats().objects()).as("a second install shares nothing with the first").isZero();
        msm.putVaddr(o);
        msm.free(o);
        assertThatThrownBy(() -> msm.getVaddr(o)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was freed");
    }

    @Test
    void uninstallUnregistersFirstThenFreesEveryMappingAndPageRun() {
        MockContext ctx = new MockContext("msm");
        msm = factory.install(ctx.context);
        List<MsmObject> objects = cachedObjects(3);
        msm.getVaddr(objects.get(1)); // still pinned by the host: uninstall frees it anyway

        msm.close();

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

    // ---- lock modes (D17; docs/fidelity.md §11, §15) ---------------------------------------------

    /**
     * Runs {@code whileHeld} while another thread ("mapper") is inside {@link MsmPlugin#getVaddr}'s vmap
     * allocation of a fresh object, parked there until {@code whileHeld} is done. In {@code trylock}
     * mode the mapper holds the cache lock all that time, as msm holds {@code struct_mutex} across
     * {@code vmap()}.
     */
    private void whileAnotherThreadIsInsideGetVaddrsAllocation(MockContext ctx, Runnable whileHeld) throws Exception {
        MsmObject obj = msm.newObject(PAGE);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> mapper = new AtomicReference<>();
        AtomicReference<Throwable> mapperFailed = new AtomicReference<>();
        doAnswer(inv -> {
            if (Thread.currentThread() == mapper.get()) {
                inside.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
            }
            return ctx.fakeAllocate(inv.getArgument(0));
        }).when(ctx.allocator).allocate(any(VmapRequest.class));
        Thread t = new Thread(() -> {
            try {
                msm.getVaddr(obj);
            } catch (Throwable e) {
                mapperFailed.set(e);
            }
        }, "mapper");
        mapper.set(t);
        t.start();
        try {
            assertThat(inside.await(30, TimeUnit.SECONDS)).as("the mapper reached its allocation").isTrue();
            whileHeld.run();
        } finally {
            release.countDown();
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(mapperFailed.get()).isNull();
        assertThat(obj.pinCount()).isEqualTo(1);
    }

    private static ShrinkControl scan(long nrToScan) {
        ShrinkControl sc = new ShrinkControl(0, 0, true);
        sc.setNrToScan(nrToScan);
        return sc;
    }

    /**
     * Without a {@code lock} setting the plugin waits: the mapping path releases the cache lock before it
     * allocates, the count reads without the lock, and a notifier call that meets another thread's hold
     * waits for it and then unmaps, never giving up.
     */
    @Test
    void waitModeIsTheDefault() throws Exception {
        MockContext ctx = new MockContext("msm");
        msm = factory.install(ctx.context);
        assertThat(msm.lockMode()).isEqualTo(MsmPlugin.LockMode.WAIT);
        cachedObjects(3);
        MsmObject dontNeed = msm.newObject(2 * PAGE);
        msm.madvise(dontNeed, MsmObject.Madv.DONTNEED);
        MsmObject target = msm.newObject(PAGE);
        List<Boolean> lockedDuringAllocation = new ArrayList<>();
        doAnswer(inv -> {
            lockedDuringAllocation.add(msm.lock.isLocked());
            return ctx.fakeAllocate(inv.getArgument(0));
        }).when(ctx.allocator).allocate(any(VmapRequest.class));
        msm.getVaddr(target);
        assertThat(lockedDuringAllocation).as("getVaddr allocates with the cache lock released").containsExactly(false);

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            msm.lock.lock(); // another thread in the cache, e.g. a host call
            try {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                msm.lock.unlock();
            }
        }, "holder");
        holder.start();
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        Shrinker shrinker = ctx.shrinker();
        AtomicReference<Integer> result = new AtomicReference<>();
        Thread notifier = new Thread(() -> result.set(call(block, e)), "allocating");
        try {
            assertThat(shrinker.countObjects(scan(0))).as("the count does not wait").isEqualTo(2);
            notifier.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!msm.lock.hasQueuedThread(notifier) && System.nanoTime() - deadline < 0) {
                Thread.sleep(1);
            }
            assertThat(msm.lock.hasQueuedThread(notifier)).as("the notifier waits for the lock").isTrue();
            assertThat(e.freed()).isZero();
        } finally {
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(30));
            notifier.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(result.get()).isEqualTo(Notify.DONE);
        assertThat(e.freed()).as("once the lock is free it unmaps the three cached mappings").isEqualTo(3);
        MsmStats stats = msm.stats();
        assertThat(stats.notifierGiveUps()).isZero();
        assertThat(stats.shrinkerGiveUps()).isZero();
        assertThat(stats.lockSteals()).isZero();
    }

    @Test
    void theLockSettingSelectsTheModeInAnyCase() {
        for (String[] setting : List.of(new String[] {"lock=trylock", "TRYLOCK"}, new String[] {"lock=TryLock", "TRYLOCK"},
                new String[] {"lock= wait ", "WAIT"}, new String[] {"lock=WAIT", "WAIT"})) {
            MsmDriver driver = new MsmPlugin().install(new MockContext("msm", setting[0]).context);
            assertThat(driver.lockMode()).as(setting[0]).isEqualTo(MsmPlugin.LockMode.valueOf(setting[1]));
        }
        assertThat(MsmPlugin.LockMode.TRYLOCK.setting()).isEqualTo("trylock");
        assertThat(MsmPlugin.LockMode.WAIT.setting()).isEqualTo("wait");
    }

    @Test
    void aBadLockSettingNamesTheKeyAndTheValueAndRefusesInstallation() {
        for (String[] bad : List.of(new String[] {"lock=spin", "vmapkit.plugin.msm.lock = spin: must be wait or trylock"},
                new String[] {"lock=", "vmapkit.plugin.msm.lock = : must be wait or trylock"},
                new String[] {"lock=try-lock", "vmapkit.plugin.msm.lock = try-lock: must be wait or trylock"},
                new String[] {"lok=trylock", "unknown setting 'vmapkit.plugin.msm.lok' (did you mean 'vmapkit.plugin.msm.lock'?)"})) {
            MockContext ctx = new MockContext("msm", bad[0]);
            MsmPlugin plugin = new MsmPlugin();
            assertThatThrownBy(() -> plugin.install(ctx.context)).as(bad[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[1]);
            verifyNoInteractions(ctx.purgeChain, ctx.shrinkers, ctx.allocator, ctx.pagePool);
            assertThat(plugin.install(new MockContext("msm").context).lockMode()).as("a good install after the refused one")
                    .isEqualTo(MsmPlugin.LockMode.WAIT);
        }
    }

    /**
     * {@code msm_gem_shrinker_lock} when another thread holds {@code struct_mutex} (here: inside its own
     * {@code getVaddr}'s vmap): the notifier unmaps and adds nothing and returns NOTIFY_DONE, the count
     * is 0, the scan SHRINK_STOP; each give-up is counted and logged. Once the lock is free the same
     * callbacks do their work.
     */
    @Test
    void trylockModeCallbacksGiveUpWhenAnotherThreadHoldsTheLock() throws Exception {
        MockContext ctx = new MockContext("msm", "lock=trylock");
        msm = factory.install(ctx.context);
        List<MsmObject> cached = cachedObjects(3);
        MsmObject dontNeed = msm.newObject(2 * PAGE);
        msm.madvise(dontNeed, MsmObject.Madv.DONTNEED);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        Shrinker shrinker = ctx.shrinker();
        VmapPurgeEvent e = ctx.purgeEvent(1, 1);
        List<Long> results = new ArrayList<>();
        try (LogCapture log = new LogCapture(MsmPlugin.class)) {
            whileAnotherThreadIsInsideGetVaddrsAllocation(ctx, () -> {
                assertThat(msm.lock.isLocked()).as("the mapper holds the cache lock across its vmap").isTrue();
                results.add((long) call(block, e));
                results.add(shrinker.countObjects(scan(0)));
                results.add(shrinker.scanObjects(scan(128)));
            });
            assertThat(log.messages()).containsExactly(
                    "INFO vmap notifier gave up: the cache lock (struct_mutex) is held by another thread; nothing unmapped",
                    "INFO shrinker count gave up: the cache lock (struct_mutex) is held by another thread; counting 0",
                    "INFO shrinker scan gave up: the cache lock (struct_mutex) is held by another thread; SHRINK_STOP");
        }
        assertThat(results).containsExactly((long) Notify.DONE, 0L, Shrinker.SHRINK_STOP);
        assertThat(e.freed()).isZero();
        assertThat(e.contributions()).isEmpty();
        verify(ctx.allocator, never()).free(any(VmapArea.class));
        verify(ctx.pagePool, never()).free(any(PageRun.class));
        assertThat(cached).allMatch(MsmObject::isMapped);
        assertThat(dontNeed.isPurged()).isFalse();
        MsmStats stats = msm.stats();
        assertThat(stats.notifierGiveUps()).isEqualTo(1);
        assertThat(stats.shrinkerGiveUps()).isEqualTo(2);
        assertThat(stats.notifierCalls()).as("a give-up walks nothing").isZero();
        assertThat(stats.giveUpMessages()).isEqualTo(3);
        assertThat(stats.lockSteals()).isZero();

        VmapPurgeEvent later = ctx.purgeEvent(1, 2);
        call(block, later);
        assertThat(later.freed()).as("the lock is free again: trylock succeeds").isEqualTo(3);
        assertThat(shrinker.countObjects(scan(0))).isEqualTo(2);
        assertThat(msm.lock.isLocked()).as("and is released afterwards").isFalse();
        assertThat(msm.stats().notifierCalls()).isEqualTo(1);
        assertThat(msm.stats().lockSteals()).isZero();
    }

    /**
     * Lock stealing ({@code MUTEX_TRYLOCK_RECURSIVE}): the notifier fires inside the plugin's own locked
     * mapping path, on the thread that holds the cache lock across its vmap. It proceeds under that hold
     * without re-entering or releasing it, and never unmaps the object being mapped (pinned first).
     */
    @Test
    void trylockModeProceedsWhenTheAllocatingThreadOwnsTheLock() {
        MockContext ctx = new MockContext("msm", "lock=trylock");
        msm = factory.install(ctx.context);
        List<MsmObject> others = cachedObjects(3);
        MsmObject target = msm.newObject(PAGE);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        List<Boolean> heldDuringAllocation = new ArrayList<>();
        List<Integer> pinsSeenInsideAllocate = new ArrayList<>();
        List<Integer> holdCountAfterTheCallback = new ArrayList<>();
        List<Long> freedInside = new ArrayList<>();
        doAnswer(inv -> {
            heldDuringAllocation.add(msm.lock.isHeldByCurrentThread());
            pinsSeenInsideAllocate.add(target.vmapCount); // read the field: we hold the lock already
            VmapPurgeEvent e = ctx.purgeEvent(1, 1); // the overflow path calls the chain on this thread
            call(block, e);
            holdCountAfterTheCallback.add(msm.lock.getHoldCount());
            freedInside.add(e.freed());
            return ctx.fakeAllocate(inv.getArgument(0));
        }).when(ctx.allocator).allocate(any(VmapRequest.class));

        VmapArea mapping = msm.getVaddr(target);

        assertThat(heldDuringAllocation).as("getVaddr holds the cache lock across its vmap").containsExactly(true);
        assertThat(pinsSeenInsideAllocate).containsExactly(1);
        assertThat(holdCountAfterTheCallback).as("neither re-entered nor released by the callback").containsExactly(1);
        assertThat(freedInside).containsExactly(3L);
        assertThat(msm.lock.isLocked()).as("getVaddr released its hold").isFalse();
        assertThat(target.isMapped()).isTrue();
        assertThat(mapping.state()).isEqualTo(AreaState.LIVE);
        assertThat(others).noneMatch(MsmObject::isMapped);
        MsmStats stats = msm.stats();
        assertThat(stats.lockSteals()).isEqualTo(1);
        assertThat(stats.notifierCalls()).isEqualTo(1);
        assertThat(stats.notifierUnmaps()).isEqualTo(3);
        assertThat(stats.notifierGiveUps()).isZero();
    }

    /**
     * The shrinker steals too: in {@code trylock} mode {@code newObject} holds the cache lock across its
     * page allocation (msm allocates pages under {@code struct_mutex}), and direct reclaim on that
     * thread runs the count and the scan under that hold.
     */
    @Test
    void trylockModeShrinkerProceedsWhenTheAllocatingThreadOwnsTheLock() {
        MockContext ctx = new MockContext("msm", "lock=trylock");
        msm = factory.install(ctx.context);
        MsmObject old = msm.newObject(4 * PAGE);
        msm.getVaddr(old);
        msm.putVaddr(old);
        msm.madvise(old, MsmObject.Madv.DONTNEED);
        Shrinker shrinker = ctx.shrinker();
        List<Boolean> heldDuringAllocation = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<Long> scans = new ArrayList<>();
        List<Integer> holdCountAfterReclaim = new ArrayList<>();
        doAnswer(inv -> { // the page pool runs direct reclaim on this thread before it hands out pages
            heldDuringAllocation.add(msm.lock.isHeldByCurrentThread());
            counts.add(shrinker.countObjects(scan(0)));
            scans.add(shrinker.scanObjects(scan(4)));
            holdCountAfterReclaim.add(msm.lock.getHoldCount());
            return mock(PageRun.class);
        }).when(ctx.pagePool).allocate(anyLong());

        MsmObject fresh = msm.newObject(8 * PAGE);

        assertThat(heldDuringAllocation).containsExactly(true);
        assertThat(counts).containsExactly(4L);
        assertThat(scans).containsExactly(4L);
        assertThat(holdCountAfterReclaim).containsExactly(1);
        assertThat(msm.lock.isLocked()).isFalse();
        assertThat(old.isPurged()).isTrue();
        verify(ctx.allocator).free(ctx.areas.get(0));
        assertThat(fresh.isPurged()).isFalse();
        MsmStats stats = msm.stats();
        assertThat(stats.lockSteals()).isEqualTo(2);
        assertThat(stats.shrinkerPurges()).isEqualTo(1);
        assertThat(stats.shrinkerGiveUps()).isZero();
        assertThat(stats.objects()).isEqualTo(2);
    }

    @Test
    void trylockModeGiveUpsAreLoggedRateLimitedOnTheSystemClock() throws Exception {
        MockContext ctx = new MockContext("msm", "lock=trylock", "log-interval-ms=5000", "log-burst=10");
        msm = factory.install(ctx.context);
        NotifierBlock<VmapPurgeEvent> block = ctx.purgeBlock();
        String gaveUp = "INFO vmap notifier gave up: the cache lock (struct_mutex) is held by another thread; nothing unmapped";
        try (LogCapture log = new LogCapture(MsmPlugin.class)) {
            whileAnotherThreadIsInsideGetVaddrsAllocation(ctx, () -> {
                for (int i = 0; i < 12; i++) {
                    call(block, ctx.purgeEvent(1, 1));
                }
                assertThat(log.messages()).hasSize(10).allMatch(gaveUp::equals);
                ctx.clock.advance(Duration.ofSeconds(5));
                call(block, ctx.purgeEvent(1, 1));
            });
            assertThat(log.messages().subList(10, 12)).containsExactly("INFO msm: 2 callbacks suppressed", gaveUp);
        }
        MsmStats stats = msm.stats();
        assertThat(stats.notifierGiveUps()).isEqualTo(13);
        assertThat(stats.giveUpMessages()).isEqualTo(11);
        assertThat(stats.giveUpMessagesSuppressed()).isEqualTo(2);
        assertThat(stats.purgeMessages()).as("apart from the Purging message's limit").isZero();
    }
}
