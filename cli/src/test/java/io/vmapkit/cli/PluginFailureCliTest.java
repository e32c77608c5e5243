package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.cli.testplugins.HangPlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 items 5 and 6 on the command line: a plugin callback that never returns ends the command
 * with exit 1, its name and its thread's stack (instead of hanging forever), and a plugin whose
 * uninstall throws fails the run naming it, without {@code --verbose} (it was exit 0 and silent).
 * The hung calls ignore interrupts; {@link HangPlugin#release()} ends them after each test.
 */
class PluginFailureCliTest {

    @TempDir
    Path dir;

    private Path hangJar;

    @BeforeEach
    void jar() throws IOException {
        HangPlugin.arm();
        // only a services entry: the class itself comes from the test classes, so the test can release it
        hangJar = TestJars.jar(dir.resolve("hang.jar"), Map.of(),
                Map.of("io.vmapkit.api.spi.VmapPlugin", HangPlugin.class.getName() + "\n"));
    }

    @AfterEach
    void release() {
        HangPlugin.release();
    }

    private static String[] simulate(Path jar, String mode, String... more) {
        String[] base = {"simulate", "--plugin-path", jar.toString(), "--with", "hang", "--workload", "churn",
            "--space-size", "8M", "--ops", "3000", "--policies", "cache", "--no-progress", "-Dvmapkit.plugin.hang.mode=" + mode};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    @Timeout(60)
    void aPurgeBlockThatNeverReturnsEndsTheRunWithExitOneItsNameAndItsStack() {
        String[] args = simulate(hangJar, "purge", "-Dvmapkit.notifier.callback-timeout=300ms");
        long t0 = System.nanoTime();
        CliRun r = CliRun.of(args);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.code()).as(r.describe(args)).isEqualTo(1);
        assertThat(r.err()).as(r.describe(args))
                .contains("vmapkit simulate: notifier block 'hang-purge' on chain 'vmap_notify_list' has not returned after 300 ms "
                        + "(vmapkit.notifier.callback-timeout)")
                .containsPattern("\tat \\S*" + java.util.regex.Pattern.quote(HangPlugin.class.getName() + ".hangUntilReleased("))
                .contains("stopped: a plugin callback hung");
        // bounded: the run reaches the overflow path within the first few hundred operations, then 300 ms
        assertThat(Duration.ofMillis(ms)).as("the command returned instead of hanging").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Timeout(60)
    void anUninstallThatNeverReturnsEndsTheRunWithExitOneNamingThePlugin() {
        String[] args = simulate(hangJar, "close", "-Dvmapkit.notifier.callback-timeout=300ms");
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isEqualTo(1);
        assertThat(r.err()).as(r.describe(args))
                .contains("plugin 'hang' uninstall (InstalledPlugin.close) has not returned after 300 ms")
                .containsPattern("\tat \\S*" + java.util.regex.Pattern.quote(HangPlugin.class.getName() + ".hangUntilReleased("));
    }

    @Test
    void anUninstallThatThrowsFailsTheRunNamingThePluginWithoutVerbose() {
        String[] args = simulate(hangJar, "close-throws");
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isEqualTo(1);
        assertThat(r.err()).as(r.describe(args))
                .contains("vmapkit simulate: policy cache: plugin 'hang' failed to uninstall: "
                        + "java.lang.IllegalStateException: hang cannot let go of its cache")
                .doesNotContain("\tat ");
    }

    @Test
    void underAKernelPresetTheWatchdogIsOffAsTheKernelWaitsForever() {
        // the preset sets vmapkit.notifier.callback-timeout=none: a well-behaved run is unchanged by it
        String[] args = {"simulate", "--workload", "churn", "--space-size", "8M", "--ops", "300", "--policies", "cache",
            "--no-progress", "-Dvmapkit.kernel=6.x"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
    }
}
