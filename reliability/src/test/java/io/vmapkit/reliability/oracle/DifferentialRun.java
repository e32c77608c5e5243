package io.vmapkit.reliability.oracle;

import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.Addresses;
import io.vmapkit.api.Errno;
import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.reliability.support.Invariants;
import io.vmapkit.reliability.support.Providers;
import io.vmapkit.testsupport.OpLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the same operations on {@code free-tree}, {@code busy-list} and the {@link FirstFitModel} and
 * demands the same result from all three at every step: the same address for every placement, the
 * same failure (EINVAL rejection, ENOMEM, EBUSY with the same number of notifier rounds and cap
 * flag), the same purge results, and — every {@code compareEvery} operations and at the end — the
 * same ranges and the same statistics.
 *
 * <p>Each allocator gets its own blocking purge chain with one block, {@code "evictor"}, that frees
 * up to N areas from a cache of areas (the same logical areas in every world, in the same order)
 * and adds the count to {@code freed}; when told to lie it also adds 1 without freeing anything, so
 * the round cap is exercised. The model runs the same policy. A descriptor fault is injected into
 * both allocators through their {@link FaultInjector} for the operations that ask for one.
 *
 * <p>On the first disagreement it throws an {@link AssertionError} with the context (space,
 * configuration, seed text) and the last operations. One thread.
 */
public final class DifferentialRun {

    /** The worlds: 0 free-tree, 1 busy-list. */
    private static final String[] NAMES = {"free-tree", "busy-list"};
    /** The block's name on every chain. */
    static final String EVICTOR = "evictor";

    /** One logical area, in every world. */
    private static final class Held {
        final VmapArea[] area = new VmapArea[NAMES.length];
        FirstFitModel.Area model;
        boolean gone;

        @Override
        public String toString() {
            return String.valueOf(model);
        }
    }

    private final AddressSpace space;
    private final String context;
    private final int compareEvery;
    private final VmapAllocator[] allocators = new VmapAllocator[NAMES.length];
    private final FirstFitModel model;
    private final OpLog log = new OpLog(200);
    private final List<Held> held = new ArrayList<>();
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made from the raw type
    private final ArrayDeque<Held>[] caches = new ArrayDeque[NAMES.length + 1];
    @SuppressWarnings({"unchecked", "rawtypes"})
    private final List<Held>[] evicted = new List[NAMES.length + 1];

    private long ops;
    private boolean faultNow;
    private int evictPerRound;
    private boolean lie;

    /** Outcome counts, for the summary line. */
    long placed;
    long busy;
    long enomem;
    long rejected;
    long capped;
    long hugeAligned;

    /**
     * @param lazyMaxPages the purge threshold given to every world
     * @param maxRounds the notifier round cap, or -1
     * @param context seed and label, for messages
     * @param compareEvery compare whole ranges and statistics every this many operations
     */
    public DifferentialRun(AddressSpace space, long lazyMaxPages, int maxRounds, String context, int compareEvery) {
        this.space = space;
        this.context = context;
        this.compareEvery = compareEvery;
        for (int w = 0; w <= NAMES.length; w++) {
            caches[w] = new ArrayDeque<>();
            evicted[w] = new ArrayList<>();
        }
        FaultInjector faults = site -> faultNow && FaultInjector.VMAP_AREA_DESCRIPTOR.equals(site);
        for (int w = 0; w < NAMES.length; w++) {
            int world = w;
            NotifierChain<VmapPurgeEvent> chain = Providers.notifier()
                    .newChain("vmap_notify_list", ChainKind.BLOCKING, Settings.empty(), NotifierContext.defaults());
            chain.register(NotifierBlock.<VmapPurgeEvent>of(EVICTOR, 0, (action, event) -> {
                event.add(evict(world));
                return Notify.DONE;
            }));
            AllocatorConfig config = AllocatorConfig.builder(space).ncpus(1).lazyMaxPages(lazyMaxPages)
                    .maxNotifierRounds(maxRounds).purgeChain(chain).faults(faults).build();
            allocators[w] = config.createWith(Providers.allocator(NAMES[w]));
        }
        this.model = new FirstFitModel(space, lazyMaxPages, maxRounds, true);
    }

