package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.DiscoveryReport;
import io.vmapkit.runtime.discovery.Findings;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.runtime.testplugins.AlphaPlugin;
import io.vmapkit.runtime.testplugins.BadNamePlugin;
import io.vmapkit.runtime.testplugins.FuturePlugin;
import io.vmapkit.runtime.testplugins.GoodPlugin;
import io.vmapkit.runtime.testplugins.HighPlugin;
import io.vmapkit.runtime.testplugins.LowPlugin;
import io.vmapkit.runtime.testplugins.NameThrowsPlugin;
import io.vmapkit.runtime.testplugins.NotAPlugin;
import io.vmapkit.runtime.testplugins.SecondGoodPlugin;
import io.vmapkit.runtime.testplugins.ThrowingConstructorPlugin;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceDiscoveryTest {

    @TempDir
    Path tmp;

    private static final String MISSING = "io.vmapkit.runtime.testplugins.DoesNotExist";

    @Test
    void brokenEntriesAreReportedWithClassAndSourceJarAndSkippedWhileTheRestLoad() throws Exception {
        Path jar = tmp.resolve("broken-plugins.jar");
        try (URLClassLoader loader = TestLoaders.jar(jar, VmapPlugin.class, "# a comment line",
                MISSING, NotAPlugin.class.getName(), ThrowingConstructorPlugin.class.getName(),
                GoodPlugin.class.getName() + "   # trailing comment", BadNamePlugin.class.getName(),
                NameThrowsPlugin.class.getName())) {
            Findings<VmapPlugin> f = new ServiceDiscovery(loader).find(VmapPlugin.class);

            assertThat(f.usable()).extracting(Candidate::name).containsExactly("good");
            assertThat(f.usable().get(0).entry().version()).isEqualTo("1.2.3");
            assertThat(f.refused()).hasSize(5).allSatisfy(e -> assertThat(e.status()).isEqualTo(Status.BROKEN));

            ReportEntry missing = byClass(f, MISSING);
            assertThat(missing.source()).isEqualTo(jar.toString());
            assertThat(missing.reason()).contains("not found");

            ReportEntry notSubtype = byClass(f, NotAPlugin.class.getName());
            assertThat(notSubtype.source()).isEqualTo(jar.toString());
            assertThat(notSubtype.reason()).contains("does not implement " + VmapPlugin.class.getName());

            ReportEntry ctor = byClass(f, ThrowingConstructorPlugin.class.getName());
            assertThat(ctor.source()).isEqualTo(jar.toString());
            assertThat(ctor.reason()).contains("constructor threw").contains("boom in constructor");

            ReportEntry badName = byClass(f, BadNamePlugin.class.getName());
            assertThat(badName.reason()).contains("'has space'");
            ReportEntry nameThrows = byClass(f, NameThrowsPlugin.class.getName());
            assertThat(nameThrows.reason()).contains("name() threw").contains("no name today");
        }
    }

    @Test
    void aServicesDirectoryIsNamedAsTheSourceOfItsBrokenEntries() throws Exception {
        try (URLClassLoader loader = TestLoaders.dir(tmp, VmapPlugin.class, MISSING)) {
            Findings<VmapPlugin> f = new ServiceDiscovery(loader).find(VmapPlugin.class);
            assertThat(f.usable()).isEmpty();
            assertThat(f.refused()).singleElement().satisfies(e -> {
                assertThat(e.className()).isEqualTo(MISSING);
                assertThat(Path.of(e.source())).isEqualTo(tmp);
            });
        }
    }

    @Test
    void strictModeTurnsABrokenEntryIntoAStartupFailure() throws Exception {
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("p.jar"), VmapPlugin.class,
                MISSING, GoodPlugin.class.getName())) {
            VmapKit.Builder lenient = Fixtures.kit().classLoader(loader).discoverPlugins();
            assertThat(lenient.resolve().plugins()).extracting(VmapPlugin::name).containsExactly("good");

            assertThatThrownBy(() -> Fixtures.kit().classLoader(loader).discoverPlugins().strictDiscovery().resolve())
                    .isInstanceOf(DiscoveryException.class)
                    .hasMessageContaining("strict discovery")
                    .hasMessageContaining(MISSING)
                    .hasMessageContaining("p.jar");
        }
    }

    @Test
    void duplicateNamesFailNamingBothClassesAndSources() throws Exception {
        Path jar = tmp.resolve("dups.jar");
        try (URLClassLoader loader = TestLoaders.jar(jar, VmapPlugin.class,
                TestLoaders.names(GoodPlugin.class, SecondGoodPlugin.class, HighPlugin.class))) {
            assertThatThrownBy(() -> new ServiceDiscovery(loader).find(VmapPlugin.class))
                    .isInstanceOf(DiscoveryException.class)
                    .hasMessageContaining("named 'good'")
                    .hasMessageContaining(GoodPlugin.class.getName())
                    .hasMessageContaining(SecondGoodPlugin.class.getName())
                    .hasMessageContaining(ServiceDiscovery.sourceOf(GoodPlugin.class))
                    .satisfies(e -> assertThat(((DiscoveryException) e).report().entries()).hasSize(3));
        }
    }

    @Test
    void theSameClassListedInTwoServicesFilesIsNotADuplicate() throws Exception {
        Path dir = tmp.resolve("dir");
        try (URLClassLoader inner = TestLoaders.dir(dir, VmapPlugin.class, GoodPlugin.class.getName());
                URLClassLoader outer = new URLClassLoader(new java.net.URL[] {
                    TestLoaders.jar(tmp.resolve("again.jar"), VmapPlugin.class, GoodPlugin.class.getName()).getURLs()[0]},
                    inner)) {
            assertThat(new ServiceDiscovery(outer).find(VmapPlugin.class).usable()).extracting(Candidate::name)
                    .containsExactly("good");
        }
    }

    @Test
    void aPluginBuiltForANewerApiIsRefusedWithAClearMessage() throws Exception {
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("future.jar"), VmapPlugin.class,
                TestLoaders.names(FuturePlugin.class, GoodPlugin.class))) {
            Findings<VmapPlugin> f = new ServiceDiscovery(loader).find(VmapPlugin.class);
            assertThat(f.usable()).extracting(Candidate::name).containsExactly("good");
            assertThat(f.refused()).singleElement().satisfies(e -> {
                assertThat(e.name()).isEqualTo("future");
                assertThat(e.status()).isEqualTo(Status.SKIPPED);
                assertThat(e.apiVersion()).isEqualTo(2);
                assertThat(e.reason()).isEqualTo(
                        "built for vmapkit api 2.x, but this runtime implements api 1.0; upgrade vmapkit to use it");
            });
            VmapBlueprint bp = Fixtures.kit().classLoader(loader).discoverPlugins().resolve();
            assertThat(bp.report().find(Kind.PLUGIN, "future")).get().extracting(ReportEntry::status)
                    .isEqualTo(Status.SKIPPED);
            assertThatThrownBy(() -> Fixtures.kit().classLoader(loader).discoverPlugins().strictDiscovery().resolve())
                    .isInstanceOf(DiscoveryException.class).hasMessageContaining("built for vmapkit api 2.x");
        }
    }

    static Stream<Long> seeds() {
        Long replay = Long.getLong("vmapkit.seed"); // any value, 0 included, replays
        if (replay != null) {
            return Stream.of(replay);
        }
        return Stream.concat(Stream.of(1L, 42L, 20260101L), new SplittableRandom().longs(3).boxed());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void orderIsPriorityThenNameWhateverTheServicesFileOrder(long seed) throws Exception {
        List<String> lines = new ArrayList<>(List.of(TestLoaders.names(GoodPlugin.class, HighPlugin.class,
                AlphaPlugin.class, LowPlugin.class)));
        Collections.shuffle(lines, new java.util.Random(new SplittableRandom(seed).nextLong()));
        System.out.println("seed " + seed + " services order " + lines);
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("order-" + seed + ".jar"), VmapPlugin.class,
                lines.toArray(new String[0]))) {
            assertThat(new ServiceDiscovery(loader).find(VmapPlugin.class).usable())
                    .as("seed %d (replay with -Dvmapkit.seed=%d), services order %s", seed, seed, lines)
                    .extracting(Candidate::name).containsExactly("high", "alpha", "good", "low");
        }
    }

    @Test
    void theReportPrintsOneRowPerEntryWithEveryColumn() throws Exception {
        try (URLClassLoader loader = TestLoaders.jar(tmp.resolve("t.jar"), VmapPlugin.class,
                MISSING, GoodPlugin.class.getName(), FuturePlugin.class.getName())) {
            DiscoveryReport report = Fixtures.kit().classLoader(loader).discoverPlugins().resolve().report();
            String table = report.toTable();
            List<String> rows = table.lines().toList();
            assertThat(rows.get(0)).startsWith("KIND").contains("NAME", "VERSION", "PRIO", "API", "STATUS", "CLASS",
                    "SOURCE", "DETAIL");
            assertThat(rows).hasSize(1 + report.entries().size());
            assertThat(table).contains("plugin", "good", "1.2.3", "available", "skipped", "broken", MISSING,
                    "allocator", "free-tree", "installed");
            assertThat(report.problems()).extracting(ReportEntry::className).containsExactly(MISSING);
        }
    }

    @Test
    void providersAreDiscoveredFromTheTestServicesFiles() {
        Findings<AllocatorProvider> f = ServiceDiscovery.usingRuntimeLoader().find(AllocatorProvider.class);
        assertThat(f.usable()).extracting(Candidate::name).contains("free-tree", "busy-list");
        assertThat(f.refused()).isEmpty();
        List<Candidate<AllocatorProvider>> sorted = new ArrayList<>(f.usable());
        sorted.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(b.priority(), a.priority())
                : a.name().compareTo(b.name()));
        assertThat(f.usable()).isEqualTo(sorted);
    }

    private static ReportEntry byClass(Findings<?> f, String cls) {
        return f.refused().stream().filter(e -> e.className().equals(cls)).findFirst()
                .orElseThrow(() -> new AssertionError("no refused entry for " + cls + " in " + f.refused()));
    }
}
