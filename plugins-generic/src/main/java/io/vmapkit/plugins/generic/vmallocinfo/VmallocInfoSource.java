package io.vmapkit.plugins.generic.vmallocinfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a vmallocinfo file comes from: a path, or {@code classpath:NAME} for a snapshot shipped in
 * this jar under {@code io/vmapkit/plugins/generic/vmallocinfo/}. Stateless and thread-safe.
 */
public final class VmallocInfoSource {

    /** The prefix that names a shipped snapshot. */
    public static final String CLASSPATH = "classpath:";

    /**
     * The snapshot vmapkit ships: this project's build machine's {@code /proc/vmallocinfo} (Linux
     * 6.18, x86_64, 4 KiB pages, read as root with {@code kptr_restrict=0}, so the addresses are
     * hashed), unchanged.
     */
    public static final String SHIPPED = "vmallocinfo-6.18-x86_64.txt";

    /** The names {@code classpath:} accepts. */
    public static final List<String> SHIPPED_NAMES = List.of(SHIPPED);

    private static final String RESOURCE_DIR = "io/vmapkit/plugins/generic/vmallocinfo/";

    private VmallocInfoSource() {}

    /**
     * Reads and parses {@code spec}.
     *
     * @param spec a file path, or {@code classpath:NAME}
     * @throws VmallocInfoException naming {@code spec} if it cannot be found or read, or for its
     *     first bad line
     */
    public static VmallocInfo read(String spec) {
        if (spec.startsWith(CLASSPATH)) {
            String name = spec.substring(CLASSPATH.length());
            if (!SHIPPED_NAMES.contains(name)) {
                throw new VmallocInfoException(spec, 0, "no shipped snapshot named '" + name + "' (shipped: "
                        + String.join(", ", SHIPPED_NAMES) + ")");
            }
            try (InputStream in = VmallocInfoSource.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new VmallocInfoException(spec, 0, "the shipped snapshot is missing from the jar");
                }
                return VmallocInfoParser.parse(spec, in);
            } catch (IOException e) {
                throw new VmallocInfoException(spec, 0, "cannot read: " + e.getMessage());
            }
        }
        if (spec.isBlank()) {
            throw new VmallocInfoException("''", 0, "no file named: give a path or " + CLASSPATH + SHIPPED);
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            throw new VmallocInfoException(spec, 0, "is a directory, not a vmallocinfo file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return VmallocInfoParser.parse(spec, in);
        } catch (NoSuchFileException e) {
            throw new VmallocInfoException(spec, 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new VmallocInfoException(spec, 0, "permission denied (/proc/vmallocinfo is readable by root only: "
                    + "copy it with sudo first)");
        } catch (IOException e) {
            throw new VmallocInfoException(spec, 0, "cannot read: " + e.getMessage());
        }
    }
}
