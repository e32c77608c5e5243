package io.vmapkit.workloads.sweep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The results file of a sweep: one {@link ResultLine} per finished cell, in the order the cells
 * finished.
 *
 * <p><b>Writing.</b> Each line is written with its newline in one write at the end of the file and
 * forced to the storage device ({@link FileChannel#force}) before the next, so a sweep killed at any
 * moment leaves whole lines and at most one torn last line. <b>Reading</b> ({@link #read}) accepts
 * whole lines; a last line without its newline, or a last line that does not parse, is the torn
 * write of a killed sweep: it is reported and left out, and {@link #openForAppend} cuts it off so
 * that its cell runs again. A bad line anywhere else is an error naming the file and line.
 *
 * <p>Thread-safe: {@link #append} may be called from several threads.
 */
public final class ResultsFile implements AutoCloseable {

    /**
     * What a results file holds.
     *
     * @param lines the whole lines, in file order
     * @param lineNumbers each line's number in the file (1-based), parallel to {@code lines}
     * @param goodLength the length in bytes of the whole lines (where an append continues)
     * @param torn the torn last line as read (for the message), or {@code null}
     */
    public record Contents(List<ResultLine> lines, List<Integer> lineNumbers, long goodLength, String torn) {

        /** Copies. */
        public Contents {
            lines = List.copyOf(lines);
            lineNumbers = List.copyOf(lineNumbers);
        }
    }

    private final Path file;
    private final FileChannel channel;

    private ResultsFile(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Reads {@code file}; an absent or empty file holds nothing.
     *
     * @throws IllegalArgumentException naming the file and line of a bad line before the last
     * @throws IOException if the file cannot be read
     */
    public static Contents read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Contents(List.of(), List.of(), 0, null);
        }
        byte[] bytes = Files.readAllBytes(file);
        List<ResultLine> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < bytes.length) {
            number++;
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') {
                nl++;
            }
            String text = new String(bytes, start, nl - start, StandardCharsets.UTF_8);
            boolean last = nl >= bytes.length - 1;
            if (nl == bytes.length) {
                return new Contents(lines, numbers, start, text); // no newline: a torn write
            }
            try {
                lines.add(ResultLine.parse(text));
                numbers.add(number);
            } catch (IllegalArgumentException e) {
                if (last) {
                    return new Contents(lines, numbers, start, text);
                }
                throw new IllegalArgumentException(file + ":" + number + ": not a results line of vmapkit sweep: "
                        + e.getMessage(), e);
            }
            start = nl + 1;
        }
        return new Contents(lines, numbers, start, null);
    }

    /**
     * Opens {@code file} for appending after its first {@code goodLength} bytes, cutting off
     * anything after them (a torn last line), creating the file if needed.
     */
    public static ResultsFile openForAppend(Path file, long goodLength) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (ch.size() > goodLength) {
                ch.truncate(goodLength);
                ch.force(true);
            }
            ch.position(goodLength);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new ResultsFile(file, ch);
    }

    /** Appends {@code line} and its newline in one write, forced to the device before returning. */
    public synchronized void append(ResultLine line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
    }

    /** The file's path. */
    public Path path() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
