package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a {@code simulate --report} and a {@code sweep --report} in a real headless browser (Chromium from the distribution's
 * packages) and checks that every chart drew: a copy of the report with a small script appended
 * counts the images whose {@code naturalWidth} is positive once the page has loaded, and the
 * address-space maps, and writes the counts into the page; {@code chromium --headless --dump-dom}
 * prints the page after the script ran. Only with {@code -Preport-browser} (see docs/scenarios.md),
 * which needs {@code chromium} on the {@code PATH}.
 */
@EnabledIfSystemProperty(named = "vmapkit.report.browser", matches = "true")
class ReportInBrowserTest {

    private static final String CHECK = "<script>\nwindow.addEventListener('load', function () {\n"
            + "  var imgs = Array.prototype.slice.call(document.images);\n"
            + "  var drawn = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;\n"
            + "  var d = document.createElement('div'); d.id = 'vmapkit-check';\n"
            + "  d.textContent = 'images ' + imgs.length + ' drawn ' + drawn + ' maps ' + document.querySelectorAll('svg').length;\n"
            + "  document.body.appendChild(d);\n});\n</script>\n";

    @TempDir
    Path dir;

    @Test
    void everyChartOfTheReportDrawsInChromium() throws IOException, InterruptedException {
        Path report = dir.resolve("report.html");
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "1500",
            "--no-progress", "--report", report.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        Matcher m = check(report);
        // three policies: the two comparison charts, and per policy the occupancy chart and the chart
        // of who freed what: 2 + 3 * 2 = 8 images; one address-space map per policy: 3
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(8);
        assertThat(Integer.parseInt(m.group(2))).as("images that drew").isEqualTo(8);
        assertThat(Integer.parseInt(m.group(3))).as("address-space maps").isEqualTo(3);
    }

    /**
     * The sweep report: the churn test scenario over 2 space sizes × 2 CPU counts × its 3 default
     * policies × 2 seeds = 24 cells. Its charts: one EBUSY heat map per policy (3) and, with
     * space-size as x and ncpus as y, one "vmaps saved" chart per ncpus value (2): 5 images, no maps.
     */
    @Test
    void everyChartOfTheSweepReportDrawsInChromium() throws IOException, InterruptedException {
        Path report = dir.resolve("sweep.html");
        String[] a = {"sweep", TestScenarios.CHURN, "--axis", "space-size=8M,16M", "--axis", "ncpus=1,2", "--seeds", "1..2",
            "--ops", "500", "--no-progress", "--out", dir.resolve("sweep.jsonl").toString(), "--report", report.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        Matcher m = check(report);
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(5);
        assertThat(Integer.parseInt(m.group(2))).as("images that drew").isEqualTo(5);
    }

    /** Renders a copy of {@code report} with the checking script; the match of its counts. */
    private Matcher check(Path report) throws IOException, InterruptedException {
        String html = Files.readString(report, StandardCharsets.UTF_8);
        Path checked = dir.resolve("checked-" + report.getFileName());
        Files.writeString(checked, html.replace("</body>", CHECK + "</body>"), StandardCharsets.UTF_8);
        String dom = chromiumDumpDom(checked);
        Matcher m = Pattern.compile("<div id=\"vmapkit-check\">images (\\d+) drawn (\\d+) maps (\\d+)</div>").matcher(dom);
        assertThat(m.find()).as("the check ran in the browser; DOM:\n" + tail(dom)).isTrue();
        return m;
    }

    private String chromiumDumpDom(Path page) throws IOException, InterruptedException {
        String browser = null;
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (browser == null && Files.isExecutable(Path.of(d, name))) {
                    browser = Path.of(d, name).toString();
                }
            }
        }
        assertThat(browser).as("-Preport-browser needs Chromium on the PATH (apt-get install -y chromium)").isNotNull();
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 2 minutes").isTrue();
        assertThat(p.exitValue()).as("chromium's exit code; stderr:\n" + Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String tail(String s) {
        return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
    }
}
