package io.vmapkit.notifier.chain;

import io.vmapkit.api.event.NotifierBlockQuarantinedEvent;
import io.vmapkit.api.event.NotifierBlockSkippedEvent;
import io.vmapkit.api.event.NotifierCallFailedEvent;
import io.vmapkit.api.event.VmapListener;
import java.lang.System.Logger.Level;

/**
 * Where one chain reports: the listener (contained: a listener that throws is logged and
 * ignored), the {@code System.Logger} and JFR.
 *
 * <p>Every method is allocation-free unless it has something to log or an event to record, so
 * the call path may use it freely. Thread-safe (stateless apart from final fields).
 */
final class ChainReporter {

    private static final System.Logger LOG = System.getLogger("io.vmapkit.notifier.chain");

    private final String chain;
    private final VmapListener listener;
    /** Whether the listener wants anything at all; {@code false} for {@link VmapListener#NOOP}. */
    final boolean listening;

    ChainReporter(String chain, VmapListener listener) {
        this.chain = chain;
        this.listener = listener;
        this.listening = listener != VmapListener.NOOP;
    }

    boolean jfrEnabled() {
        return NotifierCallEvent.enabled();
    }

    void called(Entry<?> e, long action, int result, long durationNanos) {
        try {
            listener.notifierCall(new io.vmapkit.api.event.NotifierCallEvent(chain, e.name, action, result, durationNanos));
        } catch (RuntimeException ex) {
            listenerFailed("notifierCall", ex);
        }
    }

    void recordEvent(Entry<?> e, long action, int result, long durationNanos, long freedAdded) {
        NotifierCallEvent ev = new NotifierCallEvent();
        if (ev.shouldCommit()) {
            ev.chain = chain;
            ev.callback = e.name;
            ev.action = action;
            ev.result = result;
            ev.durationNs = durationNanos;
            ev.freedAdded = freedAdded;
            ev.commit();
        }
    }

    void failed(Entry<?> e, Throwable failure, int consecutive, boolean firstLog) {
        if (firstLog) {
            LOG.log(Level.WARNING, "notifier block '" + e.name + "' on chain '" + chain
                    + "' threw; the walk continued as if it returned NOTIFY_DONE"
                    + " (logged once per registration; later failures go to the listener only)", failure);
        } else {
            LOG.log(Level.DEBUG, () -> "notifier block '" + e.name + "' on chain '" + chain + "' threw again ("
                    + consecutive + " in a row): " + failure);
        }
        if (!listening) {
            return;
        }
        try {
            listener.notifierCallFailed(new NotifierCallFailedEvent(chain, e.name, failure, consecutive));
        } catch (RuntimeException ex) {
            listenerFailed("notifierCallFailed", ex);
        }
    }

    void quarantined(Entry<?> e, int consecutive) {
        LOG.log(Level.WARNING, "notifier block '" + e.name + "' on chain '" + chain + "' quarantined after "
                + consecutive + " consecutive failures; it stays registered but is skipped until released");
        if (!listening) {
            return;
        }
        try {
            listener.notifierBlockQuarantined(new NotifierBlockQuarantinedEvent(chain, e.name, consecutive));
        } catch (RuntimeException ex) {
            listenerFailed("notifierBlockQuarantined", ex);
        }
    }

    void skipped(Entry<?> e) {
        if (!listening) {
            return;
        }
        try {
            listener.notifierBlockSkipped(new NotifierBlockSkippedEvent(chain, e.name));
        } catch (RuntimeException ex) {
            listenerFailed("notifierBlockSkipped", ex);
        }
    }

    void released(Entry<?> e) {
        LOG.log(Level.INFO, "notifier block '" + e.name + "' on chain '" + chain + "' released from quarantine");
    }

    void duplicateIgnored(Entry<?> e) {
        LOG.log(Level.WARNING, "double register detected: notifier block '" + e.name + "' is already on chain '"
                + chain + "'; ignored (duplicate policy WARN_AND_IGNORE)");
    }

    private void listenerFailed(String what, RuntimeException ex) {
        LOG.log(Level.WARNING, "listener threw from " + what + " for chain '" + chain + "'; ignored", ex);
    }
}
