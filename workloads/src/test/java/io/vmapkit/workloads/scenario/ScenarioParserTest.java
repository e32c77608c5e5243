package io.vmapkit.workloads.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Reading scenario files: every key of the format, and every error with its file:line and suggestion. */
class ScenarioParserTest {

    private static final String FULL = String.join("\n",
            "name: full",                                   // 1
            "description: every key",                       // 2
            "space: x86_64",                                // 3
            "space-size: 64M",                              // 4
            "cpus: 8",                                      // 5
            "kernel: \"5.2\"",                              // 6
            "config:",                                      // 7
            "  vmapkit.allocator.lazy-max-pages: 1024",     // 8
            "plugins:",                                     // 9
            "  my-cache:",                                  // 10
            "    capacity: 64",                             // 11
            "  other: {}",                                  // 12
            "loads:",                                       // 13
            "  - plugin: my-cache",                         // 14
            "    workload: fill",                           // 15
            "    params: {objects: 12, mode: fast}",        // 16
            "    weight: 3",                                // 17
            "  - plugin: other",                            // 18
            "layout: {file: mine.txt, mode: file-order}",   // 19
            "policies:",                                    // 20
            "  keep:",                                      // 21
            "    description: keep everything",             // 22
            "    my-cache: {release-on-purge: \"false\"}",  // 23
            "  small:",                                     // 24
            "    vmapkit.page-pool.pages: 4096",            // 25
            "default-policies: [small]",                    // 26
            "seed: 42",                                     // 27
            "operations: 0x10",                             // 28
            "");

