package io.vmapkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code vmapkit} script at the repository root, run by bash against a stand-in repository in a
 * temporary directory (so no test ever starts a Maven build): a fresh jar is run with the arguments
 * from any directory; a missing or stale jar without Maven, and a missing java, fail clearly.
 */
class LauncherTest {

    private static final Path SCRIPT = Path.of("..", "vmapkit").toAbsolutePath().normalize();
    private static final String ECHO = String.join("\n",
            "package demo;",
            "public final class Echo {",
            "    public static void main(String[] args) {",
            "        System.out.println(\"cwd=\" + System.getProperty(\"user.dir\") + \" args=\" + String.join(\"|\", args));",
            "    }",
            "}");

    @TempDir
    Path tmp;

    /** A directory of links to the tools the script uses, plus {@code extra}. */
    private Path bin(String... extra) throws IOException {
        Path bin = Files.createTempDirectory(tmp, "bin");
        for (String tool : List.of("bash", "dirname", "readlink", "sed", "head", "find")) {
            link(bin, tool);
        }
        for (String tool : extra) {
            link(bin, tool);
        }
        return bin;
    }

    private static void link(Path bin, String tool) throws IOException {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                Files.createSymbolicLink(bin.resolve(tool), p.toRealPath());
                return;
            }
        }
        throw new IllegalStateException(tool + " not on the PATH");
    }

    /** A stand-in repository: the script, and optionally a runnable jar where the real one goes. */
    private Path repo(boolean withJar) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(SCRIPT, root.resolve("vmapkit"));
        if (withJar) {
            Path target = Files.createDirectories(root.resolve("cli/target"));
            TestJars.jar(target.resolve("vmapkit.jar"), Map.of("demo.Echo", ECHO), Map.of(), "demo.Echo");
        }
        return root;
    }

    private record Run(int code, String out, String err) {}

    private static Run run(Path script, Path cwd, Path bin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(bin.resolve("bash").toString(), script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("PATH", bin.toString());
        pb.environment().remove("JAVA_OPTS");
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    @Test
    void theScriptIsExecutableBashThatParses() throws IOException, InterruptedException {
        assertThat(SCRIPT).isExecutable();
        assertThat(Files.readAllLines(SCRIPT).get(0)).isEqualTo("#!/usr/bin/env bash");
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void aFreshJarRunsWithTheArgumentsFromAnyDirectory() throws IOException, InterruptedException {
        Path root = repo(true);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run r = run(root.resolve("vmapkit"), elsewhere, bin("java"), "simulate", "--json", "out.json", "two words");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("cwd=" + elsewhere.toRealPath() + " args=simulate|--json|out.json|two words");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutJavaItSaysSo() throws IOException, InterruptedException {
        Path root = repo(true);
        Run r = run(root.resolve("vmapkit"), tmp, bin(), "plugins");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit: java not found on the PATH; vmapkit needs JDK 17 or later\n");
    }

    @Test
    void aMissingJarWithoutMavenSaysWhatIsMissing() throws IOException, InterruptedException {
        Path root = repo(false);
        Run r = run(root.resolve("vmapkit"), tmp, bin("java"), "plugins");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vmapkit: cli/target/vmapkit.jar is missing or older than the sources, and mvn is not "
                + "on the PATH to build it (Maven 3.8+)\n");
    }

    @Test
    void aJarOlderThanAPomOrASourceIsRebuilt() throws IOException, InterruptedException {
        Path root = repo(true);
        Path jar = root.resolve("cli/target/vmapkit.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Path test = Files.createDirectories(root.resolve("api/src/test/java"));
        Files.writeString(test.resolve("T.java"), "class T {}");
        Run fresh = run(root.resolve("vmapkit"), tmp, bin("java"), "x");
        assertThat(fresh.code()).as("a newer test source does not make the jar stale: " + fresh.err()).isZero();
        Path main = Files.createDirectories(root.resolve("api/src/main/java"));
        Files.writeString(main.resolve("A.java"), "class A {}");
        Run stale = run(root.resolve("vmapkit"), tmp, bin("java"), "x");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("is missing or older than the sources");
        Files.delete(main.resolve("A.java"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Run pom = run(root.resolve("vmapkit"), tmp, bin("java"), "x");
        assertThat(pom.code()).isEqualTo(1);
        assertThat(pom.err()).contains("is missing or older than the sources");
    }
}
