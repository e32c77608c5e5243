package io.vmapkit.notifier.shrinker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JFR events {@code vmap.ShrinkStart} / {@code vmap.ShrinkEnd} mirror mm_shrink_slab_start / _end. */
class ShrinkEventsJfrTest {

    @Test
    void shrinkSlabStartAndEndAreRecordedWithTheTracepointsFields(@TempDir Path dir) throws Exception {
        ShrinkerRegistry registry = ShrinkerRegistries.create(NotifierConfig.defaults());
        ScriptedShrinker s = new ScriptedShrinker("i915", 100000);
        registry.register(s);
        Path file = dir.resolve("shrink.jfr");
        try (Recording r = new Recording()) {
            r.enable("vmap.ShrinkStart");
            r.enable("vmap.ShrinkEnd");
            r.start();
            registry.shrinkSlab(12);
            registry.shrinkSlab(10);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        List<RecordedEvent> starts = all.stream().filter(e -> e.getEventType().getName().equals("vmap.ShrinkStart")).collect(Collectors.toList());
        List<RecordedEvent> ends = all.stream().filter(e -> e.getEventType().getName().equals("vmap.ShrinkEnd")).collect(Collectors.toList());
        assertThat(starts).hasSize(2);
        assertThat(ends).hasSize(2);
        RecordedEvent start = starts.get(1); // the §12.4 row 4 pass
        assertThat(start.getString("shrinker")).isEqualTo("i915");
        assertThat(start.getInt("nid")).isZero();
        assertThat(start.getLong("nrObjectsToShrink")).isEqualTo(48);
        assertThat(start.getLong("cacheItems")).isEqualTo(100000);
        assertThat(start.getLong("delta")).isEqualTo(194);
        assertThat(start.getLong("totalScan")).isEqualTo(194);
        assertThat(start.getInt("priority")).isEqualTo(10);
        RecordedEvent end = ends.get(1);
        assertThat(end.getString("shrinker")).isEqualTo("i915");
        assertThat(end.getLong("unusedScan")).isEqualTo(48);
        assertThat(end.getLong("newScan")).isEqualTo(114);
        assertThat(end.getLong("totalScan")).isEqualTo(66);
        assertThat(end.getLong("retval")).isEqualTo(128);
        assertThat(end.getEventType().getCategoryNames()).containsExactly("vmapkit");
    }
}
