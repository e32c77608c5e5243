package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.common.JfrOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 item 6: the shipped JFR settings and {@code --jfr FILE} on simulate, replay and bench. */
class JfrOptionTest {

    @TempDir
    Path dir;

    /** Every JFR event vmapkit defines (the @Name of each jdk.jfr.Event subclass in allocator and notifier). */
    private static final List<String> EVENTS = List.of("vmap.AllocVmapArea", "vmap.FreeVmapAreaNoflush",
            "vmap.PurgeVmapAreaLazy", "vmap.NotifierRound", "vmap.NotifierCall", "vmap.ShrinkStart", "vmap.ShrinkEnd");

    @Test
    void theShippedSettingsEnableEveryVmapkitEventWithoutStackTraces() {
        Map<String, String> s = JfrOption.settings().getSettings();
        for (String e : EVENTS) {
            assertThat(s).containsEntry(e + "#enabled", "true").containsEntry(e + "#stackTrace", "false")
                    .containsEntry(e + "#threshold", "0 ns");
        }
    }

    private static long count(Path jfr, String event) throws IOException {
        long n = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals(event)) {
                n++;
            }
        }
        return n;
    }

    private static long row(String table, String figure) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(figure) + "\\s+(\\d+)$").matcher(table);
        assertThat(m.find()).as(figure + " in\n" + table).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void simulateRecordsOneAllocEventPerAllocationAttempt() throws IOException {
        Path jfr = dir.resolve("run.jfr");
        String[] args = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "400", "--policies", "cache",
            "--no-progress", "--jfr", jfr.toString()};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
        assertThat(r.out()).contains("Wrote " + jfr);
        // alloc_vmap_area fires once per allocation call, placed or failed: churn's vmaps + its EBUSY failures
        long attempts = row(r.out(), "vmaps") + row(r.out(), "alloc failures (EBUSY)");
        assertThat(count(jfr, "vmap.AllocVmapArea")).isEqualTo(attempts);
        // the run's vunmaps, and then what the workload's finish releases after the figures were taken
        assertThat(count(jfr, "vmap.FreeVmapAreaNoflush")).isGreaterThanOrEqualTo(row(r.out(), "vunmaps"));
    }

    @Test
    void replayAndBenchRecordToo() throws IOException {
        Path trace = dir.resolve("t.trace");
        assertThat(CliRun.of("simulate", "--workload", "churn", "--space-size", "8M", "--ops", "100", "--policies", "cache",
                "--no-progress", "--trace-out", trace.toString()).code()).isZero();
        Path replayed = dir.resolve("replay.jfr");
        CliRun r = CliRun.of("replay", trace.toString(), "--jfr", replayed.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(count(replayed, "vmap.AllocVmapArea")).isEqualTo(row(r.out(), "vmaps") + row(r.out(), "alloc failures (EBUSY)"));
        Path bench = dir.resolve("bench.jfr");
        CliRun b = CliRun.of("bench", "test-vmalloc", "--test-mask", "1", "--loops", "100", "--jfr", bench.toString());
        assertThat(b.code()).as(b.toString()).isZero();
        // fix_size: 100 loops of one allocation and one free, on one worker, one repeat
        assertThat(count(bench, "vmap.AllocVmapArea")).isEqualTo(100);
    }

    @Test
    void aJfrFileInAMissingDirectoryIsAUsageError() {
        CliRun r = CliRun.of("simulate", "--workload", "churn", "--ops", "5", "--jfr", "/no/such/dir/run.jfr");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--jfr").contains("/no/such/dir");
    }
}
