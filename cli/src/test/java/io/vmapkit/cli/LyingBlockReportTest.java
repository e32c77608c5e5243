package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purge block that adds to {@code freed} without releasing anything, loaded from
 * {@code --plugin-path}, is named by {@code simulate}: in the kernel log, in the line below the
 * table, in the per-plugin table and in the JSON.
 */
class LyingBlockReportTest {

    private static final String LIAR = String.join("\n",
            "package demo;",
            "import io.vmapkit.api.notifier.NotifierBlock;",
            "import io.vmapkit.api.notifier.Notify;",
            "import io.vmapkit.api.spi.InstalledPlugin;",
            "import io.vmapkit.api.spi.PluginContext;",
            "import io.vmapkit.api.spi.VmapPlugin;",
            "import io.vmapkit.api.vmap.VmapPurgeEvent;",
            "public final class Liar implements VmapPlugin {",
            "    @Override public String name() { return \"liar\"; }",
            "    @Override public InstalledPlugin install(PluginContext ctx) {",
            "        ctx.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(\"liar\", 0, (a, e) -> { e.add(1_000_000); return Notify.DONE; }));",
            "        return new InstalledPlugin() {};",
            "    }",
            "}",
            "");

    @Test
    void aLyingBlockIsNamedInTheKernelLogTheTableAndTheJson(@TempDir Path dir) throws IOException {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        TestJars.jar(plugins.resolve("liar.jar"), Map.of("demo.Liar", LIAR), Map.of("io.vmapkit.api.spi.VmapPlugin", "demo.Liar\n"));
        Path json = dir.resolve("f.json");
        String[] args = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "2000", "--policies", "cache",
            "--plugin-path", plugins.toString(), "--json", json.toString(), "--no-progress"};
        CliRun r = CliRun.of(args);

        assertThat(r.code()).as(r.describe(args)).isZero();
        assertThat(r.out())
                .contains("vmap purge notifier: block 'liar' reported 1000000 freed in round 1 but the allocator saw no area released")
                .containsPattern("claims not borne out: notifier block 'liar' \\(cache\\) reported \\d+ freed \\(its unit\\) in \\d+ calls that released no area")
                .containsPattern("\nliar\n  notifier calls \\(calls\\)\\s+\\d+\n")
                .containsPattern("  claims not borne out \\(calls\\)\\s+\\d+\n");
        String text = Files.readString(json);
        assertThat(text).containsPattern("\"plugin\\.liar\\.unborneClaims\": [1-9]\\d*");
        // every call of the liar is a claim not borne out: it never frees
        String calls = text.replaceAll("(?s).*\"plugin\\.liar\\.notifierCalls\": (\\d+).*", "$1");
        String claims = text.replaceAll("(?s).*\"plugin\\.liar\\.unborneClaims\": (\\d+).*", "$1");
        assertThat(claims).isEqualTo(calls);
    }
}