    @Test
    void everyKeyIsReadWithWhereItWasWritten() {
        Scenario s = ScenarioParser.parse(FULL, "f.yaml");
        assertThat(s.name()).isEqualTo("full");
        assertThat(s.description()).isEqualTo("every key");
        assertThat(s.origin()).isEqualTo("f.yaml");
        assertThat(s.space()).isEqualTo("x86_64");
        assertThat(s.spaceSize()).isEqualTo(64L << 20); // 64M = 64 * 2^20 = 67108864 bytes
        assertThat(s.cpus()).isEqualTo(8);
        assertThat(s.kernel()).isEqualTo("5.2");
        assertThat(s.config()).containsExactly(new Entry("vmapkit.allocator.lazy-max-pages", "1024", "f.yaml:8"));
        assertThat(s.plugins()).containsOnlyKeys("my-cache", "other");
        assertThat(s.plugins().get("my-cache")).containsExactly(new Entry("vmapkit.plugin.my-cache.capacity", "64", "f.yaml:11"));
        assertThat(s.plugins().get("other")).isEmpty();
        assertThat(s.loads()).hasSize(2);
        Load first = s.loads().get(0);
        assertThat(first).isEqualTo(new Load("my-cache", "fill", Map.of("objects", "12", "mode", "fast"), 3, "f.yaml:14"));
        assertThat(s.loads().get(1)).as("the workload defaults to the plugin's name, the weight to 1")
                .isEqualTo(new Load("other", "other", Map.of(), 1, "f.yaml:18"));
        assertThat(s.layout()).isEqualTo(new Layout("mine.txt", "file-order", "f.yaml:19"));
        assertThat(s.policies()).extracting(Policy::name).containsExactly("keep", "small");
        Policy keep = s.policy("keep").orElseThrow();
        assertThat(keep.description()).isEqualTo("keep everything");
        assertThat(keep.entries()).containsExactly(new Entry("vmapkit.plugin.my-cache.release-on-purge", "false", "f.yaml:23"));
        assertThat(s.policy("small").orElseThrow().entries())
                .containsExactly(new Entry("vmapkit.page-pool.pages", "4096", "f.yaml:25"));
        assertThat(s.defaults()).extracting(Policy::name).containsExactly("small");
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.operations()).isEqualTo(16); // 0x10
        assertThat(s.pluginsToInstall()).containsExactly("my-cache", "other", "generic");
        assertThat(s.lines()).containsEntry("seed", "f.yaml:27").containsEntry("plugins.other", "f.yaml:12");
    }

    @Test
    void theOptionalKeysHaveTheirDocumentedDefaults() {
        Scenario s = ScenarioParser.parse("name: tiny\nloads: [{plugin: p}]\n", "t.yaml");
        assertThat(s.space()).isEqualTo("x86_32");
        assertThat(s.spaceSize()).isNull();
        assertThat(s.cpus()).isNull();
        assertThat(s.description()).isEmpty();
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.operations()).isEqualTo(100_000);
        assertThat(s.layout()).isNull();
        assertThat(s.policies()).extracting(Policy::name).containsExactly("default");
        assertThat(s.defaults()).extracting(Policy::name).containsExactly("default");
        assertThat(s.policies().get(0).entries()).isEmpty();
        assertThat(ScenarioParser.parse("name: l\nloads: [{plugin: p}]\nlayout: snap.txt\n", "l.yaml").layout())
                .isEqualTo(new Layout("snap.txt", "auto", "l.yaml:3"));
    }

    static Stream<Arguments> errors() {
        String loads = "loads: [{plugin: p}]\n";
        return Stream.of(
                Arguments.of("name: x\nloads:\n  - plugin: p\n    workloadz: w\n",
                        "e.yaml:4: unknown key 'workloadz' in 'loads[0]'; did you mean 'workload'?"),
                Arguments.of("name: x\nseeds: 3\n" + loads, "e.yaml:2: unknown key 'seeds' at the top level; did you mean 'seed'?"),
                Arguments.of("name: x\nzzz: 3\n" + loads, "e.yaml:2: unknown key 'zzz' at the top level (known: name, description,"),
                Arguments.of("name: x\nseed: abc\n" + loads, "e.yaml:2: 'seed' must be a whole number, not 'abc'"),
                Arguments.of("name: x\noperations: 0\n" + loads, "e.yaml:2: 'operations' must be at least 1, not 0"),
                Arguments.of("name: x\ncpus: [1]\n" + loads, "e.yaml:2: 'cpus' must be a single value, not a list"),
                Arguments.of(loads, "e.yaml:1: the scenario has no 'name' (required)"),
                Arguments.of("name: x\n", "e.yaml:1: the scenario has no 'loads'"),
                Arguments.of("name: x\nloads: []\n", "e.yaml:2: 'loads' is empty"),
                Arguments.of("name: x\nloads: p\n", "e.yaml:2: 'loads' must be a list of loads"),
                Arguments.of("name: x\nloads:\n  - workload: w\n", "e.yaml:3: 'loads[0]' has no 'plugin' (required)"),
                Arguments.of("name: x\nloads:\n  - {plugin: p, weight: 0}\n", "e.yaml:3: 'loads[0].weight' must be between 1 and 1000000, not 0"),
                Arguments.of("name: x\nspace: x86_65\n" + loads, "e.yaml:2: unknown address-space preset 'x86_65'; did you mean 'x86_64'?"),
                Arguments.of("name: x\nspace-size: 5000\n" + loads, "e.yaml:2: 'space-size' = 5000 is not a positive multiple of the page size"),
                Arguments.of("name: x\nspace-size: lots\n" + loads, "e.yaml:2: 'space-size' must be a size such as 64M"),
                Arguments.of("name: x\nlayout: {file: a, mode: exatc}\n" + loads, "e.yaml:2: unknown layout mode 'exatc'; did you mean 'exact'?"),
                Arguments.of("name: x\nlayout: {fil: a}\n" + loads, "e.yaml:2: unknown key 'fil' in 'layout'; did you mean 'file'?"),
                Arguments.of("name: x\nname: y\n" + loads, "e.yaml:2: key 'name' appears twice at the top level (first on line 1)"),
                Arguments.of("name: x\nconfig: {allocator.x: 1}\n" + loads, "e.yaml:2: 'allocator.x' in 'config' is not a vmapkit.* configuration key"),
                Arguments.of("name: x\npolicies: {a: {p: 1}}\n" + loads, "e.yaml:2: 'policies.a.p' must be a mapping of plugin 'p''s settings"),
                Arguments.of("name: x\npolicies: {'a b': {}}\n" + loads, "e.yaml:2: policy name 'a b' may not contain white space"),
                Arguments.of("name: x\npolicies: {cache: {}}\ndefault-policies: [cahce]\n" + loads,
                        "e.yaml:3: unknown policy 'cahce' in 'default-policies'; did you mean 'cache'?"),
                Arguments.of("name: x\ndefault-policies: [a]\n" + loads, "e.yaml:2: 'default-policies' names policies, but"),
                Arguments.of("name: [x\n", "e.yaml:2: not valid YAML"),
                Arguments.of("", "e.yaml:1: the file is empty"),
                Arguments.of("- a\n- b\n", "e.yaml:1: the file must be a mapping of the keys name, description,"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void everyErrorNamesTheFileAndLine(String text, String message) {
        assertThatThrownBy(() -> ScenarioParser.parse(text, "e.yaml")).isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void theBuiltInScenariosParseAndTheI915OnesSetOnlyI915sSettings() {
        assertThat(Scenarios.names()).containsExactly("i915-32bit", "i915-64bit", "generic-churn", "generic-pressure",
                "from-vmallocinfo");
        for (Scenario s : Scenarios.all()) {
            assertThat(s.description()).as(s.name()).isNotBlank();
            assertThat(Scenarios.text(s.name())).as(s.name()).contains("name: " + s.name());
        }
        Scenario i915 = Scenarios.find("i915-32bit").orElseThrow();
        assertThat(i915.space()).isEqualTo("x86_32");
        assertThat(i915.seed()).isEqualTo(Scenarios.SEED);
        assertThat(i915.operations()).isEqualTo(Scenarios.OPERATIONS);
        assertThat(i915.cpus()).isEqualTo(Scenarios.NCPUS);
        assertThat(i915.loads()).extracting(Load::label).containsExactly("i915:i915");
        assertThat(i915.defaults()).extracting(Policy::name).containsExactly("pre-4.7", "cache", "cache+notifier");
        // the settings the built-in policies had before they were files: era and vmap-notifier of i915 only
        assertThat(i915.policy("pre-4.7").orElseThrow().settings()).containsExactly(Map.entry("vmapkit.plugin.i915.era", "pre-4.7"));
        assertThat(i915.policy("cache").orElseThrow().settings()).containsExactly(
                Map.entry("vmapkit.plugin.i915.era", "4.7"), Map.entry("vmapkit.plugin.i915.vmap-notifier", "false"));
        assertThat(i915.policy("cache+notifier").orElseThrow().settings()).containsExactly(
                Map.entry("vmapkit.plugin.i915.era", "4.7"), Map.entry("vmapkit.plugin.i915.vmap-notifier", "true"));
        assertThat(Scenarios.find("i915-64bit").orElseThrow().space()).isEqualTo("x86_64");
        assertThat(Scenarios.find("from-vmallocinfo").orElseThrow().layout()).isNotNull();
        assertThatThrownBy(() -> Scenarios.text("nope")).hasMessage("no built-in scenario 'nope'");
    }

    @Test
    void checkingAgainstDiscoveryNamesTheLineAndTheNearestName() {
        Scenario s = ScenarioParser.parse(FULL, "f.yaml");
        Map<String, List<String>> found = Map.of("my-cache", List.of("fill"), "other", List.of("other"), "generic",
                List.of("layout", "churn"));
        ScenarioCheck.check(s, s.policies(), found, List.of()); // all there: no exception
        assertThatThrownBy(() -> ScenarioCheck.check(s, s.policies(), Map.of("my-cach", List.of("fill"), "other",
                List.of("other"), "generic", List.of("layout")), List.of()))
                .hasMessageStartingWith("f.yaml:10: unknown plugin 'my-cache' in plugins; did you mean 'my-cach'?");
        assertThatThrownBy(() -> ScenarioCheck.check(s, s.policies(), Map.of("my-cache", List.of("fil"), "other",
                List.of("other"), "generic", List.of("layout")), List.of()))
                .hasMessageStartingWith("f.yaml:14: plugin 'my-cache' offers no workload 'fill'; did you mean 'fil'?");
        assertThatThrownBy(() -> ScenarioCheck.check(s, s.policies(), Map.of("my-cache", List.of("fill"), "other",
                List.of("other")), List.of()))
                .hasMessageStartingWith("f.yaml:19: the layout needs the 'generic' plugin's 'layout' workload");
        Policy stray = new Policy("stray", "", List.of(new Entry("vmapkit.plugin.my-cahce.capacity", "1", "--policy stray")),
                "--policy stray");
        assertThatThrownBy(() -> ScenarioCheck.check(s, List.of(stray), found, List.of()))
                .hasMessageStartingWith("--policy stray: 'vmapkit.plugin.my-cahce.capacity' in policy 'stray' is a setting "
                        + "of plugin 'my-cahce', which this run does not install; did you mean 'my-cache'?");
    }
}
