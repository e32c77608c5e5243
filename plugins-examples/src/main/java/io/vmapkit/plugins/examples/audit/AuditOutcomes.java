package io.vmapkit.plugins.examples.audit;

import io.vmapkit.api.Errno;
import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.VmapAllocFailedEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.List;

/**
 * The pressure audit's optional outcome listener: records the allocation outcomes the notifier
 * chains cannot show (EBUSY at the round cap, ENOMEM, the largest failed request). A host creates
 * one, gives it to the plugin ({@code new PressureAuditPlugin(outcomes)}) and adds it to the
 * system's listeners when building the system; the {@link PressureAudit} installed then includes it
 * in its {@link PressureAudit#report() report}:
 * <pre>{@code
 * AuditOutcomes outcomes = new AuditOutcomes();
 * VmapSystem system = VmapKit.builder().plugin(new PressureAuditPlugin(outcomes)).listener(outcomes).start();
 * ...
 * System.out.print(system.installed(PressureAudit.class).orElseThrow().summary());
 * }</pre>
 *
 * <p><b>Threading and ownership.</b> The host owns it. It is fast, never throws, and may be called
 * from many threads at once; one monitor guards its counters. Give each system its own: a plugin
 * built with one instance and installed into two systems reports both systems' outcomes.
 */
public final class AuditOutcomes implements VmapListener {

    /** Whether the listener has seen an allocation; volatile, written without the lock. */
    private volatile boolean attached;

    // ---- guarded by this ----
    private long busyFailures;
    private long roundCapFailures;
    private long noMemoryFailures;
    private long largestFailedRequest;
    private List<String> lastClaimedProgress = List.of();

    /** A listener that has seen nothing yet. */
    public AuditOutcomes() {}

    /** Every allocation ends here: marks the listener attached (a volatile read on the hot path). */
    @Override
    public void allocVmapArea(AllocVmapAreaEvent event) {
        if (!attached) {
            attached = true;
        }
    }

    @Override
    public void vmapAllocFailed(VmapAllocFailedEvent event) {
        VmapRequest request = event.request();
        Errno errno = event.errno();
        List<String> claimedProgress = event.claimedProgress();
        synchronized (this) {
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

    /** A consistent reading of what was recorded. */
    synchronized AuditReport.Outcomes snapshot() {
        return new AuditReport.Outcomes(attached, busyFailures, roundCapFailures, noMemoryFailures,
                largestFailedRequest, lastClaimedProgress);
    }

    @Override
    public String toString() {
        return PressureAuditPlugin.NAME + " outcome listener";
    }
}
