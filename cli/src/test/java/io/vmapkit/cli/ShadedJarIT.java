package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runnable {@code target/vmapkit.jar}, after {@code package}: every plugin's and provider's
 * services entry survived shading, the manifest names the main class, and the jar runs.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "vmapkit.jar");

    @Test
    void everyServicesEntryOfTheModulesIsInTheShadedJar() throws IOException {
        assertThat(JAR).as("run after mvn package").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("io.vmapkit.cli.Main");
            for (String service : ServicesFiles.INTERFACES) {
                List<String> expected = List.copyOf(ServicesFiles.mainEntries(getClass().getClassLoader(), service));
                ZipEntry e = jar.getEntry("META-INF/services/" + service);
                if (expected.isEmpty()) {
                    continue;
                }
                assertThat(e).as("merged services file for " + service).isNotNull();
                try (InputStream in = jar.getInputStream(e)) {
                    List<String> merged = ServicesFiles.read(in);
                    assertThat(merged).as(service).containsAll(expected).doesNotHaveDuplicates();
                    for (String cls : merged) {
                        assertThat(jar.getEntry(cls.replace('.', '/') + ".class")).as(cls + " is in the jar").isNotNull();
                    }
                }
            }
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)")))
                    .as("no signature files").isEmpty();
        }
    }

    @Test
    void theJarRunsItsCommands() throws IOException, InterruptedException {
        Result plugins = java("plugins");
        assertThat(plugins.code).as(plugins.text).isZero();
        assertThat(plugins.text).contains("free-tree", "busy-list", "installed");
        Result bench = java("bench", "test-vmalloc", "--loops", "100", "--test-mask", "1");
        assertThat(bench.code).as(bench.text).isZero();
        assertThat(bench.text).containsPattern("Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 100 avg: \\d+ usec");
        Result usage = java("simulate", "--ops", "0");
        assertThat(usage.code).isEqualTo(2);
        assertThat(usage.text).contains("--ops must be at least 1");
    }

    private record Result(int code, String text) {}

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), text);
    }
}
