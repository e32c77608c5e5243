package io.vmapkit.reliability.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.reliability.support.Invariants;
import io.vmapkit.reliability.support.Providers;
import io.vmapkit.reliability.support.Watchdog;
import io.vmapkit.testsupport.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Targeted races on the {@code freed} accounting (docs/fidelity.md §9.2: zeroed before each round,
 * add-only): {@link FreedCounter} under concurrent adds from a callback's helper threads, and
 * {@link VmapPurgeEvent}s of many allocations' overflow paths running at once, each of which must
 * count exactly what was added to it, attributed to the block that added it.
 */
class FreedAccountingRaceTest {

    static final int PAGE = 4096;

    /** §9.2: adds from helper threads during a callback are all counted and attributed to the running block. */
    @Test
    @Timeout(60)
    void concurrentAddsDuringACallbackAreAllCountedAndAttributedToTheRunningBlock() throws Exception {
        long seed = Seeds.seed("concurrent freed adds");
        NotifierChain<FreedCounter> chain = Providers.notifier().newChain("race", ChainKind.BLOCKING, Settings.empty(), NotifierContext.defaults());
        AtomicLong expected = new AtomicLong();
        List<Throwable> crashes = Collections.synchronizedList(new ArrayList<>());
        chain.register(NotifierBlock.<FreedCounter>of("helpers", 0, (action, counter) -> {
            List<Thread> helpers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long tseed = seed + t;
                helpers.add(new Thread(() -> {
                    SplittableRandom r = new SplittableRandom(tseed);
                    for (int i = 0; i < 20_000; i++) {
                        long n = r.nextInt(5);
                        counter.add(n);
                        expected.addAndGet(n);
                        if (i % 1000 == 0) {
                            try {
                                counter.add(-1);
                                crashes.add(new AssertionError("a negative add was accepted"));
                            } catch (IllegalArgumentException refused) {
                                // add-only
                            }
                        }
                    }
                }));
            }
            helpers.forEach(Thread::start);
            try {
                Watchdog.joinAll(helpers, 30, TimeUnit.SECONDS, "helpers");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Notify.DONE;
        }));
        chain.register(NotifierBlock.<FreedCounter>of("after", -1, (action, counter) -> {
            counter.add(7);
            return Notify.DONE;
        }));
        FreedCounter counter = FreedCounter.create();
        chain.call(0, counter);
        assertThat(crashes).isEmpty();
        assertThat(counter.freed()).as(Seeds.replay(seed)).isEqualTo(expected.get() + 7);
        assertThat(counter.contributions()).containsOnlyKeys("helpers", "after")
                .containsEntry("helpers", expected.get()).containsEntry("after", 7L);
        counter.add(3);
        assertThat(counter.contributions()).containsEntry(FreedCounter.OUTSIDE_CALLBACK, 3L);
    }

