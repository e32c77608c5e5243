package io.vmapkit.notifier.chain;

import io.vmapkit.api.event.VmapListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records chain events as text lines. Thread-safe. */
final class RecordingListener implements VmapListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void notifierCall(String chain, String block, long action, int result, long durationNanos) {
        events.add("call " + block + " " + io.vmapkit.api.notifier.Notify.toString(result));
    }

    @Override
    public void notifierCallFailed(String chain, String block, Throwable failure, int consecutiveFailures) {
        failures.add(failure);
        events.add("failed " + block + " " + consecutiveFailures);
    }

    @Override
    public void notifierBlockQuarantined(String chain, String block, int consecutiveFailures) {
        events.add("quarantined " + block + " " + consecutiveFailures);
    }

    @Override
    public void notifierBlockSkipped(String chain, String block) {
        events.add("skipped " + block);
    }

    long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }
}
