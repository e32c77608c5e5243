package io.vmapkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code META-INF/services} files: the entries a class loader sees, and those of one file. */
final class ServicesFiles {

    /** The four service interfaces vmapkit discovers. */
    static final List<String> INTERFACES = List.of("io.vmapkit.api.spi.VmapPlugin", "io.vmapkit.api.spi.AllocatorProvider",
            "io.vmapkit.api.spi.NotifierProvider", "io.vmapkit.api.spi.PagePoolProvider");

    private ServicesFiles() {}

    /** The entries of every services file for {@code service} on {@code loader}, except those from test classes. */
    static Set<String> mainEntries(ClassLoader loader, String service) throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        Enumeration<URL> urls = loader.getResources("META-INF/services/" + service);
        while (urls.hasMoreElements()) {
            URL url = urls.nextElement();
            if (url.toString().contains("/test-classes/")) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                entries.addAll(read(in));
            }
        }
        return entries;
    }

    /** The class names listed in one services file (comments and blanks dropped). */
    static List<String> read(InputStream in) throws IOException {
        List<String> names = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            int hash = line.indexOf('#');
            String n = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }
}
