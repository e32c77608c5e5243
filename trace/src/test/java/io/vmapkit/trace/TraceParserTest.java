package io.vmapkit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AllocFlag;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading traces: a valid one in full, and a table of malformed ones, each failing at its line. */
class TraceParserTest {

    /** A small valid trace: line numbers below refer to it (line 1 is the comment). */
    static final String VALID = String.join("\n",
            "# a hand-written trace",
            "vmapkit-trace 1 space=x86_32 start=0xf7ffe000 size=0x7800000 page-size=4096 allocator=free-tree ncpus=4 "
                    + "lazy-max-pages=24576 max-notifier-rounds=8 lazy-purge=sync non-blocking-skips-notifier=true policy=-",
            "alloc 1 size=0x1000 align=0x1 window=- flags=- owner=- -> 0xf7ffe000",
            "alloc 2 size=0x2000 align=0x1 window=0xf7ffe000-0xff7fe000 flags=NO_WARN,NON_BLOCKING owner=test -> 0xf8000000",
            "",
            "free 1",
            "purge -> true",
            "counters ops=3 vmaps=2 lockSteals=0",
            "end",
            "");

    @TempDir
    Path dir;

    @Test
    void aValidTraceIsReadInFull() throws IOException {
        Trace t = TraceParser.parse("t", new StringReader(VALID));
        assertThat(t.header().space().start()).isEqualTo(0xf7ffe000L);
        assertThat(t.header().space().size()).isEqualTo(120L << 20);
        assertThat(t.header().allocator()).isEqualTo("free-tree");
        assertThat(t.header().settings().get(AllocatorSettings.LAZY_MAX_PAGES)).isEqualTo(24576);
        assertThat(t.header().policy()).isEmpty();
        assertThat(t.ops()).hasSize(4);
        TraceOp.Alloc a2 = (TraceOp.Alloc) t.ops().get(1);
        assertThat(a2.line()).isEqualTo(4);
        assertThat(a2.request().size()).isEqualTo(0x2000);
        assertThat(a2.request().hasWindow()).isTrue();
        assertThat(a2.request().flags()).containsExactlyInAnyOrder(AllocFlag.NO_WARN, AllocFlag.NON_BLOCKING);
        assertThat(a2.request().owner()).contains("test");
        assertThat(a2.address()).isEqualTo(0xf8000000L);
        assertThat(t.ops().get(2)).isEqualTo(new TraceOp.Free(6, 1));
        assertThat(t.ops().get(3)).isEqualTo(new TraceOp.Purge(7, true));
        assertThat(t.counters()).containsExactly(java.util.Map.entry("ops", 3L), java.util.Map.entry("vmaps", 2L),
                java.util.Map.entry("lockSteals", 0L));
    }

    @Test
    void aHandWrittenTraceReplaysOnTheRealAllocator() throws IOException {
        Trace t = TraceParser.parse("t", new StringReader(VALID));
        Replayer.Result r = Replayer.replay(t, getClass().getClassLoader());
        assertThat(r.operations()).isEqualTo(4);
        assertThat(r.stats().allocations()).isEqualTo(2);
        assertThat(r.stats().purges()).isEqualTo(1);
        // the counters line says ops=3 vmaps=2 (the figures take both from there); no policy label
        assertThat(r.ops()).isEqualTo(3);
        assertThat(r.counters()).containsEntry("vmaps", 2L).doesNotContainKey("ops");
        assertThat(r.policy()).isEqualTo("replay");
    }

