package io.vmapkit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Builds plugin jars in tests: compiles Java source strings against the test class path and packs them. */
public final class TestJars {

    private TestJars() {}

    /**
     * Compiles {@code sources} (class name → source) and writes {@code jar} with the classes and the
     * given services files (interface name → lines).
     */
    public static Path jar(Path jar, Map<String, String> sources, Map<String, String> services) throws IOException {
        return jar(jar, sources, services, null);
    }

    /** As {@link #jar(Path, Map, Map)}, runnable with {@code java -jar} when {@code mainClass} is given. */
    public static Path jar(Path jar, Map<String, String> sources, Map<String, String> services, String mainClass)
            throws IOException {
        Path classes = Files.createTempDirectory(jar.getParent(), "classes");
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<JavaFileObject> units = sources.entrySet().stream().<JavaFileObject>map(e -> new SimpleJavaFileObject(
                    URI.create("string:///" + e.getKey().replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return e.getValue();
                }
            }).toList();
            StringWriter diagnostics = new StringWriter();
            boolean ok = javac.getTask(diagnostics, null, null, List.of("--release", "17", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path")), null, units).call();
            if (!ok) {
                throw new IllegalStateException("test plugin does not compile:\n" + diagnostics);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            for (Map.Entry<String, String> s : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                out.write(s.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The source of a small plugin "jarplug" with a workload "tick" that keeps at most 8 one-page areas. */
    public static final String TICK_PLUGIN = String.join("\n",
            "package demo;",
            "import io.vmapkit.api.spi.InstalledPlugin;",
            "import io.vmapkit.api.spi.PluginContext;",
            "import io.vmapkit.api.spi.VmapPlugin;",
            "import io.vmapkit.api.spi.Workload;",
            "import io.vmapkit.api.vmap.VmapArea;",
            "import java.util.ArrayDeque;",
            "import java.util.List;",
            "import java.util.Map;",
            "public final class TickPlugin implements VmapPlugin {",
            "    @Override public String name() { return \"jarplug\"; }",
            "    @Override public String version() { return \"9.9\"; }",
            "    @Override public int priority() { return 5; }",
            "    @Override public List<String> workloads() { return List.of(\"tick\"); }",
            "    @Override public InstalledPlugin install(PluginContext ctx) {",
            "        return new InstalledPlugin() {",
            "            @Override public Workload newWorkload(String w, long seed, Map<String, String> p) {",
            "                long ops = Long.parseLong(p.getOrDefault(\"operations\", \"10\"));",
            "                return new Workload() {",
            "                    long n; long vmaps; final ArrayDeque<VmapArea> held = new ArrayDeque<>();",
            "                    @Override public String name() { return \"tick\"; }",
            "                    @Override public boolean step() {",
            "                        if (n++ >= ops) { return false; }",
            "                        held.add(ctx.allocator().allocate(4096)); vmaps++;",
            "                        if (held.size() > 8) { ctx.allocator().free(held.poll()); }",
            "                        return true;",
            "                    }",
            "                    @Override public Map<String, Long> counters() { return Map.of(\"vmaps\", vmaps); }",
            "                };",
            "            }",
            "        };",
            "    }",
            "}");
}
