package io.vmapkit.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vmapkit.trace.ReplayMismatchException;
import io.vmapkit.trace.Replayer;
import io.vmapkit.trace.Trace;
import io.vmapkit.trace.TraceException;
import io.vmapkit.trace.TraceFormatException;
import io.vmapkit.trace.TraceParser;
import java.io.IOException;
import java.io.StringReader;

/**
 * The trace module's parser takes any text without crashing: it returns a trace or throws its
 * documented {@link TraceFormatException}, whose message starts with {@code <source>:<line>:} and
 * whose line lies in the text (or one past its end, for a truncated trace). A trace that parses and
 * is small is also replayed, which may only fail with the documented {@link ReplayMismatchException}
 * or a {@link TraceException} naming the source and line.
 *
 * <p>Seed corpus: {@code TraceParserFuzzTestInputs/traceParserThrowsOnlyItsDocumentedException/}
 * (valid traces from docs/trace-format.md and the recorder, and malformed ones).
 */
class TraceParserFuzzTest {

    private static final String SOURCE = "fuzz.trace";

    @FuzzTest(maxDuration = "5m")
    void traceParserThrowsOnlyItsDocumentedException(FuzzedDataProvider data) throws IOException {
        String text = data.consumeRemainingAsString();
        long lines = text.isEmpty() ? 0 : text.lines().count();
        Trace trace;
        try {
            trace = TraceParser.parse(SOURCE, new StringReader(text));
        } catch (TraceFormatException e) {
            assertThat(e.line()).as(e.getMessage()).isBetween(1, (int) Math.max(1, lines + 1));
            assertThat(e.getMessage()).startsWith(SOURCE + ":" + e.line() + ": ");
            return;
        }
        assertThat(trace.header()).isNotNull();
        assertThat(trace.operationCount()).isNotNegative();
        if (trace.operationCount() <= 64) {
            try {
                Replayer.Result r = Replayer.replay(trace, TraceParserFuzzTest.class.getClassLoader());
                assertThat(r.endMap().violation()).as("replayed map of %s", text).isEmpty();
                assertThat(r.stats().tiles()).isTrue();
            } catch (ReplayMismatchException e) {
                assertThat(e.getMessage()).startsWith(SOURCE + ":" + e.line() + ": replay mismatch: ");
            } catch (TraceException e) {
                assertThat(e.getMessage()).startsWith(SOURCE + ":");
            }
        }
    }
}
