package io.vmapkit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that once crashed the reader or flooded its messages (issue 17 items 3, 4 and 12): deep
 * nesting, bytes that are not UTF-8, and huge lines and words.
 */
class TraceReaderLimitsTest {

    private static final String HEADER = "vmapkit-trace 1 space=tiny start=0x100000 size=0x10000 page-size=4096 "
            + "allocator=free-tree ncpus=1 lazy-max-pages=1000 max-notifier-rounds=8 lazy-purge=sync "
            + "non-blocking-skips-notifier=true policy=-\n";

    @TempDir
    Path dir;

    /**
     * {@code depth} EBUSY allocations, each inside round 1 of the one before: the header is line 1,
     * alloc k is line 2k and its {@code round 1 begin} line 2k+1; then the rounds end, innermost first.
     */
    private static String nested(int depth) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int k = 1; k <= depth; k++) {
            sb.append("alloc ").append(k).append(" size=0x1000 align=0x1 window=- flags=- owner=- -> EBUSY\n");
            sb.append("round 1 begin\n");
        }
        for (int k = depth; k >= 1; k--) {
            sb.append("round 1 end freed=0\n");
        }
        return sb.append("end\n").toString();
    }

    @Test
    void roundsNestedToTheLimitAreRead() throws IOException {
        Trace t = TraceParser.parse("deep", new StringReader(nested(64))); // 64 = TraceReader.MAX_DEPTH
        int depth = 0;
        TraceOp.Alloc a = (TraceOp.Alloc) t.ops().get(0);
        for (;;) {
            depth++;
            if (a.rounds().get(0).ops().isEmpty()) {
                break;
            }
            a = (TraceOp.Alloc) a.rounds().get(0).ops().get(0);
        }
        assertThat(depth).isEqualTo(64);
        assertThat(t.operationCount()).isEqualTo(64);
    }

    @Test
    void roundsNestedFiftyThousandDeepAreRefusedAtTheFirstLevelPastTheLimitWithoutOverflowingTheStack() {
        // level 65 is round 1 of alloc 65: line 2*65+1 = 131; it would belong to the alloc at line 130
        assertThatThrownBy(() -> TraceParser.parse("deep", new StringReader(nested(50_000))))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(131);
                    assertThat(e.getMessage()).startsWith("deep:131: the rounds nest deeper than 64 levels")
                            .contains("round 1 of the allocation at line 130 would be level 65");
                });
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithTheFileTheLineAndTheByte() throws IOException {
        Path f = dir.resolve("latin1.trace");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("# fine\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'#', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n'}); // "café" in Latin-1: é is 0xe9
        bytes.writeBytes("end\n".getBytes(StandardCharsets.UTF_8));
        Files.write(f, bytes.toByteArray());

        // line 3, and 0xe9 follows the 5 bytes "# caf": byte offset 6
        assertThatThrownBy(() -> TraceParser.parse(f))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> assertThat(e.getMessage())
                        .isEqualTo(f + ":3: the line is not valid UTF-8: byte 0xe9 at byte offset 6 of the line (a trace is UTF-8 text)"));
    }

    @Test
    void aHugeLineIsRefusedWithABoundedExcerpt() throws IOException {
        Path f = dir.resolve("one-line.trace");
        Files.writeString(f, "vmapkit-trace 1 " + "x".repeat(4 << 20)); // 4 MiB, no newline

        assertThatThrownBy(() -> TraceParser.parse(f))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).startsWith(f + ":1: the line is longer than 65536 characters")
                            .contains("it begins 'vmapkit-trace 1 xxx");
                    assertThat(e.getMessage().length()).as("a bounded excerpt, not 4 MiB").isLessThan(400 + f.toString().length());
                });
    }

    @Test
    void aHugeWordOnALineWithinTheLimitIsQuotedAsABoundedExcerpt() {
        String word = "Z".repeat(60_000);
        String text = HEADER + "alloc 1 size=0x1000 align=0x1 window=- flags=" + word + " owner=- -> 0x100000\nend\n";

        assertThatThrownBy(() -> TraceParser.parse("w", new StringReader(text)))
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.getMessage()).startsWith("w:2: unknown flag 'ZZZ").contains("(60000 characters)");
                    assertThat(e.getMessage().length()).as("a bounded excerpt, not 60,000 characters").isLessThan(600);
                });
    }
}
