package io.vmapkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import org.junit.jupiter.api.Test;

/**
 * The module floors of the README (Modules), held as rules over the compiled main classes of every
 * module: api at the bottom importing nothing of ours and nothing third-party; allocator and
 * notifier side by side on the api, neither importing the other; plugins on the api only; runtime
 * the only place that knows all implementations, with no injection framework; the Guice module on
 * the runtime; the trace library on the runtime, the workloads library on the trace; testkit, bench
 * and the cli application on top, and nothing imports the cli; test-support under everything, on
 * the JDK alone.
 */
class LayeringTest {

    private static final String API = "io.vmapkit.api..";
    private static final String ALLOCATOR = "io.vmapkit.allocator..";
    private static final String NOTIFIER = "io.vmapkit.notifier..";
    private static final String RUNTIME = "io.vmapkit.runtime..";
    private static final String GUICE = "io.vmapkit.guice..";
    private static final String TEST_SUPPORT = "io.vmapkit.testsupport..";
    private static final String TESTKIT = "io.vmapkit.testkit..";
    private static final String TRACE = "io.vmapkit.trace..";
    private static final String WORKLOADS = "io.vmapkit.workloads..";
    private static final String CLI = "io.vmapkit.cli..";
    private static final String BENCH = "io.vmapkit.bench..";
    private static final String I915 = "io.vmapkit.driver..";
    private static final String EXAMPLES = "io.vmapkit.plugins.examples..";
    private static final String GENERIC = "io.vmapkit.plugins.generic..";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.vmapkit");
    }

    @Test
    void apiDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(API)
                .should().onlyDependOnClassesThat().resideInAnyPackage(API, "java..")
                .because("the api is the stable contract and has no dependencies")
                .check(main);
    }

    @Test
    void apiHasNoInjectionAnnotations() {
        noClasses().that().resideInAPackage(API)
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..")
                .check(main);
    }

    @Test
    void pluginsDependOnTheApiOnly() {
        classes().that().resideInAnyPackage(I915, EXAMPLES)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(API, I915, EXAMPLES, "java..", "jdk.jfr..", "com.google.auto.service..")
                .because("plugins are found at run time and import nothing but the api")
                .check(main);
    }

    @Test
    void theGenericPluginDependsOnTheApiOnly() {
        classes().that().resideInAPackage(GENERIC)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(API, GENERIC, "java..", "com.google.auto.service..")
                .because("the generic workloads are a plugin like any other: found at run time, on the api alone")
                .check(main);
    }

    @Test
    void allocatorDoesNotDependOnNotifierRuntimeCliOrPlugins() {
        noClasses().that().resideInAPackage(ALLOCATOR)
                .should().dependOnClassesThat().resideInAnyPackage(NOTIFIER, RUNTIME, GUICE, TRACE, WORKLOADS, TESTKIT, CLI, BENCH, I915, EXAMPLES, GENERIC)
                .because("the allocator calls chains and shrinkers through api interfaces only")
                .check(main);
    }

    @Test
    void notifierDoesNotDependOnAllocatorRuntimeCliOrPlugins() {
        noClasses().that().resideInAPackage(NOTIFIER)
                .should().dependOnClassesThat().resideInAnyPackage(ALLOCATOR, RUNTIME, GUICE, TRACE, WORKLOADS, TESTKIT, CLI, BENCH, I915, EXAMPLES, GENERIC)
                .check(main);
    }

    @Test
    void implementationModulesUseOnlyTheApiAndTheJdk() {
        classes().that().resideInAnyPackage(ALLOCATOR, NOTIFIER)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(API, ALLOCATOR, NOTIFIER, "java..", "jdk.jfr..", "com.google.auto.service..")
                .check(main);
    }

    @Test
    void nothingImportsAPlugin() {
        noClasses().that().resideOutsideOfPackages(I915, EXAMPLES, GENERIC)
                .should().dependOnClassesThat().resideInAnyPackage(I915, EXAMPLES, GENERIC)
                .because("plugins are discovered with ServiceLoader, never imported")
                .check(main);
    }

    @Test
    void implementationsArePackagePrivateAndReachedThroughProviders() {
        DescribedPredicate<JavaClass> implementsAContract = implement(VmapAllocator.class).or(implement(VmapArea.class))
                .or(implement(NotifierChain.class)).or(implement(ShrinkerRegistry.class))
                .or(implement(PagePool.class)).or(implement(PageRun.class));
        noClasses().that(resideInAnyPackage(ALLOCATOR, NOTIFIER).and(implementsAContract))
                .should().bePublic()
                .because("implementations are package-private; hosts reach them through providers (Caffeine style)")
                .check(main);
    }

    @Test
    void runtimeDoesNotDependOnTheLayersAboveIt() {
        noClasses().that().resideInAPackage(RUNTIME)
                .should().dependOnClassesThat().resideInAnyPackage(GUICE, TRACE, WORKLOADS, TESTKIT, CLI, BENCH)
                .check(main);
    }

    @Test
    void runtimeUsesNeitherGuiceNorGuava() {
        noClasses().that().resideInAPackage(RUNTIME)
                .should().dependOnClassesThat()
                .resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..", "com.google.common..")
                .because("an embedder of the runtime pays for no injection framework; Guice wiring is vmapkit-guice")
                .check(main);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CLI)
                .because("the cli is a thin application: what bench, reliability or an embedder need lives in a library "
                        + "module (trace, workloads)")
                .check(main);
    }

    @Test
    void theGuiceModuleSitsOnTheRuntimeAndTheApi() {
        classes().that().resideInAPackage(GUICE)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(GUICE, RUNTIME, API, "java..", "com.google.inject..", "jakarta.inject..")
                .check(main);
    }

    @Test
    void traceIsALibraryOnTheApiAndRuntime() {
        classes().that().resideInAPackage(TRACE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(API, RUNTIME, TRACE, "java..")
                .because("the trace format (writer, parser, replayer) is a library that the cli, workloads and "
                        + "reliability use; it knows no command line and no workload")
                .check(main);
    }

    @Test
    void testSupportDependsOnTheJdkOnly() {
        classes().that().resideInAPackage(TEST_SUPPORT)
                .should().onlyDependOnClassesThat().resideInAnyPackage(TEST_SUPPORT, "java..")
                .because("every module's tests use it, the api's included")
                .check(main);
    }

    @Test
    void onlyTheTestkitShipsTestSupport() {
        noClasses().that().resideOutsideOfPackages(TEST_SUPPORT, TESTKIT)
                .should().dependOnClassesThat().resideInAPackage(TEST_SUPPORT)
                .because("test helpers are for tests; the testkit offers LogCapture to plugin authors")
                .check(main);
    }

    @Test
    void workloadsDoNotDependOnTheLayersAboveThem() {
        noClasses().that().resideInAPackage(WORKLOADS)
                .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, CLI, BENCH, "picocli..")
                .because("the workloads (test_vmalloc port, simulate's runs, figures) are a library used by the cli "
                        + "and bench")
                .check(main);
    }

    @Test
    void guavaOnlyInBenchmarks() {
        noClasses().that().resideOutsideOfPackage(BENCH)
                .should().dependOnClassesThat().resideInAPackage("com.google.common..")
                .because("Guava comes in with Guice (vmapkit-guice) but is for benchmarks only")
                .check(main);
    }

    @Test
    void moduleSlicesAreFreeOfCycles() {
        slices().matching("io.vmapkit.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void apiPackagesAreFreeOfCycles() {
        slices().matching("io.vmapkit.api.(*)..").should().beFreeOfCycles().check(main);
    }
}
