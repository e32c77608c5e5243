package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.workloads.scenario.Scenario;
import io.vmapkit.workloads.scenario.ScenarioCheck;
import io.vmapkit.workloads.scenario.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario files, command-line policies and {@code vmapkit scenarios} through the command line:
 * a typo fails before the run with {@code FILE:LINE} and a suggestion, a policy given with
 * {@code --policy} runs and changes what it says, a plugin receives only its own settings, and the
 * built-in scenarios are listed and printed.
 */
class ScenarioCommandsTest {

    @TempDir
    Path dir;

    @Test
    void scenariosListsEveryBuiltInScenarioWithItsDescription() {
        CliRun r = CliRun.of("scenarios");
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        // one line per built-in scenario, in the order of scenarios.list, then a blank line and the hint
        assertThat(lines.subList(0, 5)).extracting(l -> l.split("\\s+", 2)[0])
                .containsExactly("i915-32bit", "i915-64bit", "generic-churn", "generic-pressure", "from-vmallocinfo");
        assertThat(lines.get(0)).contains("i915 clients on a 32-bit kernel's 120 MiB vmalloc space");
        assertThat(r.out()).contains("vmapkit scenarios NAME > mine.yaml");
    }

    @Test
    void scenariosNamePrintsTheShippedFileWhichRunsAsACopy() throws IOException {
        CliRun r = CliRun.of("scenarios", "i915-32bit");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(Scenarios.text("i915-32bit")).contains("name: i915-32bit", "era: pre-4.7");
        Path copy = dir.resolve("mine.yaml");
        Files.writeString(copy, r.out());
        String[] a = {"simulate", "--scenario", copy.toString(), "--ops", "300", "--policies", "cache", "--space-size", "16M"};
        CliRun run = CliRun.of(a);
        assertThat(run.code()).as(run.describe(a)).isZero();
        assertThat(run.out()).startsWith("Scenario i915-32bit: workload 'i915' of plugin 'i915', 300 operations per policy")
                .contains("; from " + copy);
    }

    @Test
    void anUnknownScenarioNameIsAUsageErrorWithTheNearestName() {
        CliRun r = CliRun.of("scenarios", "generic-chrun");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown scenario 'generic-chrun' (did you mean 'generic-churn'?)");
    }

