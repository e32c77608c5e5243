package io.vmapkit.plugins.examples.audit;

import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link PressureAuditPlugin} installed into one system: the tallies of that system's purge and OOM
 * notifier rounds, and the {@link AuditOutcomes} the plugin was given (or a fresh, unattached one).
 * {@link #report()} and {@link #summary()} read them; they stay readable after the plugin was
 * uninstalled, so a host can print them once the system is closed.
 *
 * <p><b>Threading and ownership.</b> The system owns it (a host reads it through
 * {@code system.installed(PressureAudit.class)}); its close does nothing, the system unregisters both
 * blocks. One monitor guards the tallies; the blocks hold it only to add numbers (they copy the
 * event's contributions before taking it). All methods are thread-safe.
 */
public final class PressureAudit implements InstalledPlugin {

    private final Object lock = new Object();
    private final AuditOutcomes outcomes;

    // ---- guarded by lock ----
    private final Tally purge = new Tally();
    private final Tally oom = new Tally();

    PressureAudit(AuditOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    // ---- the blocks ---------------------------------------------------------------------------

    /** Records one purge-notifier round. Runs last, under the purge chain's read lock. */
    int onPurgeRound(long action, VmapPurgeEvent event) {
        Map<String, Long> contributions = event.contributions(); // a copy, taken before our lock
        synchronized (lock) {
            purge.record(event.round(), event.neededBytes(), contributions);
        }
        return Notify.DONE; // never adds to freed: an observer must not claim progress
    }

    /** Records one OOM round. Runs last, under the OOM chain's read lock. */
    int onOomRound(long action, OomEvent event) {
        Map<String, Long> contributions = event.contributions();
        synchronized (lock) {
            oom.record(0, event.requestedPages(), contributions);
        }
        return Notify.DONE;
    }

    // ---- host API -----------------------------------------------------------------------------

    /**
     * The outcome listener this audit reports: the one the plugin was built with, or, for a plugin
     * built without one, a fresh listener nobody attached.
     */
    public VmapListener outcomeListener() {
        return outcomes;
    }

    /** Everything recorded so far, as one consistent reading. */
    public AuditReport report() {
        AuditReport.Outcomes o = outcomes.snapshot();
        synchronized (lock) {
            return new AuditReport(purge.snapshot(), oom.snapshot(), o);
        }
    }

    /** {@link #report()} as a printable text table. */
    public String summary() {
        return report().toTable();
    }

    @Override
    public String toString() {
        return "PressureAudit";
    }

    /** One chain's counters. Guarded by the audit's lock. */
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
                freedBy.merge(block, n, PressureAudit::saturatingAdd);
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
