package io.vmapkit.plugins.examples.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.w3c.dom.Document;

/**
 * {@code docs/writing-a-plugin.md}, done as it says: the project it shows is the plugin archetype's,
 * generated from its templates (DocSnippetsTest keeps the guide's copies equal to them) with the
 * guide's own {@code file=...} blocks beside (its settings file), the plugin is compiled with javax.tools against this
 * module's test class path into a jar whose services entry is written from its {@code @AutoService}
 * annotation as the AutoService processor would, the guide's own unit test is compiled and run on the
 * JUnit Platform, and the jar is put in a plugin directory and loaded through the runtime's discovery
 * the way {@code vmapkit simulate --plugin-path DIR} loads it.
 */
class GuideTest {

    private static final String PLUGIN = "src/main/java/com/example/scratch/ScratchPoolPlugin.java";
    private static final String MAIN = "src/main/java/";
    private static final String TESTS = "src/test/java/";
    /** The generated project's tests: 6 against a mocked context, 4 in testkit systems. */
    private static final List<String> TEST_CLASSES = List.of("com.example.scratch.ScratchPoolPluginTest",
            "com.example.scratch.ScratchPoolSystemTest");
    private static final int TESTS_IN_THE_GUIDE = 10;
    private static final String PLUGIN_CLASS = "com.example.scratch.ScratchPoolPlugin";
    private static final long PAGE = 4096;

    private static Guide guide;
    private static Path pluginDir;
    private static Path pluginJar;
    private static Path testClasses;
    private static List<Diagnostic<? extends JavaFileObject>> diagnostics;

    @BeforeAll
    static void buildThePluginAsTheGuideDescribes(@TempDir Path work) throws Exception {
        guide = Guide.load(expect("vmapkit"));
        Path project = work.resolve("scratch-pool");
        guide.writeTo(project);
        Path classes = work.resolve("classes");
        testClasses = work.resolve("test-classes");
        diagnostics = new ArrayList<>();
        assertThat(guide.filesUnder(MAIN, ".java")).contains(PLUGIN);
        diagnostics.addAll(compile(guide.filesUnder(MAIN, ".java").stream().map(project::resolve).toList(), classes,
                testClassPath(), true));
        pluginDir = Files.createDirectories(work.resolve("vmapkit-plugins"));
        pluginJar = jar(classes, pluginDir.resolve("scratch-pool-1.0.0.jar"));
        diagnostics.addAll(compile(guide.filesUnder(TESTS, ".java").stream().map(project::resolve).toList(), testClasses,
                testClassPath() + File.pathSeparator + classes, false));
    }

    // ---- step 1: the project -----------------------------------------------------------------

