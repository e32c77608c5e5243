package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmapkit plugins} and {@code --plugin-path}, with plugin jars built in the test. */
class PluginsCommandTest {

    @TempDir
    Path dir;

    @Test
    void listsProvidersAndPluginsWithVersionPriorityStatusClassAndSource() {
        CliRun r = CliRun.of("plugins");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .matches("KIND\\s+NAME\\s+VERSION\\s+PRIO\\s+API\\s+STATUS\\s+CLASS\\s+SOURCE\\s+DETAIL");
        assertThat(r.out())
                .containsPattern("plugin\\s+churn\\s+test\\s+0\\s+1\\s+available\\s+io\\.vmapkit\\.cli\\.testplugins\\.ChurnPlugin\\s+\\S*test-classes")
                .containsPattern("allocator\\s+free-tree\\s+\\S+\\s+10\\s+1\\s+installed\\s+io\\.vmapkit\\.allocator\\.\\S+\\s+\\S+")
                .containsPattern("allocator\\s+busy-list\\s+\\S+\\s+0\\s+1\\s+available")
                .containsPattern("allocator\\s+leaky\\s+\\S+\\s+-100\\s+1\\s+available")
                .containsPattern("notifier\\s+default\\s+\\S+\\s+0\\s+1\\s+installed")
                .containsPattern("page-pool\\s+default\\s+\\S+\\s+0\\s+1\\s+installed")
                .contains("Workloads (vmapkit simulate --workload PLUGIN:WORKLOAD):", "  churn: churn");
    }

    @Test
    void pluginPathAddsTheJarsOfADirectoryToDiscovery() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path jar = TestJars.jar(plugins.resolve("tick.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN),
                Map.of("io.vmapkit.api.spi.VmapPlugin", "demo.TickPlugin\n"));
        CliRun r = CliRun.of("plugins", "--plugin-path", plugins.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("plugin\\s+jarplug\\s+9\\.9\\s+5\\s+1\\s+available\\s+demo\\.TickPlugin\\s+"
                + java.util.regex.Pattern.quote(jar.toAbsolutePath().toString()))
                .contains("  jarplug: tick", "Plugin path:\n  " + jar.toAbsolutePath());
        CliRun without = CliRun.of("plugins");
        assertThat(without.out()).doesNotContain("jarplug");
    }

    @Test
    void aBrokenEntryIsListedWithWhyItWasSkipped() throws IOException {
        Path jar = TestJars.jar(dir.resolve("broken.jar"), Map.of(),
                Map.of("io.vmapkit.api.spi.VmapPlugin", "# a plugin that was never compiled\ndemo.Missing\n"));
        CliRun r = CliRun.of("plugins", "--plugin-path", jar.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("plugin\\s+\\?\\s+-\\s+0\\s+-\\s+broken\\s+demo\\.Missing\\s+"
                + java.util.regex.Pattern.quote(jar.toAbsolutePath().toString()) + "\\s+class demo\\.Missing not found");
    }

    @Test
    void simulateRunsTheWorkloadOfAPluginFromThePluginPath() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("p"));
        TestJars.jar(plugins.resolve("tick.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN),
                Map.of("io.vmapkit.api.spi.VmapPlugin", "demo.TickPlugin\n"));
        String[] args = {"simulate", "--plugin-path", plugins.toString(), "--workload", "jarplug:tick", "--policies",
            "cache", "--ops", "40"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
        assertThat(r.out()).contains("workload 'tick' of plugin 'jarplug', 40 operations")
                .containsPattern("(?m)^operations\\s+40$").containsPattern("(?m)^vmaps\\s+40$")
                .containsPattern("(?m)^vunmaps\\s+32$");
    }

    @Test
    void simulateInstallsThePluginsOfThePluginPathBesideTheWorkloadsPlugin() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("beside"));
        TestJars.jar(plugins.resolve("tick.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN),
                Map.of("io.vmapkit.api.spi.VmapPlugin", "demo.TickPlugin\n"));
        String[] args = {"simulate", "--plugin-path", plugins.toString(), "--scenario", TestScenarios.CHURN, "--policies", "cache",
            "--ops", "40"};
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.describe(args)).isZero();
        assertThat(r.out()).contains("workload 'churn' of plugin 'churn'").contains("; also installed: jarplug\n");
        CliRun bundledOnly = CliRun.of("simulate", "--scenario", TestScenarios.CHURN, "--policies", "cache", "--ops", "40");
        assertThat(bundledOnly.out()).as("plugins merely on vmapkit's own class path are not installed")
                .doesNotContain("also installed");
    }

    @Test
    void aPluginPathThatIsMissingOrEmptyIsAUsageError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun r = CliRun.of("plugins", "--plugin-path", empty.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--plugin-path: " + empty + " holds no .jar files");
        Path notAJar = Files.writeString(dir.resolve("x.txt"), "x");
        CliRun r2 = CliRun.of("simulate", "--plugin-path", notAJar.toString(), "--workload", "churn");
        assertThat(r2.code()).isEqualTo(2);
        assertThat(r2.err()).contains("is a file but not a .jar");
    }
}
