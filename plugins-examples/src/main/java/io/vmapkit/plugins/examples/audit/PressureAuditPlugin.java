package io.vmapkit.plugins.examples.audit;

import com.google.auto.service.AutoService;
import io.vmapkit.api.Errno;
import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An observer that sits at the <em>end</em> of the purge and OOM notifier chains and records who freed
 * what, how often the space ran out, the largest request that failed and how many rounds allocations
 * needed; it never frees anything. {@link #summary()} prints it as a text table.
 *
 * <h2>How it sees what it sees</h2>
 * Its blocks have the lowest priority ({@link Integer#MIN_VALUE} by default), so they run after every
 * other block of the round, and the event's {@link FreedCounter#contributions()} already holds what
 * each of those blocks added. From each call it learns:
 * <ul>
 *   <li>the round number ({@link VmapPurgeEvent#round()}): round 1 is an allocation that ran out of space
 *       after the overflow path's purge; the count of calls per round number gives the rounds each
 *       allocation needed, without following threads;</li>
 *   <li>the failing request ({@link VmapPurgeEvent#neededBytes()}, {@link OomEvent#requestedPages()});</li>
 *   <li>whether anybody freed anything: if {@code freed() == 0} when the audit runs last, the
 *       allocation fails next (EBUSY or ENOMEM), so the request is recorded as one nothing was freed
 *       for.</li>
 * </ul>
 *
 * <h2>What it cannot see</h2>
 * A plugin cannot install listeners through its context ({@link PluginContext#listener()} is for
 * <em>reporting</em>), so from the chains alone it does not see: allocations that never ran out;
 * whether an allocation that got progress then succeeded, or failed at vmapkit's round cap; ENOMEM
 * from the descriptor allocation (no chain runs); non-blocking requests, which skip the chain; blocks
 * that run after it (another block of priority {@code Integer.MIN_VALUE} registered later). For the
 * outcomes, a host can add {@link #outcomeListener()} to the system's listeners:
 * <pre>{@code
 * PressureAuditPlugin audit = new PressureAuditPlugin();
 * VmapSystem system = VmapKit.builder().plugin(audit).listener(audit.outcomeListener()).start();
 * ...
 * System.out.print(audit.summary());
 * }</pre>
 *
 * <h2>Settings</h2>
 * <table>
 *   <caption>{@code vmapkit.plugin.pressure-audit.<key>}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PRIORITY}</td><td>{@code -2147483648}</td><td>priority of both blocks; keep it
 *       below every reclaiming block, or the audit misses their contributions</td></tr>
 * </table>
 *
 * <h2>Locking</h2>
 * One monitor guards the tallies; callbacks hold it only to add numbers (they copy the event's
 * contributions before taking it). Both blocks run on allocating threads under their chain's read
 * lock; like every block they must not register or unregister on that chain. The outcome listener runs
 * on allocating threads, never under the allocator's lock, and only counts. All methods are
 * thread-safe; the audit keeps its tallies across uninstall, so a host can print them afterwards.
 */
@AutoService(VmapPlugin.class)
public final class PressureAuditPlugin implements VmapPlugin {

    /** The plugin's name and the name of its blocks. */
    public static final String NAME = "pressure-audit";
    /** Setting: the blocks' priority. */
    public static final String PRIORITY = "priority";

    private final Object lock = new Object();

    // ---- guarded by lock ----
    private final Tally purge = new Tally();
    private final Tally oom = new Tally();
    /** Whether the outcome listener has seen an allocation; volatile, written without the lock. */
    private volatile boolean listenerAttached;
    private long busyFailures;
    private long roundCapFailures;
    private long noMemoryFailures;
    private long largestFailedRequest;
    private List<String> lastClaimedProgress = List.of();
    private boolean isInstalled;

    /** A fresh audit. Discovery calls this constructor. */
    public PressureAuditPlugin() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "observes the purge and OOM chains last: who freed what, how often space ran out, largest failed request";
    }

    /**
     * Registers one block on the purge chain and one on the OOM chain, both at the configured (lowest)
     * priority.
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value, before anything is
     *     registered
     * @throws IllegalStateException if this instance is already installed
     */
    @Override
    public void install(PluginContext context) {
        synchronized (lock) {
            if (isInstalled) {
                throw new IllegalStateException("plugin '" + NAME + "' is already installed; create another instance");
            }
        }
        int priority = PluginSettings.of(context, PRIORITY).intValue(PRIORITY, Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
        context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(NAME, priority, this::onPurgeRound));
        context.oomChain().register(NotifierBlock.<OomEvent>of(NAME, priority, this::onOomRound));
        synchronized (lock) {
            isInstalled = true;
        }
    }

    /** Nothing to free; the runtime unregisters both blocks. The tallies stay readable. */
    @Override
    public void uninstall(PluginContext context) {
        synchronized (lock) {
            isInstalled = false;
        }
    }

    // ---- the blocks ---------------------------------------------------------------------------

    /** Records one purge-notifier round. Runs last, under the purge chain's read lock. */
    private int onPurgeRound(long action, VmapPurgeEvent event) {
        Map<String, Long> contributions = event.contributions(); // a copy, taken before our lock
        synchronized (lock) {
            purge.record(event.round(), event.neededBytes(), contributions);
        }
        return Notify.DONE; // never adds to freed: an observer must not claim progress
    }

    /** Records one OOM round. Runs last, under the OOM chain's read lock. */
    private int onOomRound(long action, OomEvent event) {
        Map<String, Long> contributions = event.contributions();
        synchronized (lock) {
            oom.record(0, event.requestedPages(), contributions);
        }
        return Notify.DONE;
    }

    // ---- host API -----------------------------------------------------------------------------

    /**
     * A listener that records allocation outcomes the chains cannot show (EBUSY at the round cap,
     * ENOMEM, the largest failed request). Add it to the system's listeners when building it. It is fast,
     * never throws, and may be called from many threads at once. The same instance is returned each time.
     */
    public VmapListener outcomeListener() {
        return outcomes;
    }

    private final VmapListener outcomes = new VmapListener() {
        /** Every allocation ends here: marks the listener attached (a volatile read on the hot path). */
        @Override
        public void allocVmapArea(AllocVmapAreaEvent event) {
            if (!listenerAttached) {
                listenerAttached = true;
            }
        }

        @Override
        public void vmapAllocFailed(VmapAllocFailedEvent event) {
            VmapRequest request = event.request();
            Errno errno = event.errno();
            List<String> claimedProgress = event.claimedProgress();
            synchronized (lock) {
                if (errno == Errno.ENOMEM) {
                    noMemoryFailures++;
                } else {
                    busyFailures++;
                    if (!claimedProgress.isEmpty()) { // only a round-cap failure names claimants
                        roundCapFailures++;
                        lastClaimedProgress = List.copyOf(claimedProgress);
                    }
                }
                if (Long.compareUnsigned(request.size(), largestFailedRequest) > 0) {
                    largestFailedRequest = request.size();
                }
            }
        }

        @Override
        public String toString() {
            return NAME + " outcome listener";
        }
    };

    /** Everything recorded so far, as one consistent reading. */
    public AuditReport report() {
        synchronized (lock) {
            return new AuditReport(purge.snapshot(), oom.snapshot(), new AuditReport.Outcomes(listenerAttached,
                    busyFailures, roundCapFailures, noMemoryFailures, largestFailedRequest, lastClaimedProgress));
        }
    }

    /** {@link #report()} as a printable text table. */
    public String summary() {
        return report().toTable();
    }

    @Override
    public String toString() {
        return "PressureAuditPlugin[" + (isInstalledNow() ? "installed" : "not installed") + "]";
    }

    private boolean isInstalledNow() {
        synchronized (lock) {
            return isInstalled;
        }
    }

    /** One chain's counters. Guarded by the plugin's lock. */
    private static final class Tally {
        long rounds;
        long episodes;
        long noProgress;
        long largest;
        long largestUnhelped;
        final List<Long> reached = new ArrayList<>();
        final Map<String, Long> freedBy = new HashMap<>();
        final Map<String, Long> roundsBy = new HashMap<>();

        /** @param round the round number, or 0 if the chain numbers none */
        void record(int round, long request, Map<String, Long> contributions) {
            rounds++;
            if (round == 1) {
                episodes++;
            }
            if (round >= 1) {
                while (reached.size() < round) {
                    reached.add(0L);
                }
                reached.set(round - 1, reached.get(round - 1) + 1);
            }
            if (Long.compareUnsigned(request, largest) > 0) {
                largest = request;
            }
            if (contributions.isEmpty()) {
                noProgress++;
                if (Long.compareUnsigned(request, largestUnhelped) > 0) {
                    largestUnhelped = request;
                }
            }
            contributions.forEach((block, n) -> {
                freedBy.merge(block, n, PressureAuditPlugin::saturatingAdd);
                roundsBy.merge(block, 1L, Long::sum);
            });
        }

        AuditReport.ChainAudit snapshot() {
            return new AuditReport.ChainAudit(rounds, episodes, noProgress, largest, largestUnhelped, reached, freedBy,
                    roundsBy);
        }
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