    @Test
    void aTypoInAScenarioFileFailsBeforeTheRunWithFileLineAndASuggestion() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, String.join("\n",
                "name: typo",            // line 1
                "loads:",                // line 2
                "  - plugin: churn",     // line 3
                "    workloadz: churn",  // line 4: the typo
                ""));
        String[] a = {"simulate", "--scenario", file.toString(), "--ops", "10"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).startsWith("vmapkit simulate: " + file + ":4: unknown key 'workloadz' in 'loads[0]'; "
                + "did you mean 'workload'?\n");
        assertThat(r.out()).as("nothing ran").isEmpty();
    }

    @Test
    void anUnknownPluginOrWorkloadInAScenarioFileNamesItsLineAndTheNearestName() throws IOException {
        Path file = dir.resolve("names.yaml");
        Files.writeString(file, String.join("\n",
                "name: names",               // 1
                "loads:",                    // 2
                "  - plugin: churm",         // 3: the load's mapping starts here
                "    workload: churn",       // 4
                ""));
        CliRun r = CliRun.of("simulate", "--scenario", file.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":3: unknown plugin 'churm' in a load; did you mean 'churn'?");
        Files.writeString(file, String.join("\n", "name: names", "loads:", "  - plugin: churn", "    workload: chrun", ""));
        CliRun w = CliRun.of("simulate", "--scenario", file.toString());
        assertThat(w.code()).as(w.toString()).isEqualTo(2);
        assertThat(w.err()).contains(file + ":3: plugin 'churn' offers no workload 'chrun'; did you mean 'churn'? (it offers: churn)");
    }

    @Test
    void aPolicySettingNoPluginKnowsFailsBeforeTheRunNamingTheLineAndTheNearestKey() throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, String.join("\n",
                "name: policy",                 // 1
                "plugins:",                     // 2
                "  strict: {}",                 // 3
                "loads:",                       // 4
                "  - plugin: strict",           // 5
                "    workload: tick",           // 6
                "policies:",                    // 7
                "  turned:",                    // 8
                "    strict:",                  // 9
                "      knb: 3",                 // 10: the typo, a key strict does not know
                ""));
        String[] a = {"simulate", "--scenario", file.toString(), "--ops", "5"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).startsWith("vmapkit simulate: " + file + ":10: ")
                .contains("unknown setting 'vmapkit.plugin.strict.knb' (did you mean 'vmapkit.plugin.strict.knob'?)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aValueAPluginRefusesInThePluginsSectionIsAUsageErrorNamingItsLine() throws IOException {
        Path file = dir.resolve("refused.yaml");
        Files.writeString(file, String.join("\n",
                "name: refused",                // 1
                "plugins:",                     // 2
                "  strict: {knob: \"-3\"}",     // 3: strict takes knob in [0, 1000000]
                "loads:",                       // 4
                "  - plugin: strict",           // 5
                "    workload: tick",           // 6
                ""));
        String[] a = {"simulate", "--scenario", file.toString(), "--ops", "5"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).startsWith("vmapkit simulate: " + file + ":3: ")
                .contains("vmapkit.plugin.strict.knob = -3");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPolicyForAPluginTheRunDoesNotInstallFailsWithTheNearestInstalledOne() throws IOException {
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--ops", "5",
            "--policy", "x:vmapkit.plugin.chrun.era=4.9"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isEqualTo(2);
        assertThat(r.err()).contains("--policy x: 'vmapkit.plugin.chrun.era' in policy 'x' is a setting of plugin 'chrun', "
                + "which this run does not install; did you mean 'churn'?");
    }

    @Test
    void aCommandLinePolicyRunsBesideTheDefaultsAndChangesTheFigures() {
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--space-size", "8M", "--ops", "1500",
            "--policy", "no-notifier:vmapkit.plugin.churn.era=4.7,vmapkit.plugin.churn.vmap-notifier=false"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).containsPattern("(?m)^figure\\s+pre-4\\.7\\s+cache\\s+cache\\+notifier\\s+no-notifier$");
        // no-notifier sets exactly what the scenario's 'cache' policy sets, so the two columns agree
        // figure by figure (same seed, same settings), and differ from cache+notifier's rounds.
        List<String> rounds = row(r.out(), "notifier rounds");
        List<String> freed = row(r.out(), io.vmapkit.cli.figures.FiguresTable.FREED_BY_NOTIFIER);
        assertThat(rounds.get(3)).isEqualTo(rounds.get(1));
        assertThat(freed.get(3)).isEqualTo(freed.get(1)).isEqualTo("0");
    }

    @Test
    void aCommandLinePolicyNameCanBeChosenAndAMisspeltOneIsSuggested() {
        String[] a = {"simulate", "--scenario", TestScenarios.CHURN, "--ops", "10", "--policies", "mine",
            "--policy", "mine:vmapkit.plugin.churn.era=pre-4.7"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).containsPattern("(?m)^figure\\s+mine$").containsPattern("(?m)^cache hit rate\\s+0\\.0 %$");
        CliRun typo = CliRun.of("simulate", "--scenario", TestScenarios.CHURN, "--policies", "cache+notifer");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown policy 'cache+notifer' (did you mean 'cache+notifier'?)");
        CliRun bad = CliRun.of("simulate", "--policy", "nocolon");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--policy 'nocolon': it must start with a policy name and ':'");
    }

    @Test
    void aPluginReceivesOnlyItsOwnSettings() {
        // i915-32bit's policies set i915's era and vmap-notifier; with --workload strict:tick they are
        // left out, and strict (which refuses any key but knob) installs and sees no setting at all.
        String[] a = {"simulate", "--workload", "strict:tick", "--ops", "20", "--policies", "cache",
            "--policy", "cache:vmapkit.plugin.strict.knob=7"};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).containsPattern("(?m)^workload: knob\\s+7$").containsPattern("(?m)^workload: settingsSeen\\s+1$");
        // beside i915 in the default scenario, strict gets none of i915's settings either
        String[] b = {"simulate", "--ops", "50", "--policies", "cache", "--with", "strict"};
        CliRun beside = CliRun.of(b);
        assertThat(beside.code()).as(beside.describe(b)).isZero();
        assertThat(beside.out()).contains("also installed: strict");
    }

    @Test
    void aRunStartsFromTheShippedVmallocinfoSnapshotAndTheReportMapsIt() throws IOException {
        Path report = dir.resolve("layout.html");
        String[] a = {"simulate", "--scenario", TestScenarios.LAYOUT, "--ops", "300", "--report", report.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out().lines().findFirst().orElseThrow())
                .contains("initial layout classpath:vmallocinfo-6.18-x86_64.txt (auto)", "from " + TestScenarios.LAYOUT);
        assertThat(r.out()).containsPattern("(?m)^operations\\s+300$");
        String html = Files.readString(report);
        assertThat(html).contains("<h3>Address space after the initial layout</h3>", "initial layout");
        // the snapshot has 775 lines: 453 'unpurged vm_area' lines (placed, then freed lazily: 9,277,440
        // bytes = 2265 pages, below lazy_max_pages 24576, so no purge) and 322 areas held (20,647,936
        // bytes), counted with grep and awk over the file; nothing else runs before the first operation
        int at = html.indexOf("<h3>Address space after the initial layout</h3>");
        String afterLayout = html.substring(at, html.indexOf("<h3>Address space at the end of the run</h3>", at));
        assertThat(afterLayout).contains("322 live areas (", "453 lazy areas (");
    }

    @Test
    void aLayoutFileIsFoundBesideTheScenarioFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("mine"));
        String zero = "0x0000000000000000-0x0000000000000000";
        // two areas as /proc/vmallocinfo prints them with kptr_restrict=2: zeroed addresses, sizes with the guard page
        Files.writeString(sub.resolve("snap.txt"), zero + "   20480 a_caller+0x1/0x10 pages=4 vmalloc\n"
                + zero + "    8192 b_caller+0x2/0x20 phys=0x00000000fe000000 ioremap\n");
        Path scenario = sub.resolve("s.yaml");
        Files.writeString(scenario, String.join("\n", "name: beside", "plugins:", "  churn: {}", "layout: snap.txt",
                "loads:", "  - plugin: churn", "policies:", "  cache+notifier:", "    churn: {vmap-notifier: \"true\"}", ""));
        Path report = dir.resolve("beside.html");
        String[] a = {"simulate", "--scenario", scenario.toString(), "--ops", "100", "--report", report.toString()};
        CliRun r = CliRun.of(a);
        assertThat(r.code()).as(r.describe(a)).isZero();
        assertThat(r.out()).contains("initial layout " + sub.toAbsolutePath().resolve("snap.txt") + " (auto)");
        String html = Files.readString(report);
        int at = html.indexOf("<h3>Address space after the initial layout</h3>");
        assertThat(at).isPositive();
        // 20480 + 8192 = 28672 bytes = 28.0 KiB in the two areas the file lists, nothing else yet
        assertThat(html.substring(at)).contains("2 live areas (28.0 KiB), 0 lazy areas");
    }

    /**
     * Every built-in scenario names plugins, workloads and settings that discovery finds: checked the
     * way simulate checks a scenario before it runs. The generic scenarios need the generic plugin's
     * churn, module-load, ioremap, page-pool-pressure and leaky-cache workloads, which it must offer.
     */
    @Test
    void everyBuiltInScenarioChecksAgainstWhatDiscoveryFinds() {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Candidate<VmapPlugin> c : new ServiceDiscovery(getClass().getClassLoader()).find(VmapPlugin.class).usable()) {
            found.put(c.name(), c.instance().workloads());
        }
        assertThat(found.getOrDefault("generic", List.of())).as("the generic plugin's workloads")
                .containsAll(List.of("churn", "module-load", "ioremap", "page-pool-pressure", "leaky-cache"));
        for (Scenario s : Scenarios.all()) {
            ScenarioCheck.check(s, s.policies(), found, List.of());
        }
    }

    private static List<String> row(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s{2,}(.*)$").matcher(out);
        assertThat(m.find()).as("row " + label + " in\n" + out).isTrue();
        return List.of(m.group(1).trim().split("\\s{2,}"));
    }
}