    @Test
    void roundsNestInsideTheirAllocationAndOperationsInsideRounds() throws IOException {
        String text = VALID.replace("free 1\n", "alloc 3 size=0x1000 align=0x1 window=- flags=- owner=- -> EBUSY\n"
                + "  round 1 begin\n    free 1\n    alloc 4 size=0x1000 align=0x1 window=- flags=- owner=- -> 0xf8010000\n"
                + "  round 1 end freed=3\n  round 2 begin\n  round 2 end freed=0\nfree 4\n");
        Trace t = TraceParser.parse("t", new StringReader(text));
        TraceOp.Alloc a3 = (TraceOp.Alloc) t.ops().get(2);
        assertThat(a3.failure()).isEqualTo(Errno.EBUSY);
        assertThat(a3.rounds()).hasSize(2);
        assertThat(a3.rounds().get(0).ops()).containsExactly(new TraceOp.Free(8, 1),
                new TraceOp.Alloc(9, 4, io.vmapkit.api.vmap.VmapRequest.of(0x1000), 0xf8010000L, null, java.util.List.of()));
        assertThat(a3.rounds().get(0).freed()).isEqualTo(3);
        assertThat(a3.rounds().get(1).line()).isEqualTo(11);
        assertThat(t.operationCount()).isEqualTo(7);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("empty", s -> "", 1, "the trace is empty: expected the header line"),
                bad("comments only", s -> "# nothing\n\n", 2, "the trace is empty"),
                bad("no header", s -> s.replace("vmapkit-trace 1", "vmaptrace 1"), 2, "expected the header 'vmapkit-trace 1 space=...' as the first line"),
                bad("newer version", s -> s.replace("vmapkit-trace 1", "vmapkit-trace 2"), 2, "format version 2 is not supported; this vmapkit reads version 1"),
                bad("version not a number", s -> s.replace("vmapkit-trace 1", "vmapkit-trace one"), 2, "expected the format version after 'vmapkit-trace', found 'one'"),
                bad("header key missing", s -> s.replace(" page-size=4096", ""), 2, "the header lacks 'page-size='"),
                bad("header key unknown", s -> s.replace(" policy=-", " policy=- color=red"), 2, "unknown header key 'color'"),
                bad("header key twice", s -> s.replace(" policy=-", " policy=- ncpus=2"), 2, "header key 'ncpus' appears twice"),
                bad("header not key=value", s -> s.replace(" policy=-", " policy=- oops"), 2, "expected key=value in the header, found 'oops'"),
                bad("background purges", s -> s.replace("lazy-purge=sync", "lazy-purge=background"), 2, "lazy-purge=background cannot be replayed"),
                bad("bad hex", s -> s.replace("start=0xf7ffe000", "start=0xZZ"), 2, "expected start as 0x<hex>, found '0xZZ'"),
                bad("upper-case hex", s -> s.replace("start=0xf7ffe000", "start=0xF7FFE000"), 2, "expected start as 0x<hex>"),
                bad("bad space", s -> s.replace("size=0x7800000", "size=0x7800001"), 2, "the header's address space is invalid: address space size"),
                bad("bad rounds", s -> s.replace("max-notifier-rounds=8", "max-notifier-rounds=0"), 2, "max-notifier-rounds 0 is out of range"),
                bad("bad boolean", s -> s.replace("non-blocking-skips-notifier=true", "non-blocking-skips-notifier=yes"), 2, "expected non-blocking-skips-notifier=true|false"),
                bad("bad free-tree-search", s -> s.replace(" policy=-", " free-tree-search=5.19 policy=-"), 2, "expected free-tree-search=lowest-fit|5.2|6.x, found '5.19'"),
                bad("free-tree-search is spelled exactly", s -> s.replace(" policy=-", " free-tree-search=6.X policy=-"), 2, "expected free-tree-search=lowest-fit|5.2|6.x, found '6.X'"),
                bad("bad reject-impossible", s -> s.replace(" policy=-", " reject-impossible=no policy=-"), 2, "expected reject-impossible=true|false, found 'no'"),
                bad("bad non-blocking-purge-trylock", s -> s.replace(" policy=-", " non-blocking-purge-trylock=1 policy=-"), 2, "expected non-blocking-purge-trylock=true|false, found '1'"),
                bad("optional key twice", s -> s.replace(" policy=-", " reject-impossible=false reject-impossible=false policy=-"), 2, "header key 'reject-impossible' appears twice"),
                bad("short alloc", s -> s.replace(" owner=- -> 0xf7ffe000", " -> 0xf7ffe000"), 3, "an alloc line has 9 words"),
                bad("misnamed field", s -> s.replace("alloc 1 size=", "alloc 1 sz="), 3, "expected size=... as word 3 of the alloc line, found 'sz=0x1000'"),
                bad("missing arrow", s -> s.replace("owner=- -> 0xf7ffe000", "owner=- => 0xf7ffe000"), 3, "expected '->' as word 8 of the alloc line, found '=>'"),
                bad("bad result", s -> s.replace("-> 0xf7ffe000", "-> maybe"), 3, "expected the result 0x<address>, EBUSY, ENOMEM or EINVAL after '->', found 'maybe'"),
                bad("bad id", s -> s.replace("alloc 1 ", "alloc one "), 3, "expected id as a decimal number, found 'one'"),
                bad("id zero", s -> s.replace("alloc 1 ", "alloc 0 "), 3, "id 0 is out of range"),
                bad("unknown flag", s -> s.replace("flags=NO_WARN,NON_BLOCKING", "flags=NO_WARN,NO_SUCH"), 4, "unknown flag 'NO_SUCH'"),
                bad("bad window", s -> s.replace("window=0xf7ffe000-0xff7fe000", "window=0xf7ffe000"), 4, "expected window=- or window=0x<start>-0x<end>"),
                bad("request cannot exist", s -> s.replace("size=0x1000 align=0x1", "size=0x1000 align=0x3"), 3, "the request cannot be built: alignment 0x3 is not a power of two"),
                bad("unknown keyword", s -> s.replace("free 1", "frees 1"), 6, "expected alloc, free, purge, round, counters or end; found 'frees'"),
                bad("free takes one id", s -> s.replace("free 1", "free 1 2"), 6, "expected 'free <id>', found 'free 1 2'"),
                bad("free of an unknown id", s -> s.replace("free 1", "free 9"), 6, "free 9: there is no live area with id 9 (no alloc line has that id)"),
                bad("double free", s -> s.replace("free 1\n", "free 1\nfree 1\n"), 7, "free 1: there is no live area with id 1 (it was freed at line 6)"),
                bad("free of a failed allocation", s -> s.replace("-> 0xf7ffe000", "-> EBUSY"), 6, "free 1: there is no live area with id 1 (its allocation at line 3 failed with EBUSY)"),
                bad("duplicate id", s -> s.replace("alloc 2 ", "alloc 1 "), 4, "alloc id 1 is already used by the alloc at line 3"),
                bad("bad purge", s -> s.replace("purge -> true", "purge -> yes"), 7, "expected 'purge -> true' or 'purge -> false', found 'purge -> yes'"),
                bad("round without an allocation", s -> s.replace("free 1\n", "free 1\nround 1 begin\nround 1 end freed=0\n"), 7, "'round 1 begin' does not follow an alloc line"),
                bad("round numbers start at 1", s -> s.replace("free 1\n", "round 2 begin\nround 2 end freed=0\nfree 1\n"), 6, "expected round 1 of the allocation at line 4, found round 2"),
                bad("round not closed", s -> s.replace("free 1\n", "round 1 begin\nfree 1\n"), 9, "expected 'round 1 end freed=<n>' to close the round begun at line 6, found 'counters ops=3 vmaps=2 lockSteals=0'"),
                bad("round end malformed", s -> s.replace("free 1\n", "round 1 begin\nround 1 end\n"), 7, "expected 'round 1 end freed=<n>' to close the round begun at line 6, found 'round 1 end'"),
                bad("round end for another round", s -> s.replace("free 1\n", "round 1 begin\nround 2 end freed=1\n"), 7, "expected 'round 1 end freed=<n>'"),
                bad("negative freed", s -> s.replace("free 1\n", "round 1 begin\nround 1 end freed=-1\n"), 7, "freed -1 is out of range"),
                bad("trace ends inside a round", s -> s.substring(0, s.indexOf("free 1")) + "round 1 begin\nfree 1\n", 8, "the trace ends inside round 1 begun at line 6 (truncated?)"),
                bad("free inside its own allocation's round", s -> s.replace("free 1\n", "round 1 begin\nfree 2\nround 1 end freed=1\nfree 1\n"), 7, "free 2: there is no live area with id 2 (its allocation at line 4 has not returned yet)"),
                bad("failed allocation other than EBUSY runs no rounds", s -> s.replace("-> 0xf8000000", "-> ENOMEM").replace("free 1\n", "round 1 begin\nround 1 end freed=1\nfree 1\n"), 6, "an allocation that failed with ENOMEM runs no notifier rounds"),
                bad("counters without ops", s -> s.replace("counters ops=3 ", "counters "), 8, "expected 'counters ops=<n> <name>=<n> ...'"),
                bad("counter twice", s -> s.replace("lockSteals=0", "vmaps=3"), 8, "counter 'vmaps' appears twice"),
                bad("counter not a number", s -> s.replace("lockSteals=0", "lockSteals=many"), 8, "expected lockSteals as a decimal number, found 'many'"),
                bad("counter name", s -> s.replace("lockSteals=0", "lock.steals=0"), 8, "expected <name>=<n> in the counters line, found 'lock.steals=0'"),
                bad("no end", s -> s.replace("end\n", ""), 9, "the trace ends without its 'end' line (truncated?)"),
                bad("something after end", s -> s + "free 2\n", 10, "nothing may follow the 'end' line (line 9), found 'free 2'"),
                bad("end with words", s -> s.replace("end\n", "end now\n"), 9, "expected 'end' after the counters line, found 'end now'"),
                bad("counters inside a round", s -> s.replace("free 1\n", "round 1 begin\ncounters ops=1\n"), 7, "expected 'round 1 end freed=<n>' to close the round begun at line 6, found 'counters ops=1'"),
                // issue 17 item 13: the reader is as strict as docs/trace-format.md says (columns are 1-based)
                bad("tab between words", s -> s.replace("free 1", "free\t1"), 6, "a tab at column 5 (words are separated by single spaces)"),
                bad("two spaces between words", s -> s.replace("free 1", "free  1"), 6, "two spaces at column 5 (words are separated by single spaces)"),
                bad("trailing space", s -> s.replace("free 1\n", "free 1 \n"), 6, "a trailing space at column 7"),
                bad("a carriage return that does not end a line", s -> s.replace("free 1\n", "free 1\r"), 6, "a carriage return (\\r) at column 7 does not end the line: lines end with \\n or \\r\\n"),
                bad("empty flag list", s -> s.replace("flags=NO_WARN,NON_BLOCKING", "flags=,"), 4, "unknown flag '' in 'flags=,'"),
                bad("trailing comma in the flags", s -> s.replace("flags=NO_WARN,NON_BLOCKING", "flags=NO_WARN,"), 4, "unknown flag '' in 'flags=NO_WARN,'"),
                bad("flag twice", s -> s.replace("flags=NO_WARN,NON_BLOCKING", "flags=NO_WARN,NO_WARN"), 4, "flag NO_WARN appears twice in 'flags=NO_WARN,NO_WARN'"),
                bad("empty owner", s -> s.replace("owner=test", "owner="), 4, "owner= has no value (write owner=- for none)"),
                bad("owner not encoded as the writer encodes it", s -> s.replace("owner=test", "owner=te%73t"), 4, "owner=te%73t is not encoded as the writer encodes it (test)"),
                bad("empty policy", s -> s.replace(" policy=-", " policy="), 2, "policy= has no value (write policy=- for none)"),
                bad("freed written -0", s -> s.replace("free 1\n", "round 1 begin\nround 1 end freed=-0\nfree 1\n"), 7, "expected freed as a decimal number, found '-0'"),
                bad("id with a leading zero", s -> s.replace("free 1", "free 01"), 6, "expected id as a decimal number, found '01'"),
                bad("counter with a plus sign", s -> s.replace("lockSteals=0", "lockSteals=+0"), 8, "expected lockSteals as a decimal number, found '+0'"),
                bad("hex with a leading zero", s -> s.replace("alloc 1 size=0x1000", "alloc 1 size=0x01000"), 3, "expected size as 0x<hex> without leading zeros (0x1000), found '0x01000'"),
                bad("version with a leading zero", s -> s.replace("vmapkit-trace 1", "vmapkit-trace 01"), 2, "expected the format version after 'vmapkit-trace', found '01'"));
    }

    /**
     * What the format tolerates (docs/trace-format.md, "Lines"): \r\n line ends, any indentation
     * with spaces, blank lines of spaces, comments holding anything; each reads exactly as VALID.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerated")
    void toleratedVariantsReadExactlyAsTheCanonicalTrace(String name, String text) throws IOException {
        assertThat(TraceParser.parse("t", new StringReader(text))).as(name).isEqualTo(TraceParser.parse("t", new StringReader(VALID)));
    }

    static Stream<Arguments> tolerated() {
        return Stream.of(
                Arguments.of("\\r\\n line ends", VALID.replace("\n", "\r\n")),
                Arguments.of("deeper indentation", VALID.replace("free 1", "       free 1")),
                Arguments.of("a blank line of spaces", VALID.replace("\n\nfree 1", "\n    \nfree 1")),
                Arguments.of("a comment with a tab, a CR-free anything and non-ASCII", VALID.replace("# a hand-written trace",
                        "  #\ta comment:  two spaces, caf\u00e9, trailing space ")),
                Arguments.of("no \\n after the end line", VALID.substring(0, VALID.length() - 1)));
    }

    @Test
    void aNameMayHoldAnyCharacterPercentEncodedAsTheWriterEncodesIt() throws IOException {
        // the writer's encoding of the owner "a<NUL>b" is a%00b (URL encoding, upper-case hex)
        assertThat(TraceFormat.word("a\u0000b")).isEqualTo("a%00b");
        Trace t = TraceParser.parse("t", new StringReader(VALID.replace("owner=test", "owner=a%00b")));
        assertThat(((TraceOp.Alloc) t.ops().get(1)).request().owner()).contains("a\u0000b");
    }

    private static Arguments bad(String name, UnaryOperator<String> change, int line, String message) {
        return Arguments.of(name, change.apply(VALID), line, message);
    }

    @ParameterizedTest(name = "{0}: line {2}")
    @MethodSource("malformed")
    void malformedTracesFailAtTheirLineSayingWhatWasExpected(String name, String text, int line, String message) {
        assertThatThrownBy(() -> TraceParser.parse("bad.txt", new StringReader(text)))
                .as(name + ":\n" + text)
                .isInstanceOfSatisfying(TraceFormatException.class, e -> {
                    assertThat(e.line()).as("line of: " + e.getMessage()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("bad.txt:" + line + ": ").contains(message);
                });
    }
}
