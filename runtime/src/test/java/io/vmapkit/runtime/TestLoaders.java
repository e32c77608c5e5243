package io.vmapkit.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Class loaders whose only extra content is a services file, written at test time: into a
 * directory or into a jar. Classes resolve through the parent (the test class path), so a listed
 * class that exists loads and one that does not is "not found".
 */
final class TestLoaders {

    private TestLoaders() {}

    static String services(Class<?> service) {
        return "META-INF/services/" + service.getName();
    }

    /** A jar at {@code jar} holding a services file for {@code service} with these lines. */
    static URLClassLoader jar(Path jar, Class<?> service, String... lines) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(services(service)));
            j.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, TestLoaders.class.getClassLoader());
    }

    /** A directory {@code dir} holding a services file for {@code service} with these lines. */
    static URLClassLoader dir(Path dir, Class<?> service, String... lines) throws IOException {
        Path file = dir.resolve(services(service));
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, TestLoaders.class.getClassLoader());
    }

    /** Lines naming the given classes. */
    static String[] names(Class<?>... classes) {
        String[] s = new String[classes.length];
        for (int i = 0; i < classes.length; i++) {
            s[i] = classes[i].getName();
        }
        return s;
    }
}
