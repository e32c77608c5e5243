package io.vmapkit.plugins.examples.audit;

import io.vmapkit.api.Addresses;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the pressure audit has seen, as one consistent, immutable reading; {@link #toTable()} prints it.
 *
 * @param purge the vmap purge notifier chain ({@code vmap_notify_list}); requests in bytes
 * @param oom the OOM notifier chain ({@code oom_notify_list}); requests in pages
 * @param outcomes allocation failures, if the host attached an {@link AuditOutcomes}
 */
public record AuditReport(ChainAudit purge, ChainAudit oom, Outcomes outcomes) {

    /** @throws NullPointerException for a missing part */
    public AuditReport {
        Objects.requireNonNull(purge, "purge");
        Objects.requireNonNull(oom, "oom");
        Objects.requireNonNull(outcomes, "outcomes");
    }

    /**
     * One chain as the audit saw it from the end of the chain.
     *
     * @param rounds chain calls seen
     * @param episodes allocations that reached the chain: purge rounds numbered 1 (each is one time the
     *     space ran out after the overflow path's purge); for the OOM chain, which numbers no rounds, 0
     * @param noProgressRounds calls in which no block before the audit added anything: the allocation
     *     fails next (EBUSY for vmap space, ENOMEM for pages) unless a block after the audit frees
     * @param largestRequest the largest request in any call: {@code neededBytes} (size plus guard) on
     *     the purge chain, requested pages on the OOM chain
     * @param largestUnhelpedRequest the largest request in a no-progress call: the largest that failed
     * @param roundsReached purge chain only: element {@code k - 1} counts the calls that were round
     *     {@code k} of their allocation, so {@code roundsReached[k-1] - roundsReached[k]} allocations
     *     ended after exactly {@code k} rounds
     * @param freedByBlock what each block added, summed over every call, in each block's own unit
     *     (msm counts objects, i915 pages, the balloon chunks): compare a block with itself over time,
     *     not blocks with each other
     * @param roundsByBlock in how many calls each block added something
     */
    public record ChainAudit(long rounds, long episodes, long noProgressRounds, long largestRequest,
            long largestUnhelpedRequest, List<Long> roundsReached, Map<String, Long> freedByBlock,
            Map<String, Long> roundsByBlock) {

        /** Copies the collections. */
        public ChainAudit {
            roundsReached = List.copyOf(roundsReached);
            freedByBlock = Map.copyOf(freedByBlock);
            roundsByBlock = Map.copyOf(roundsByBlock);
        }

        /** The number of allocations that ended after exactly {@code k} purge rounds ({@code k >= 1}). */
        public long allocationsWithRounds(int k) {
            if (k < 1 || k > roundsReached.size()) {
                return 0;
            }
            long reached = roundsReached.get(k - 1);
            long further = k < roundsReached.size() ? roundsReached.get(k) : 0;
            return reached - further;
        }
    }

    /**
     * Allocation outcomes, from the optional listener.
     *
     * @param listenerAttached whether the host added the {@link AuditOutcomes} to the system's listeners
     * @param busyFailures vmap allocations that failed with EBUSY
     * @param roundCapFailures those of them ended by vmapkit's round cap while blocks still claimed progress
     * @param noMemoryFailures vmap allocations that failed with ENOMEM (descriptor allocation; no chain ran)
     * @param largestFailedRequest the largest failed request's size in bytes (without guard)
     * @param lastClaimedProgress the blocks that claimed progress in the last round-cap failure
     */
    public record Outcomes(boolean listenerAttached, long busyFailures, long roundCapFailures, long noMemoryFailures,
            long largestFailedRequest, List<String> lastClaimedProgress) {

        /** Copies the list. */
        public Outcomes {
            lastClaimedProgress = List.copyOf(lastClaimedProgress);
        }
    }

    /** The report as a plain-text table, one fact a line, blocks sorted by name. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("pressure-audit\n");
        sb.append("vmap purge notifier (vmap_notify_list)\n");
        row(sb, "allocations that ran out of space", Long.toString(purge.episodes()));
        row(sb, "notifier rounds", Long.toString(purge.rounds()));
        row(sb, "rounds in which nothing was freed", Long.toString(purge.noProgressRounds()));
        row(sb, "largest request in a round", Addresses.bytes(purge.largestRequest()));
        row(sb, "largest request nothing was freed for", Addresses.bytes(purge.largestUnhelpedRequest()));
        StringBuilder hist = new StringBuilder();
        for (int k = 1; k <= purge.roundsReached().size(); k++) {
            long n = purge.allocationsWithRounds(k);
            if (n > 0) {
                hist.append(hist.length() == 0 ? "" : ", ").append(k).append(k == 1 ? " round: " : " rounds: ").append(n);
            }
        }
        row(sb, "allocations by rounds needed", hist.length() == 0 ? "-" : hist.toString());
        blocks(sb, purge);
        sb.append("OOM notifier (oom_notify_list)\n");
        row(sb, "OOM rounds", Long.toString(oom.rounds()));
        row(sb, "rounds in which nothing was freed", Long.toString(oom.noProgressRounds()));
        row(sb, "largest request in a round", oom.largestRequest() + " pages");
        row(sb, "largest request nothing was freed for", oom.largestUnhelpedRequest() + " pages");
        blocks(sb, oom);
        sb.append("allocation failures (outcome listener)\n");
        if (!outcomes.listenerAttached()) {
            sb.append("  not attached: give the plugin an AuditOutcomes and add it to the system's listeners\n");
        } else {
            row(sb, "EBUSY", Long.toString(outcomes.busyFailures()));
            row(sb, "  of which ended by the round cap", Long.toString(outcomes.roundCapFailures())
                    + (outcomes.lastClaimedProgress().isEmpty() ? "" : " (last claimed by "
                            + String.join(", ", outcomes.lastClaimedProgress()) + ")"));
            row(sb, "ENOMEM", Long.toString(outcomes.noMemoryFailures()));
            row(sb, "largest failed request", Addresses.bytes(outcomes.largestFailedRequest()));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "  %-40s %s\n", label, value));
    }

    private static void blocks(StringBuilder sb, ChainAudit chain) {
        if (chain.freedByBlock().isEmpty()) {
            sb.append("  no block freed anything\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "  %-30s %10s %14s\n", "block", "rounds", "freed"));
        chain.freedByBlock().keySet().stream().sorted().forEach(block -> sb.append(String.format(Locale.ROOT,
                "  %-30s %10d %14d\n", block, chain.roundsByBlock().getOrDefault(block, 0L),
                chain.freedByBlock().get(block))));
    }

    @Override
    public String toString() {
        return toTable();
    }
}
