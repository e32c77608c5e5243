package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR twins of the kernel tracepoints, recorded in-process and read back. */
class JfrEventsTest {

    @Test
    void tracepointEventsAreRecordedWithTheKernelFieldNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vmap.jfr");
        VmapArea[] cached = new VmapArea[1];
        VmapAllocatorCore[] allocator = new VmapAllocatorCore[1];
        NotifierBlock<VmapPurgeEvent> block = NotifierBlock.of("i915", 0, (action, event) -> {
            if (cached[0] != null) {
                allocator[0].free(cached[0]);
                cached[0] = null;
                event.add(4);
            }
            return Notify.DONE;
        });
        try (Recording recording = new Recording()) {
            recording.enable("vmap.AllocVmapArea");
            recording.enable("vmap.FreeVmapAreaNoflush");
            recording.enable("vmap.PurgeVmapAreaLazy");
            recording.enable("vmap.NotifierRound");
            recording.start();

            VmapAllocatorCore a = Allocators.create("free-tree", Allocators.small(8).ncpus(2).maxNotifierRounds(1)
                    .purgeChain(TestChain.of("vmap_notify_list", block)).build());
            allocator[0] = a;
            cached[0] = a.allocate(3L * PAGE);
            a.allocate(3L * PAGE);
            VmapArea placed = a.allocate(PAGE); // overflow path: purge, notify (frees the cached area), purge
            try {
                a.allocate(VmapRequest.builder(2L * PAGE).flags(AllocFlag.NO_WARN).build());
            } catch (VmapAllocationException expected) {
                // fails after one notifier round that freed nothing
            }
            recording.stop();
            recording.dump(file);
            assertThat(placed.start()).isEqualTo(a.space().start());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> allocs = named(events, "vmap.AllocVmapArea");
        assertThat(allocs).hasSize(4);
        RecordedEvent first = allocs.get(0);
        assertThat(first.getLong("addr")).isEqualTo(0x10_0000L);
        assertThat(first.getLong("size")).isEqualTo(4L * PAGE);
        assertThat(first.getLong("align")).isEqualTo(1);
        assertThat(first.getLong("vstart")).isEqualTo(0x10_0000L);
        assertThat(first.getLong("vend")).isEqualTo(0x10_0000L + 8L * PAGE);
        assertThat(first.getBoolean("failed")).isFalse();
        assertThat(first.getString("fit")).isEqualTo("LE");
        RecordedEvent failed = allocs.get(3);
        assertThat(failed.getBoolean("failed")).isTrue();
        assertThat(failed.getLong("addr")).isEqualTo(failed.getLong("vend"));

        List<RecordedEvent> frees = named(events, "vmap.FreeVmapAreaNoflush");
        assertThat(frees).hasSize(1);
        assertThat(frees.get(0).getLong("va_start")).isEqualTo(0x10_0000L);
        assertThat(frees.get(0).getLong("nr_lazy")).isEqualTo(4);
        assertThat(frees.get(0).getLong("nr_lazy_max")).isEqualTo(16384);

        List<RecordedEvent> purges = named(events, "vmap.PurgeVmapAreaLazy");
        assertThat(purges).hasSize(1);
        assertThat(purges.get(0).getLong("start")).isEqualTo(0x10_0000L);
        assertThat(purges.get(0).getLong("end")).isEqualTo(0x10_0000L + 4L * PAGE);
        assertThat(purges.get(0).getLong("npurged")).isEqualTo(1);

        List<RecordedEvent> rounds = named(events, "vmap.NotifierRound");
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0).getInt("round")).isEqualTo(1);
        assertThat(rounds.get(0).getLong("freed")).isEqualTo(4);
        assertThat(rounds.get(0).getString("contributors")).isEqualTo("i915");
        assertThat(rounds.get(0).getBoolean("capReached")).isTrue();
        assertThat(rounds.get(1).getLong("freed")).isZero();
        assertThat(rounds.get(1).getBoolean("capReached")).isFalse();
    }

    @Test
    void hotPathEventsAreDisabledByDefaultAndAllAreInTheVmapkitCategory() {
        VmapAllocatorCore a = Allocators.create("free-tree", Allocators.small(8).build());
        a.free(a.allocate(PAGE)); // registers the event classes
        a.purgeLazy();
        List<EventType> types = FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .filter(t -> t.getName().startsWith("vmap.")).collect(Collectors.toList());
        assertThat(types).extracting(EventType::getName).contains("vmap.AllocVmapArea", "vmap.FreeVmapAreaNoflush",
                "vmap.PurgeVmapAreaLazy");
        for (EventType t : types) {
            assertThat(t.getCategoryNames()).containsExactly("vmapkit");
        }
        assertThat(defaultEnabled(types, "vmap.AllocVmapArea")).isEqualTo("false");
        assertThat(defaultEnabled(types, "vmap.FreeVmapAreaNoflush")).isEqualTo("false");
        assertThat(defaultEnabled(types, "vmap.PurgeVmapAreaLazy")).isEqualTo("true");
        assertThat(AllocVmapAreaEvent.class.getAnnotation(jdk.jfr.Enabled.class).value()).isFalse();
    }

    private static String defaultEnabled(List<EventType> types, String name) {
        EventType type = types.stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
        return type.getSettingDescriptors().stream().filter(d -> d.getName().equals("enabled")).findFirst()
                .orElseThrow().getDefaultValue();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }
}
