package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR event {@code vmap.NotifierCall}. */
class NotifierCallEventTest {

    @Test
    void everyCallbackIsRecordedAsAVmapNotifierCallEventWithFreedAdded(@TempDir Path dir) throws Exception {
        NotifierChain<FreedCounter> c = NotifierChains.create("vmap_notify_list", ChainKind.BLOCKING, NotifierConfig.defaults());
        c.register(NotifierBlock.of("i915", 1, (a, freed) -> {
            freed.add(64);
            return Notify.DONE;
        }));
        c.register(NotifierBlock.of("broken", 0, (a, freed) -> {
            throw new IllegalStateException("boom");
        }));
        Path file = dir.resolve("calls.jfr");
        try (Recording r = new Recording()) {
            r.enable("vmap.NotifierCall");
            r.start();
            c.call(0, FreedCounter.create());
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("vmap.NotifierCall")).collect(Collectors.toList());
        assertThat(events).hasSize(2);
        RecordedEvent first = events.get(0);
        assertThat(first.getString("chain")).isEqualTo("vmap_notify_list");
        assertThat(first.getString("callback")).isEqualTo("i915");
        assertThat(first.getLong("action")).isZero();
        assertThat(first.getInt("result")).isEqualTo(Notify.DONE);
        assertThat(first.getLong("freedAdded")).isEqualTo(64);
        assertThat(first.getLong("durationNs")).isNotNegative();
        assertThat(first.getEventType().getCategoryNames()).containsExactly("vmapkit");
        assertThat(events.get(1).getString("callback")).isEqualTo("broken");
        assertThat(events.get(1).getLong("freedAdded")).isZero();
    }

    @Test
    void noEventIsBuiltWhileNoRecordingWantsIt() {
        // Without a recording enabling it, the gate is closed (a field read), so calls allocate nothing.
        assertThat(NotifierCallEvent.enabled()).isFalse();
    }
}
