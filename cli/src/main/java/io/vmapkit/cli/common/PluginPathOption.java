package io.vmapkit.cli.common;

import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --plugin-path DIR}: extra plugin and provider jars for discovery.
 *
 * <p>Each value is a directory, whose {@code *.jar} files are added in name order (and the directory
 * itself, if it holds a {@code META-INF/services} folder of unpacked classes), or a single jar. They
 * are put on one {@link URLClassLoader} whose parent is the loader of vmapkit's runtime, and that
 * loader is handed to the runtime's discovery explicitly (never as the thread-context loader). A
 * path that does not exist, or a directory with nothing to load, is a usage error. A file that is
 * not a readable jar is left out with a warning naming it and why; a jar that declares no vmapkit
 * service, and a declared class that several jars hold, get a warning too (on standard error).
 */
public final class PluginPathOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--plugin-path", paramLabel = "DIR", split = ",",
            description = "Also discover plugins and providers from the jars in DIR (or a jar file). Repeatable.")
    List<Path> paths = new ArrayList<>();

    /** The paths given, in order. */
    public List<Path> paths() {
        return List.copyOf(paths);
    }

    /**
     * A class loader over the given jars, or the runtime's own loader if none were given. Close it
     * when the command is done.
     *
     * @throws ParameterException if a path is missing or holds nothing to load
     */
    public PluginLoader open() {
        ClassLoader base = VmapKit.class.getClassLoader();
        if (paths.isEmpty()) {
            return new PluginLoader(base, null, List.of());
        }
        List<Path> entries = new ArrayList<>();
        for (Path p : paths) {
            entries.addAll(entries(p));
        }
        entries = checkJars(entries);
        List<URL> urls = new ArrayList<>();
        for (Path e : entries) {
            try {
                urls.add(e.toUri().toURL());
            } catch (MalformedURLException ex) {
                throw usage("--plugin-path: " + e + " cannot be used as a class path entry: " + ex.getMessage());
            }
        }
        URLClassLoader loader = new URLClassLoader("vmapkit-plugin-path", urls.toArray(new URL[0]), base);
        return new PluginLoader(loader, loader, List.copyOf(entries));
    }

    private List<Path> entries(Path p) {
        if (!Files.exists(p)) {
            throw usage("--plugin-path: " + p + " does not exist");
        }
        if (Files.isRegularFile(p)) {
            if (!p.getFileName().toString().endsWith(".jar")) {
                throw usage("--plugin-path: " + p + " is a file but not a .jar");
            }
            return List.of(p.toAbsolutePath());
        }
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(p.resolve("META-INF").resolve("services"))) {
            found.add(p.toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(p)) {
            s.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .forEach(f -> found.add(f.toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --plugin-path " + p + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw usage("--plugin-path: " + p + " holds no .jar files (and no META-INF/services)");
        }
        return found;
    }

    /** The prefix of the services files of vmapkit's service interfaces. */
    private static final String SERVICES = "META-INF/services/io.vmapkit.api.spi.";

    /**
     * Warns (on the command's standard error) about jars discovery would pass over in silence, and
     * leaves out the unreadable ones: a file that is not a jar (named with why), a jar that declares
     * no vmapkit service (nothing in it is discovered), and a class a services file declares that
     * two or more jars hold (the class loader takes the first; the warning names every jar and the
     * one used).
     */
    private List<Path> checkJars(List<Path> entries) {
        List<Path> kept = new ArrayList<>();
        Map<String, List<Path>> holders = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        for (Path e : entries) {
            if (!Files.isRegularFile(e)) {
                kept.add(e); // a directory of classes: the class loader reads it as it is
                continue;
            }
            try (JarFile jar = new JarFile(e.toFile())) {
                boolean services = false;
                for (JarEntry je : java.util.Collections.list(jar.entries())) {
                    String name = je.getName();
                    if (name.startsWith(SERVICES) && !je.isDirectory()) {
                        services = true;
                        try (InputStream in = jar.getInputStream(je)) {
                            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                                String cls = line.replaceAll("#.*", "").strip();
                                if (!cls.isEmpty()) {
                                    declared.add(cls);
                                }
                            }
                        }
                    } else if (name.endsWith(".class")) {
                        holders.computeIfAbsent(name.substring(0, name.length() - 6).replace('/', '.'), k -> new ArrayList<>()).add(e);
                    }
                }
                if (!services) {
                    warn(e + " declares no vmapkit plugin or provider (no META-INF/services entry for io.vmapkit.api.spi.*); "
                            + "nothing in it is discovered");
                }
                kept.add(e);
            } catch (IOException | SecurityException ex) {
                warn(e + " is not a readable jar (" + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
                        + "); skipped");
            }
        }
        for (String cls : declared) {
            List<Path> in = holders.getOrDefault(cls, List.of());
            if (in.size() > 1) {
                warn("class " + cls + " is in " + String.join(" and ", in.stream().map(Path::toString).toList())
                        + "; the copy in " + in.get(0) + " is used, the others are ignored");
            }
        }
        return kept;
    }

    private void warn(String message) {
        java.io.PrintWriter err = mixee.commandLine().getErr();
        err.println(mixee.qualifiedName() + ": warning: --plugin-path: " + message);
        err.flush();
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }

    /** The loader to discover from, and what it holds; closing it closes the URL loader, if any. */
    public static final class PluginLoader implements AutoCloseable {
        private final ClassLoader loader;
        private final URLClassLoader owned;
        private final List<Path> entries;

        PluginLoader(ClassLoader loader, URLClassLoader owned, List<Path> entries) {
            this.loader = loader;
            this.owned = owned;
            this.entries = entries;
        }

        /** The class loader for discovery. */
        public ClassLoader loader() {
            return loader;
        }

        /** The jars and directories added, in order; empty without {@code --plugin-path}. */
        public List<Path> entries() {
            return entries;
        }

        /**
         * The names of the usable plugins whose classes come from the {@code --plugin-path} entries
         * (not from vmapkit's own jar), in discovery order. The user put them there to have them
         * installed, so {@code simulate} installs them beside the workload's plugin.
         */
        public List<String> pluginsOnPath() {
            if (entries.isEmpty()) {
                return List.of();
            }
            Set<Path> onPath = new HashSet<>();
            entries.forEach(e -> onPath.add(e.toAbsolutePath().normalize()));
            List<String> names = new ArrayList<>();
            for (Candidate<VmapPlugin> c : new ServiceDiscovery(loader).find(VmapPlugin.class).usable()) {
                try {
                    if (onPath.contains(Path.of(c.entry().source()).toAbsolutePath().normalize())) {
                        names.add(c.name());
                    }
                } catch (InvalidPathException notAPath) {
                    // "(unknown source)" and the like: not one of ours
                }
            }
            return names;
        }

        @Override
        public void close() {
            if (owned != null) {
                try {
                    owned.close();
                } catch (IOException e) {
                    System.getLogger(PluginPathOption.class.getName())
                            .log(System.Logger.Level.DEBUG, "closing the plugin-path loader: " + e);
                }
            }
        }
    }
}