    @Test
    void theGuidesPomDependsOnTheApiAndTheTestkitAndRunsAutoServiceAtTheVersionsThisBuildUses() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader(guide.file("pom.xml"))));
        XPath x = XPathFactory.newInstance().newXPath();
        String props = "/project/properties/";
        assertThat(x.evaluate(props + "*[local-name()='vmapkit.version']", pom)).isEqualTo(expect("vmapkit"));
        assertThat(x.evaluate(props + "*[local-name()='auto-service.version']", pom)).isEqualTo(expect("auto-service"));
        assertThat(x.evaluate(props + "*[local-name()='maven.compiler.release']", pom)).isEqualTo("17");

        String deps = "/project/dependencies/dependency";
        // the vmapkit versions come from the BOM, imported at ${vmapkit.version}
        assertThat(x.evaluate("/project/dependencyManagement/dependencies/dependency[artifactId='vmapkit-bom']/version", pom))
                .isEqualTo("${vmapkit.version}");
        assertThat(x.evaluate("/project/dependencyManagement/dependencies/dependency[artifactId='vmapkit-bom']/scope", pom))
                .isEqualTo("import");
        assertThat(x.evaluate(deps + "[artifactId='vmapkit-api']/version", pom)).as("managed by the BOM").isEmpty();
        assertThat(x.evaluate(deps + "[artifactId='vmapkit-api']/scope", pom)).as("compile scope").isEmpty();
        assertThat(x.evaluate(deps + "[artifactId='auto-service-annotations']/scope", pom)).isEqualTo("provided");
        assertThat(x.evaluate(deps + "[artifactId='vmapkit-testkit']/scope", pom)).isEqualTo("test");
        assertThat(x.evaluate("count(" + deps + "[scope!='test' and scope!='provided' or not(scope)])", pom))
                .as("the api is the plugin's only run-time dependency").isEqualTo("1");
        assertThat(x.evaluate("/project/dependencyManagement/dependencies/dependency[artifactId='junit-bom']/version", pom))
                .isEqualTo(expect("junit"));
        assertThat(x.evaluate("/project/dependencyManagement/dependencies/dependency[artifactId='mockito-bom']/version", pom))
                .isEqualTo(expect("mockito"));

        String plugins = "/project/build/plugins/plugin";
        for (String p : List.of("maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin", "maven-resources-plugin")) {
            assertThat(x.evaluate(plugins + "[artifactId='" + p + "']/version", pom)).as(p).isEqualTo(expect(p));
        }
        assertThat(x.evaluate(plugins + "[artifactId='maven-compiler-plugin']/configuration/annotationProcessorPaths"
                + "/path[artifactId='auto-service']/version", pom)).isEqualTo("${auto-service.version}");
        assertThat(guide.text).contains("mvn -q install -DskipTests -DskipITs -pl archetype -am");
    }

    // ---- step 2: the plugin ------------------------------------------------------------------

    @Test
    void theGuidesCodeCompilesWithoutWarnings() {
        assertThat(diagnostics).as("javac -Xlint:all on the guide's files").isEmpty();
    }

    @Test
    void theJarCarriesTheServicesEntryAutoServiceWritesAndOnlyTheGuidesClasses() throws IOException {
        try (JarFile jar = new JarFile(pluginJar.toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/" + VmapPlugin.class.getName());
            assertThat(services).as("services entry").isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PLUGIN_CLASS + "\n");
            }
            assertThat(jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")))
                    .allMatch(n -> n.startsWith("com/example/scratch/"));
        }
    }

    // ---- step 5: its unit tests ----------------------------------------------------------------

    @Test
    void theGuidesOwnUnitTestsPassOnTheJUnitPlatform() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {pluginJar.toUri().toURL(), testClasses.toUri().toURL()},
                GuideTest.class.getClassLoader())) {
            List<ClassSelector> selectors = new ArrayList<>();
            for (String name : TEST_CLASSES) {
                selectors.add(selectClass(loader.loadClass(name)));
            }
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener);
            TestExecutionSummary summary = listener.getSummary();
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 30);
            assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
            assertThat(summary.getTestsFoundCount()).isEqualTo(TESTS_IN_THE_GUIDE);
            assertThat(summary.getTestsSucceededCount()).isEqualTo(TESTS_IN_THE_GUIDE);
        }
    }

    // ---- steps 3 and 6: settings, and loading the jar from a plugin directory -------------------

    /** What {@code --plugin-path DIR} does: a class loader over every jar in DIR, then discovery. */
    private static URLClassLoader pluginPath(Path dir) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(p.toUri().toURL());
            }
        }
        return new URLClassLoader(jars.toArray(new URL[0]), VmapKit.class.getClassLoader());
    }

    /** A system as a host or the cli builds it from the plugin directory and the guide's settings file. */
    private static VmapSystem systemFromPluginDirectory(URLClassLoader loader, RecordingListener recorder)
            throws IOException {
        Properties settings = new Properties();
        settings.load(new StringReader(guide.file("vmapkit.properties")));
        return VmapKit.builder()
                .ignoreSystemProperties()
                .config(VmapConfig.fromProperties(settings))
                .addressSpace(AddressSpace.of("guide", 0x1000_0000L, 4L << 20, 4096))
                .ncpus(1)
                .configure(c -> c.set("vmapkit.page-pool.pages", "64").includePlugins(List.of("scratch-pool")))
                .classLoader(loader)
                .discoverPlugins()
                .strictDiscovery()
                .clock(new ManualClock())
                .listener(recorder)
                .start();
    }

    @Test
    void theJarInAPluginDirectoryIsDiscoveredInstalledAndRegistersItsShrinkerAndItsBlock() throws Exception {
        RecordingListener recorder = new RecordingListener();
        try (URLClassLoader loader = pluginPath(pluginDir)) {
            VmapSystem system = systemFromPluginDirectory(loader, recorder);
            try {
                ReportEntry entry = system.report().find(Kind.PLUGIN, "scratch-pool").orElseThrow();
                assertThat(entry.status()).as(system.report().toTable()).isEqualTo(Status.INSTALLED);
                assertThat(entry.className()).isEqualTo(PLUGIN_CLASS);
                assertThat(entry.source()).contains("scratch-pool-1.0.0.jar");
                assertThat(entry.version()).isEqualTo("1.0.0");
                assertThat(system.installedPlugins()).containsExactly("scratch-pool");
                assertThat(system.shrinkers().shrinkers()).extracting(s -> s.name()).containsExactly("scratch-pool");
                assertThat(system.purgeChain().blocks()).extracting(b -> b.name()).containsExactly("scratch-pool");
                assertThat(system.plugins().get(0).getClass().getClassLoader())
                        .as("loaded from the jar, not the class path").isSameAs(loader);
            } finally {
                system.close(); // what the cli does when the run ends
            }
            assertThat(system.shrinkers().shrinkers()).isEmpty();
            assertThat(system.purgeChain().blocks()).isEmpty();
            assertThat(system.report().find(Kind.PLUGIN, "scratch-pool").orElseThrow().status())
                    .isEqualTo(Status.UNINSTALLED);
        }
    }

    @Test
    void theDiscoveredPluginReadsTheGuidesSettingsAndReclaimsUnderPageAndVmapPressure() throws Exception {
        RecordingListener recorder = new RecordingListener();
        try (URLClassLoader loader = pluginPath(pluginDir);
                VmapSystem system = systemFromPluginDirectory(loader, recorder)) {
            // the guide's ScratchPool, as system.installed(ScratchPool.class) gives it to a host
            Object plugin = system.installed("scratch-pool").orElseThrow();
            assertThat(plugin.getClass().getName()).isEqualTo("com.example.scratch.ScratchPool");
            Method take = plugin.getClass().getMethod("take");
            Method give = plugin.getClass().getMethod("give", take.getReturnType());
            Method idle = plugin.getClass().getMethod("idleBuffers");
            Method pages = take.getReturnType().getMethod("pages");
            Method mapping = take.getReturnType().getMethod("mapping");

            // buffer-pages = 8 from the guide's vmapkit.properties: five buffers take 40 of the 64 pages
            List<Object> buffers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                buffers.add(take.invoke(plugin));
            }
            assertThat(((PageRun) pages.invoke(buffers.get(0))).nrPages()).isEqualTo(8);
            for (Object b : buffers) {
                give.invoke(plugin, b);
            }
            assertThat(idle.invoke(plugin)).isEqualTo(5);
            assertThat(system.pagePool().freePages()).isEqualTo(24);

            // page pressure: the host wants 40 pages; reclaim runs the plugin's shrinker
            PageRun hostPages = system.pagePool().allocate(40);
            assertThat(hostPages.nrPages()).isEqualTo(40);
            assertThat((int) idle.invoke(plugin)).isLessThan(5);
            assertThat(recorder.events(VmapEvent.ShrinkSlabEnd.class))
                    .anyMatch(e -> e.shrinker().equals("scratch-pool") && e.retval() > 0);
            system.pagePool().free(hostPages);

            // vmap pressure: the space is full, and only the idle buffers' mappings can make room
            Object a = take.invoke(plugin);
            Object b = take.invoke(plugin);
            give.invoke(plugin, a);
            give.invoke(plugin, b);
            new Pressure(system).fillUntilFull(PAGE);
            recorder.clear();
            VmapArea area = system.allocator().allocate(12 * PAGE);
            assertThat(area.state()).isEqualTo(AreaState.LIVE);
            assertThat(recorder.events(VmapEvent.NotifierRound.class))
                    .anyMatch(r -> r.contributions().getOrDefault("scratch-pool", 0L) > 0);
            assertThat(((VmapArea) mapping.invoke(a)).state()).isEqualTo(AreaState.PURGED);
        }
    }

    @Test
    void theGuidesSettingsFileIsValidConfiguration() throws IOException {
        Properties settings = new Properties();
        settings.load(new StringReader(guide.file("vmapkit.properties")));
        VmapConfig config = VmapConfig.fromProperties(settings);
        assertThat(config.pluginSettings("scratch-pool")).containsEntry("buffer-pages", "8").containsEntry("max-idle", "16")
                .containsEntry("warm-buffers", "0");
        assertThat(guide.text).contains("./vmapkit simulate --plugin-path").contains("./vmapkit plugins --plugin-path");
    }

    // ---- the tools ---------------------------------------------------------------------------

    private static String expect(String what) {
        String v = System.getProperty("guide.expect." + what);
        assertThat(v).as("system property guide.expect." + what + " (set by the module's surefire configuration)")
                .isNotNull();
        return v;
    }

    /** The test class path, as surefire passes it (its booter jar otherwise hides it behind a manifest). */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Compiles {@code sources} into {@code out} with {@code -Xlint:all}; with {@code autoService}, runs
     * the real AutoService processor if it is on the class path, else {@link AutoServiceLikeProcessor}.
     *
     * @return the warnings (errors fail the build of the test at once)
     */
    private static List<Diagnostic<? extends JavaFileObject>> compile(List<Path> sources, Path out, String classPath,
            boolean autoService) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK (javax.tools) to compile the guide's code").isNotNull();
        DiagnosticCollector<JavaFileObject> collected = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(collected, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-Xlint:all,-processing,-options", "-classpath", classPath,
                    "-d", out.toString());
            JavaCompiler.CompilationTask task = javac.getTask(null, files, collected, options, null,
                    files.getJavaFileObjectsFromPaths(sources));
            task.setProcessors(autoService ? List.of(autoServiceProcessor()) : List.of());
            boolean ok = task.call();
            assertThat(ok).as("javac on " + sources + ": " + collected.getDiagnostics()).isTrue();
        }
        return List.copyOf(collected.getDiagnostics());
    }

    private static Processor autoServiceProcessor() {
        try {
            return (Processor) Class.forName("com.google.auto.service.processor.AutoServiceProcessor")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new AutoServiceLikeProcessor();
        }
    }

    /** Jars every file under {@code classes}, with a manifest, as maven-jar-plugin would. */
    private static Path jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
