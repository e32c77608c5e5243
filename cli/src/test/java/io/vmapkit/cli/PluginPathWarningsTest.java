package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 7 and issue 16 item 7: what {@code --plugin-path} says about jars it cannot use. A
 * corrupt jar was ignored without a word; the same class in two jars named only one jar; a duplicate
 * plugin name aborted the whole {@code plugins} listing (exit 1, header only).
 */
class PluginPathWarningsTest {

    @TempDir
    Path dir;

    private static final Map<String, String> TICK_SERVICES = Map.of("io.vmapkit.api.spi.VmapPlugin", "demo.TickPlugin\n");

    @Test
    void aCorruptJarIsNamedInAWarningWithTheReasonAndTheRestStillLoads() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path garbage = Files.write(plugins.resolve("garbage.jar"), "this is not a zip file".getBytes());
        Path tick = TestJars.jar(plugins.resolve("tick.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN), TICK_SERVICES);
        CliRun r = CliRun.of("plugins", "--plugin-path", plugins.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString())
                .contains("vmapkit plugins: warning: --plugin-path: " + garbage.toAbsolutePath() + " is not a readable jar (")
                .contains("); skipped");
        assertThat(r.out()).as("the good jar still loads").contains("  jarplug: tick")
                .doesNotContain("Plugin path:\n  " + garbage.toAbsolutePath());
        assertThat(tick).exists();
    }

    @Test
    void aJarWithoutServicesEntriesIsNamedInAWarning() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path bare = TestJars.jar(plugins.resolve("bare.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN), Map.of());
        CliRun r = CliRun.of("plugins", "--plugin-path", plugins.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("vmapkit plugins: warning: --plugin-path: " + bare.toAbsolutePath()
                + " declares no vmapkit plugin or provider (no META-INF/services entry for io.vmapkit.api.spi.*); nothing in it is discovered");
    }

    @Test
    void theSameClassInTwoJarsNamesBothJarsAndTheOneUsed() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path a = TestJars.jar(plugins.resolve("a.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN), TICK_SERVICES);
        Path b = TestJars.jar(plugins.resolve("b.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN), TICK_SERVICES);
        CliRun r = CliRun.of("plugins", "--plugin-path", plugins.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        // a.jar sorts first, so its copy is the one loaded
        assertThat(r.err()).as(r.toString()).contains("vmapkit plugins: warning: --plugin-path: class demo.TickPlugin is in "
                + a.toAbsolutePath() + " and " + b.toAbsolutePath() + "; the copy in " + a.toAbsolutePath()
                + " is used, the others are ignored");
        assertThat(r.out()).containsPattern("plugin\\s+jarplug\\s.*" + java.util.regex.Pattern.quote(a.toAbsolutePath().toString()));
    }

    @Test
    void aDuplicatePluginNameListsEveryEntryWithTheDuplicatesMarked() throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Path one = TestJars.jar(plugins.resolve("one.jar"), Map.of("demo.TickPlugin", TestJars.TICK_PLUGIN), TICK_SERVICES);
        Path two = TestJars.jar(plugins.resolve("two.jar"), Map.of("other.TickPlugin", TestJars.TICK_PLUGIN.replace("package demo;", "package other;")),
                Map.of("io.vmapkit.api.spi.VmapPlugin", "other.TickPlugin\n"));
        CliRun r = CliRun.of("plugins", "--plugin-path", plugins.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .containsPattern("plugin\\s+jarplug\\s+9\\.9\\s+5\\s+1\\s+duplicate\\s+demo\\.TickPlugin\\s+"
                        + java.util.regex.Pattern.quote(one.toAbsolutePath().toString()))
                .containsPattern("plugin\\s+jarplug\\s+9\\.9\\s+5\\s+1\\s+duplicate\\s+other\\.TickPlugin\\s+"
                        + java.util.regex.Pattern.quote(two.toAbsolutePath().toString()))
                .contains("  churn: churn", "ChurnPlugin");
        assertThat(r.err()).contains("2 plugins are named 'jarplug'");
    }
}