    /** The block's policy in world {@code w} (the model is world {@code NAMES.length}): evict, maybe lie. */
    private long evict(int w) {
        long freed = 0;
        for (int i = 0; i < evictPerRound && !caches[w].isEmpty(); i++) {
            Held h = caches[w].poll();
            evicted[w].add(h);
            if (w == NAMES.length) {
                model.free(h.model);
            } else {
                allocators[w].free(h.area[w]);
            }
            freed++;
        }
        return freed + (lie ? 1 : 0);
    }

    /** Number of areas held now (live in every world). */
    public int held() {
        return held.size();
    }

    /** Applies {@code op} to every world and checks they agree. */
    public void apply(Op op) {
        ops++;
        log.add(op.toString());
        try {
            if (op instanceof Op.Alloc a) {
                allocate(a);
            } else if (op instanceof Op.Free f) {
                if (held.isEmpty()) {
                    return;
                }
                int i = (int) Long.remainderUnsigned(f.index(), held.size());
                Held h = held.get(i);
                held.set(i, held.get(held.size() - 1));
                held.remove(held.size() - 1);
                for (int w = 0; w < NAMES.length; w++) {
                    allocators[w].free(h.area[w]);
                }
                model.free(h.model);
                for (ArrayDeque<Held> c : caches) {
                    c.remove(h);
                }
                log.add("  freed " + h);
            } else {
                boolean expected = model.purge();
                for (int w = 0; w < NAMES.length; w++) {
                    boolean got = allocators[w].purgeLazy();
                    check(got == expected, NAMES[w] + ".purgeLazy() returned " + got + ", the model " + expected);
                }
            }
            if (ops % compareEvery == 0) {
                compareWhole();
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(context + "\n" + e + "\n" + log, e);
        }
    }

    private void allocate(Op.Alloc a) {
        if (Long.compareUnsigned(a.request().align(), 1L << 23) >= 0) {
            hugeAligned++;
        }
        evictPerRound = a.evictPerRound();
        lie = a.lie();
        for (List<Held> e : evicted) {
            e.clear();
        }
        FirstFitModel.Outcome expected = model.allocate(a.request(), a.descriptorFault(),
                () -> evict(NAMES.length));
        Held h = new Held();
        h.model = expected.area();
        for (int w = 0; w < NAMES.length; w++) {
            VmapStats before = expected.rejected() ? allocators[w].stats() : null;
            faultNow = a.descriptorFault();
            try {
                h.area[w] = allocators[w].allocate(a.request());
                check(expected.area() != null, NAMES[w] + " placed " + Addresses.hex(h.area[w].start()) + ", the model "
                        + (expected.failure() == Errno.EINVAL ? "rejects it: " + expected.why() : "fails it with " + expected.failure()));
                check(h.area[w].start() == expected.area().start() && h.area[w].end() == expected.area().end(),
                        NAMES[w] + " placed [" + Addresses.hex(h.area[w].start()) + ", " + Addresses.hex(h.area[w].end())
                                + "), the model " + expected.area());
            } catch (IllegalArgumentException e) {
                check(expected.rejected(), NAMES[w] + " rejected the request (" + e.getMessage() + "), the model "
                        + (expected.area() != null ? "placed " + expected.area() : "fails it with " + expected.failure()));
                check(allocators[w].stats().equals(before), NAMES[w] + " changed its statistics on a rejected request");
            } catch (VmapAllocationException e) {
                check(e.errno() == expected.failure(), NAMES[w] + " failed with " + e.errno() + " (" + e.getMessage()
                        + "), the model " + (expected.area() != null ? "placed " + expected.area()
                                : expected.failure() + (expected.rejected() ? ": " + expected.why() : "")));
                check(e.notifierRounds() == expected.rounds() && e.roundCapReached() == expected.capReached(),
                        NAMES[w] + " ran " + e.notifierRounds() + " notifier rounds (cap reached " + e.roundCapReached()
                                + "), the model " + expected.rounds() + " (" + expected.capReached() + ")");
                if (e.roundCapReached()) {
                    check(e.claimedProgress().contains(EVICTOR) && e.getMessage().contains(EVICTOR),
                            NAMES[w] + " reached the round cap without naming '" + EVICTOR + "': " + e.getMessage());
                }
            } finally {
                faultNow = false;
            }
            check(evicted[w].equals(evicted[NAMES.length]), NAMES[w] + "'s notifier evicted " + evicted[w] + ", the model's "
                    + evicted[NAMES.length]);
        }
        for (Held gone : evicted[NAMES.length]) {
            gone.gone = true;
        }
        if (!evicted[NAMES.length].isEmpty()) {
            held.removeIf(x -> x.gone);
        }
        if (expected.area() != null) {
            placed++;
            held.add(h);
            if (a.cache()) {
                for (ArrayDeque<Held> c : caches) {
                    c.add(h);
                }
            }
            log.add("  -> " + expected.area() + (evicted[NAMES.length].isEmpty() ? "" : " after evicting " + evicted[NAMES.length]));
        } else {
            switch (expected.failure()) {
                case EBUSY -> busy++;
                case ENOMEM -> enomem++;
                default -> rejected++;
            }
            if (expected.capReached()) {
                capped++;
            }
            log.add("  -> " + expected.failure() + (expected.rejected() ? " (" + expected.why() + ")" : "")
                    + (expected.rounds() > 0 ? " after " + expected.rounds() + " notifier rounds" : ""));
        }
    }

    /** Compares the whole state of every world with the model and checks every invariant. */
    public void compareWhole() {
        var expectedRanges = model.ranges();
        long[] expectedStats = model.stats();
        for (int w = 0; w < NAMES.length; w++) {
            Invariants.check(allocators[w], NAMES[w]);
            var ranges = allocators[w].snapshot().ranges();
            if (!ranges.equals(expectedRanges)) {
                int i = 0;
                while (i < Math.min(ranges.size(), expectedRanges.size()) && ranges.get(i).equals(expectedRanges.get(i))) {
                    i++;
                }
                throw new AssertionError(NAMES[w] + " ranges differ from the model's at index " + i + ": "
                        + (i < ranges.size() ? ranges.get(i) : "none") + " vs "
                        + (i < expectedRanges.size() ? expectedRanges.get(i) : "none"));
            }
            long[] got = statsOf(allocators[w].stats());
            if (!Arrays.equals(got, expectedStats)) {
                StringBuilder diff = new StringBuilder();
                for (int i = 0; i < got.length; i++) {
                    if (got[i] != expectedStats[i]) {
                        diff.append(' ').append(FirstFitModel.STAT_NAMES.get(i)).append(' ').append(got[i])
                                .append(" (model ").append(expectedStats[i]).append(')');
                    }
                }
                throw new AssertionError(NAMES[w] + " statistics differ from the model's:" + diff);
            }
        }
    }

    /** Ends the run: a last whole comparison, then frees everything, purges and checks every byte came back. */
    public void finish() {
        try {
            compareWhole();
            for (Held h : held) {
                for (int w = 0; w < NAMES.length; w++) {
                    allocators[w].free(h.area[w]);
                }
                model.free(h.model);
            }
            held.clear();
            model.purge();
            for (int w = 0; w < NAMES.length; w++) {
                allocators[w].purgeLazy();
                VmapStats s = allocators[w].stats();
                check(s.freeBytes() == s.spaceBytes() && s.lazyPages() == 0 && s.freeBlocks() == 1,
                        NAMES[w] + " did not return every byte after freeing everything and a purge: " + s);
            }
            compareWhole();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(context + "\n" + e + "\n" + log, e);
        }
    }

    /** The allocators' statistics in the order of {@link FirstFitModel#STAT_NAMES}. */
    static long[] statsOf(VmapStats s) {
        return new long[] {s.liveBytes(), s.lazyBytes(), s.freeBytes(), s.liveAreas(), s.lazyAreas(), s.freeBlocks(),
            s.largestFreeBlock(), s.peakLiveBytes(), s.peakLazyBytes(), s.allocations(), s.allocationFailures(), s.frees(),
            s.searches(), s.purges(), s.purgedAreas(), s.tlbFlushes(), s.notifierRounds(), s.lazyPages()};
    }

    /** A one-line summary of what the run did. */
    public String summary() {
        return ops + " ops: " + placed + " placed, " + busy + " EBUSY (" + capped + " at the round cap), " + enomem
                + " ENOMEM, " + rejected + " rejected, " + hugeAligned + " with alignment >= 8 MiB; free-tree "
                + allocators[0].stats();
    }

    /** Areas placed so far. */
    public long placed() {
        return placed;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
