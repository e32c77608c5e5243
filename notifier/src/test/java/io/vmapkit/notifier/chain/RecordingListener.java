package io.vmapkit.notifier.chain;

import io.vmapkit.api.event.NotifierBlockQuarantinedEvent;
import io.vmapkit.api.event.NotifierBlockSkippedEvent;
import io.vmapkit.api.event.NotifierCallEvent;
import io.vmapkit.api.event.NotifierCallFailedEvent;
import io.vmapkit.api.event.VmapListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records chain events as text lines. Thread-safe. */
final class RecordingListener implements VmapListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** The duration reported with each {@code notifierCall}, in call order. */
    final List<Long> durations = new CopyOnWriteArrayList<>();

    @Override
    public void notifierCall(NotifierCallEvent event) {
        String block = event.block();
        int result = event.result();
        events.add("call " + block + " " + io.vmapkit.api.notifier.Notify.toString(result));
        durations.add(event.durationNanos());
    }

    @Override
    public void notifierCallFailed(NotifierCallFailedEvent event) {
        String block = event.block();
        Throwable failure = event.failure();
        int consecutiveFailures = event.consecutiveFailures();
        failures.add(failure);
        events.add("failed " + block + " " + consecutiveFailures);
    }

    @Override
    public void notifierBlockQuarantined(NotifierBlockQuarantinedEvent event) {
        String block = event.block();
        int consecutiveFailures = event.consecutiveFailures();
        events.add("quarantined " + block + " " + consecutiveFailures);
    }

    @Override
    public void notifierBlockSkipped(NotifierBlockSkippedEvent event) {
        String block = event.block();
        events.add("skipped " + block);
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
