package io.vmapkit.cli.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Objects;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Option;

/**
 * {@code --jfr FILE}: records vmapkit's JFR events (the twins of the kernel's vmalloc tracepoints,
 * {@code vmap.AllocVmapArea} and the others) while the command runs, with the settings file
 * {@value #SETTINGS} shipped in the jar, and writes the recording to FILE when the command is done
 * (also when it fails, so the recording shows what led there). Read it with
 * {@code jfr print --events vmap.AllocVmapArea FILE}.
 */
public final class JfrOption {

    /** The class-path resource of the JFR settings that enable vmapkit's events. */
    public static final String SETTINGS = "/io/vmapkit/cli/vmapkit.jfc";

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record vmapkit's JFR events (vmap.AllocVmapArea and the other tracepoint twins) into FILE; "
                    + "read it with 'jfr print --events vmap.AllocVmapArea FILE'.")
    Path file;

    /** The file asked for, or {@code null}. */
    public Path file() {
        return file;
    }

    /** Starts recording if {@code --jfr} was given; close the result when the command is done. */
    public Session start() {
        if (file == null) {
            return new Session(null, null);
        }
        Recording r = new Recording(settings());
        r.setName("vmapkit");
        r.setToDisk(true);
        r.start();
        return new Session(r, file);
    }

    /** The shipped settings, parsed. */
    public static Configuration settings() {
        try (InputStream in = Objects.requireNonNull(JfrOption.class.getResourceAsStream(SETTINGS), SETTINGS);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Configuration.create(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JFR settings " + SETTINGS + ": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalStateException("the JFR settings " + SETTINGS + " do not parse: " + e.getMessage(), e);
        }
    }

    /** A running recording (or none); {@link #close()} stops it and writes the file. */
    public static final class Session implements AutoCloseable {
        private final Recording recording;
        private final Path file;

        Session(Recording recording, Path file) {
            this.recording = recording;
            this.file = file;
        }

        /** Stops recording and writes the file named by {@code --jfr}; nothing without it. */
        @Override
        public void close() {
            if (recording == null) {
                return;
            }
            try (Recording r = recording) {
                r.stop();
                r.dump(file);
            } catch (IOException e) {
                throw new UncheckedIOException("--jfr: cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
