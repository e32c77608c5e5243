package io.vmapkit.workloads.accounting;

import io.vmapkit.api.event.FreeVmapAreaNoflushEvent;
import io.vmapkit.api.event.NotifierBlockQuarantinedEvent;
import io.vmapkit.api.event.NotifierCallEvent;
import io.vmapkit.api.event.NotifierCallFailedEvent;
import io.vmapkit.api.event.OverflowPurgeEvent;
import io.vmapkit.api.event.ShrinkSlabEndEvent;
import io.vmapkit.api.event.ShrinkSlabStartEvent;
import io.vmapkit.api.event.ShrinkerMisbehavedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.workloads.figures.PluginAccount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums what each notifier block and shrinker did during a run, from the system's events (see the
 * package documentation). Add it with {@code VmapKit.builder().listener(...)} and read
 * {@link #accounts()} when the run stops.
 *
 * <p><b>Claims not borne out.</b> The purge chain calls its blocks one after another on the
 * allocating thread, and each call ends with a {@code notifierCall} event; the areas a block frees
 * during its call show up as {@code free_vmap_area_noflush} events on that thread before it. So the
 * frees between the previous call's end (or the overflow purge that precedes the round) and a block's
 * call end are that block's. When the round ends, each block that added to {@code freed} without any
 * such free is charged with a claim not borne out, in the unit it reported.
 *
 * <p><b>Threading.</b> Thread-safe: event methods may be called from any thread; they update this
 * object under its monitor, and the per-call attribution is kept per thread.
 */
public final class PluginAccounting implements VmapListener {

    /** The name of the purge notifier chain in events ({@code vmap_notify_list}). */
    public static final String PURGE_CHAIN = "vmap_notify_list";

    private static final System.Logger LOG = System.getLogger("io.vmapkit.workloads.accounting");

    private static final class Account {
        long notifierCalls;
        long notifierFreed;
        long shrinkPasses;
        long shrinkCounted;
        long shrinkScanned;
        long shrinkFreed;
        long callbackNanos;
        long quarantines;
        long errors;
        long unborneClaims;
        long unborneFreed;
    }

    /** Per thread: frees seen, the mark at the last boundary, frees per block in the current round. */
    private static final class ThreadState {
        long frees;
        long mark;
        final Map<String, Long> roundFrees = new HashMap<>();
        final Map<String, Long> shrinkStart = new HashMap<>();
    }

    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<Thread, ThreadState> threads = new HashMap<>();

    /** A listener with nothing counted yet. */
    public PluginAccounting() {}

    private Account account(String name) {
        return accounts.computeIfAbsent(name, k -> new Account());
    }

    private ThreadState thread() {
        return threads.computeIfAbsent(Thread.currentThread(), k -> new ThreadState());
    }

    @Override
    public synchronized void freeVmapAreaNoflush(FreeVmapAreaNoflushEvent event) {
        thread().frees++;
    }

    @Override
    public synchronized void overflowPurge(OverflowPurgeEvent event) {
        ThreadState t = thread();
        t.mark = t.frees;
        t.roundFrees.clear();
    }

    @Override
    public synchronized void notifierCall(NotifierCallEvent event) {
        Account a = account(event.block());
        a.notifierCalls++;
        a.callbackNanos += Math.max(0, event.durationNanos());
        if (PURGE_CHAIN.equals(event.chain())) {
            ThreadState t = thread();
            t.roundFrees.merge(event.block(), t.frees - t.mark, Long::sum);
            t.mark = t.frees;
        }
    }

    @Override
    public synchronized void notifierRound(VmapPurgeEvent event) {
        ThreadState t = thread();
        event.contributions().forEach((block, freed) -> {
            Account a = account(block);
            a.notifierFreed += freed;
            if (freed > 0 && t.roundFrees.getOrDefault(block, 0L) == 0) {
                if (a.unborneClaims == 0) {
                    LOG.log(System.Logger.Level.WARNING, "vmap purge notifier: block '" + block + "' reported "
                            + freed + " freed in round " + event.round() + " but the allocator saw no area released"
                            + " (a claim not borne out; later ones are counted, not logged)");
                }
                a.unborneClaims++;
                a.unborneFreed += freed;
            }
        });
        t.roundFrees.clear();
        t.mark = t.frees;
    }

    @Override
    public synchronized void notifierCallFailed(NotifierCallFailedEvent event) {
        account(event.block()).errors++;
    }

    @Override
    public synchronized void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {
        account(event.block()).quarantines++;
    }

    @Override
    public synchronized void shrinkSlabStart(ShrinkSlabStartEvent event) {
        Account a = account(event.shrinker());
        a.shrinkPasses++;
        a.shrinkCounted += Math.max(0, event.cacheItems());
        a.shrinkScanned += Math.max(0, event.totalScan());
        thread().shrinkStart.put(event.shrinker(), System.nanoTime());
    }

    @Override
    public synchronized void shrinkSlabEnd(ShrinkSlabEndEvent event) {
        Account a = account(event.shrinker());
        a.shrinkFreed += Math.max(0, event.retval());
        Long start = thread().shrinkStart.remove(event.shrinker());
        if (start != null) {
            a.callbackNanos += Math.max(0, System.nanoTime() - start);
        }
    }

    @Override
    public synchronized void shrinkerMisbehaved(ShrinkerMisbehavedEvent event) {
        Account a = account(event.shrinker());
        if (event.problem().startsWith("quarantined")) {
            a.quarantines++;
        } else {
            a.errors++;
        }
    }

    /** The accounts so far, one per block or shrinker name, in name order, their plugins not known. */
    public List<PluginAccount> accounts() {
        return accounts(Map.of());
    }

    /**
     * The accounts so far, one per block or shrinker name, in name order, each with the plugin that
     * registered it.
     *
     * @param registrants block or shrinker name to the plugin that registered it (as the runtime's
     *     {@code VmapSystem.registrants()} gives it); a name not in it gets an empty plugin
     */
    public synchronized List<PluginAccount> accounts(Map<String, String> registrants) {
        List<PluginAccount> out = new ArrayList<>();
        accounts.forEach((name, a) -> out.add(new PluginAccount(name, registrants.getOrDefault(name, ""), a.notifierCalls, a.notifierFreed, a.shrinkPasses,
                a.shrinkCounted, a.shrinkScanned, a.shrinkFreed, a.callbackNanos, a.quarantines, a.errors,
                a.unborneClaims, a.unborneFreed)));
        return List.copyOf(out);
    }
}
