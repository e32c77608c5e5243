package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.Status;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 17 items 5 and 6 in the runtime: an install or uninstall that overruns
 * {@code vmapkit.notifier.callback-timeout} is reported with its stack (and, once it returns, fails
 * the install or is kept in {@link VmapSystem#closeFailures()}); an uninstall that throws is kept
 * there too, naming the plugin, while {@code close()} still uninstalls the others.
 */
class PluginCallbackTimeoutTest {

    private static void parkIgnoringInterrupts(CountDownLatch open) {
        while (open.getCount() > 0) {
            try {
                open.await();
            } catch (InterruptedException ignored) {
                // a plugin that swallows the watchdog's interrupt
            }
        }
    }

    @Test
    @Timeout(30)
    void anUninstallThatOverrunsIsReportedAndKeptInCloseFailuresAndTheOthersAreStillUninstalled() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch open = new CountDownLatch(1);
        ScriptedPlugin slow = new ScriptedPlugin("slow", 10, log, c -> {}, c -> parkIgnoringInterrupts(open));
        ScriptedPlugin other = ScriptedPlugin.quiet("other", 0, log);
        VmapSystem s = Fixtures.kit().plugin(slow).plugin(other).set(CallbackTimeoutException.KEY, "200ms").build().start();
        BlockingQueue<CallbackTimeoutException> reports = new LinkedBlockingQueue<>();
        try (AutoCloseable sink = CallbackWatchdog.onTimeout(reports::add)) {
            Thread closer = new Thread(s::close, "closer");
            closer.start();
            CallbackTimeoutException r = reports.poll(20, TimeUnit.SECONDS);
            assertThat(r).isNotNull();
            assertThat(r.getMessage()).startsWith("plugin 'slow' uninstall (InstalledPlugin.close) has not returned after 200 ms");
            assertThat(r.getStackTrace()).anySatisfy(f -> assertThat(f.getMethodName()).isEqualTo("parkIgnoringInterrupts"));
            open.countDown();
            closer.join(20_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(s.closeFailures()).containsOnlyKeys("slow").containsValue(r);
        }
        // installed slow (priority 10) first, other second: uninstalled in reverse order, other not held up
        assertThat(log).containsExactly("install:slow", "install:other", "uninstall:other", "uninstall:slow");
        assertThat(s.state()).isEqualTo(SystemState.CLOSED);
    }

    @Test
    void anUninstallThatThrowsIsKeptInCloseFailuresNamingThePlugin() {
        List<String> log = new CopyOnWriteArrayList<>();
        ScriptedPlugin thrower = new ScriptedPlugin("thrower", 0, log, c -> {}, c -> {
            throw new IllegalStateException("thrower cannot let go");
        });
        VmapSystem s = Fixtures.kit().plugin(thrower).build().start();
        assertThat(s.closeFailures()).as("nothing before close").isEmpty();
        s.close();
        assertThat(s.closeFailures()).containsOnlyKeys("thrower");
        assertThat(s.closeFailures().get("thrower")).hasMessage("thrower cannot let go");
        assertThat(s.report().find(Kind.PLUGIN, "thrower").orElseThrow().status()).isEqualTo(Status.UNINSTALLED);
    }

    @Test
    @Timeout(30)
    void anInstallThatOverrunsFailsOnceItReturns() {
        List<String> log = new CopyOnWriteArrayList<>();
        ScriptedPlugin slow = new ScriptedPlugin("slow-install", 0, log, c -> {
            try {
                Thread.sleep(Long.MAX_VALUE); // the watchdog's interrupt ends it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, c -> {});
        VmapSystem s = Fixtures.kit().plugin(slow).set(CallbackTimeoutException.KEY, "200ms").build().start();
        assertThat(s.installedPlugins()).doesNotContain("slow-install");
        assertThat(s.report().find(Kind.PLUGIN, "slow-install").orElseThrow().reason())
                .contains("plugin 'slow-install' install has not returned after 200 ms");
        s.close();
    }

    @Test
    void theKernelPresetsWaitForever() {
        try (VmapSystem preset = Fixtures.kit().kernel("4.7").build(); VmapSystem none = Fixtures.kit().build()) {
            assertThat(preset.settings().get(io.vmapkit.notifier.NotifierSettings.CALLBACK_TIMEOUT)).isZero();
            assertThat(none.settings().get(io.vmapkit.notifier.NotifierSettings.CALLBACK_TIMEOUT))
                    .as("no preset: vmapkit's 30 s").isEqualTo(java.time.Duration.ofSeconds(30));
        }
    }
}
