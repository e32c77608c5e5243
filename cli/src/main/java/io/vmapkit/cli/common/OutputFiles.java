package io.vmapkit.cli.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The files a command writes ({@code --json}, {@code --report}, {@code --trace-out}): checked up
 * front (a name, a distinct file per output, not a directory) and written atomically — to a
 * temporary file in the same directory, then moved into place — so an interrupted or failed run
 * leaves the previous file as it was. A target that exists and is not a regular file (a device
 * such as {@code /dev/stdout}, a pipe) is written directly. Every error names the option and the
 * path. Stateless; thread-safe.
 */
public final class OutputFiles {

    private OutputFiles() {}

    /**
     * Checks the outputs given on the command line: each a file name in a directory that exists, none
     * a directory, no two the same file (after resolving {@code .}, {@code ..} and symbolic links).
     *
     * @param outputs option name (e.g. {@code --json}) to path, {@code null} paths skipped
     * @throws ParameterException (exit code 2) naming the options and the path
     */
    public static void check(CommandLine cmd, Map<String, Path> outputs) {
        check(cmd, Map.of(), outputs);
    }

    /**
     * As {@link #check(CommandLine, Map)}, and no output is one of the files the command reads.
     *
     * @param inputs label (e.g. {@code FILE (the trace)}) to the path the command reads
     */
    public static void check(CommandLine cmd, Map<String, Path> inputs, Map<String, Path> outputs) {
        Map<Path, String> seen = new LinkedHashMap<>();
        inputs.forEach((label, p) -> seen.put(identity(p), label));
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Path p = e.getValue();
            if (p == null) {
                continue;
            }
            String option = e.getKey();
            if (p.toString().isEmpty() || p.getFileName() == null) {
                throw new ParameterException(cmd, option + " needs a file name, not '" + p + "'");
            }
            if (Files.isDirectory(p)) {
                throw new ParameterException(cmd, option + " " + p + " is a directory; give a file name");
            }
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ParameterException(cmd, option + " " + p + ": the directory " + parent + " does not exist");
            }
            Path key = identity(p);
            String before = seen.putIfAbsent(key, option);
            if (before != null) {
                throw new ParameterException(cmd, before + " and " + option + " name the same file " + p
                        + ": each output needs its own file");
            }
        }
    }

    /** The outputs of one option that writes one file per policy, keyed as {@code --trace-out (policy)}. */
    public static Map<String, Path> each(String option, List<Path> paths) {
        Map<String, Path> m = new LinkedHashMap<>();
        for (Path p : paths) {
            m.put(paths.size() == 1 ? option : option + " (" + p.getFileName() + ")", p);
        }
        return m;
    }

    private static Path identity(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            try {
                Path dir = abs.getParent() == null ? abs : abs.getParent().toRealPath();
                return dir.resolve(abs.getFileName());
            } catch (IOException e2) {
                return abs;
            }
        }
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file} atomically.
     *
     * @param option the option that named the file, for messages
     * @throws CommandFailure naming the option, the path and what failed; the previous file is intact
     */
    public static void write(String option, Path file, String text) {
        write(option, file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /** How the content gets into the (temporary) file. */
    @FunctionalInterface
    public interface Content {
        /** Writes the whole content to {@code file}. */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Writes {@code file} atomically with {@code content}.
     *
     * @param option the option that named the file, for messages
     * @throws CommandFailure naming the option, the path and what failed; the previous file is intact
     */
    public static void write(String option, Path file, Content content) {
        if (Files.exists(file) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
            try { // a device or a pipe: replacing it would be wrong
                content.writeTo(file);
                return;
            } catch (IOException e) {
                throw failure(option, file, e);
            }
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommandFailure("cannot write " + option + " " + file + ": the directory " + dir + " does not exist");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + option + " " + file + ": cannot create a file in the directory " + dir
                    + " (" + (e instanceof NoSuchFileException ? "no such file or directory"
                            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        boolean moved = false;
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw failure(option, file, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the failure being reported matters more than a leftover temporary file
                }
            }
        }
    }

    private static CommandFailure failure(String option, Path file, IOException e) {
        String why = e instanceof NoSuchFileException n ? "no such file or directory: " + n.getFile()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CommandFailure("cannot write " + option + " " + file + ": " + why, e);
    }
}