    /** The total saturates at Long.MAX_VALUE under concurrent huge adds instead of wrapping to "nothing freed". */
    @Test
    @Timeout(60)
    void concurrentHugeAddsSaturateInsteadOfWrapping() throws Exception {
        FreedCounter counter = FreedCounter.create();
        List<Thread> threads = new ArrayList<>();
        AtomicLong wrapped = new AtomicLong();
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.add(Long.MAX_VALUE / 5);
                    if (counter.freed() <= 0) {
                        wrapped.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        Watchdog.joinAll(threads, 30, TimeUnit.SECONDS, "saturating adds");
        assertThat(wrapped).hasValue(0);
        assertThat(counter.freed()).isEqualTo(Long.MAX_VALUE);
        assertThat(counter.contributions().get(FreedCounter.OUTSIDE_CALLBACK)).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> counter.add(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add(-5)");
        assertThat(counter.freed()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Eight threads run the overflow path at once on a tiny space; two blocks free cached areas and
     * record, per event object, what they added. Every round the allocator reports must carry
     * exactly that total and those contributions: rounds of different allocations never share or
     * lose an addition, and each round starts at zero.
     */
    @Test
    @Timeout(120)
    void eachOverflowRoundsEventCountsExactlyWhatWasAddedToIt() throws Exception {
        long seed = Seeds.seed("purge event accounting");
        Map<VmapPurgeEvent, Map<String, Long>> added = Collections.synchronizedMap(new IdentityHashMap<>());
        ConcurrentLinkedQueue<VmapArea> cache = new ConcurrentLinkedQueue<>();
        VmapAllocator[] allocator = new VmapAllocator[1];
        AtomicLong rounds = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        NotifierChain<VmapPurgeEvent> chain = Providers.notifier().newChain("vmap_notify_list", ChainKind.BLOCKING,
                Settings.empty(), NotifierContext.defaults());
        for (String name : List.of("first", "second")) {
            chain.register(NotifierBlock.<VmapPurgeEvent>of(name, 0, (action, event) -> {
                if (event.freed() != 0 && !added.containsKey(event)) {
                    problems.add("round " + event.round() + " did not start at zero: " + event);
                }
                long n = 0;
                VmapArea a;
                while (n < 3 && (a = cache.poll()) != null) {
                    allocator[0].free(a);
                    n++;
                }
                event.add(n);
                added.computeIfAbsent(event, k -> Collections.synchronizedMap(new java.util.LinkedHashMap<>()))
                        .merge(name, n, Long::sum);
                return Notify.DONE;
            }));
        }
        VmapListener check = new VmapListener() {
            @Override
            public void notifierRound(VmapPurgeEvent event) {
                rounds.incrementAndGet();
                Map<String, Long> mine = added.remove(event);
                long sum = mine == null ? 0 : mine.values().stream().mapToLong(Long::longValue).sum();
                Map<String, Long> positive = new java.util.LinkedHashMap<>();
                if (mine != null) {
                    mine.forEach((k, v) -> {
                        if (v > 0) {
                            positive.put(k, v);
                        }
                    });
                }
                if (event.freed() != sum || !event.contributions().equals(positive)) {
                    mismatches.incrementAndGet();
                    problems.add("round " + event.round() + " reports " + event.freed() + " " + event.contributions()
                            + " but blocks added " + mine);
                }
            }
        };
        allocator[0] = AllocatorConfig.builder(AddressSpace.of("tiny", 0x10_0000L, 1L << 20, PAGE)).ncpus(1)
                .lazyMaxPages(16).purgeChain(chain).listener(check).build().createWith(Providers.allocator("free-tree"));
        List<Throwable> crashes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            long tseed = seed + t;
            threads.add(new Thread(() -> {
                SplittableRandom r = new SplittableRandom(tseed);
                List<VmapArea> mine = new ArrayList<>();
                try {
                    go.await();
                    for (int i = 0; i < 4_000; i++) {
                        int d = r.nextInt(10);
                        if (d < 3 && !mine.isEmpty()) {
                            allocator[0].free(mine.remove(r.nextInt(mine.size())));
                        } else {
                            try {
                                VmapArea a = allocator[0].allocate(VmapRequest.builder((long) (1 + r.nextInt(6)) * PAGE)
                                        .flags(AllocFlag.NO_WARN).build());
                                if (d < 6) {
                                    cache.add(a); // handed to the blocks
                                } else {
                                    mine.add(a);
                                }
                            } catch (VmapAllocationException busy) {
                                // the space is tiny
                            }
                        }
                    }
                    mine.forEach(allocator[0]::free);
                } catch (Throwable e) {
                    crashes.add(e);
                }
            }, "overflow-" + t));
        }
        threads.forEach(Thread::start);
        go.countDown();
        Watchdog.joinAll(threads, 90, TimeUnit.SECONDS, "purge event accounting " + Seeds.replay(seed));
        String ctx = Seeds.replay(seed);
        assertThat(crashes).as(ctx).isEmpty();
        assertThat(problems).as(ctx).isEmpty();
        assertThat(mismatches).hasValue(0);
        assertThat(rounds.get()).as("the overflow path ran often: %s", ctx).isGreaterThan(100);
        assertThat(added).as("every event reached the listener").isEmpty();
        assertThat(allocator[0].stats().notifierRounds()).isEqualTo(rounds.get());
        Invariants.check(allocator[0], ctx);
    }
}
