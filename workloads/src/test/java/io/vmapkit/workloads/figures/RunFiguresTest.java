package io.vmapkit.workloads.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.trace.Replayer;
import io.vmapkit.trace.TraceParser;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Where the figures of a replayed trace come from (moved here with the figures from the cli). */
class RunFiguresTest {

    /** Two allocations, a free and an explicit purge that finds the freed area; no policy label. */
    private static final String TRACE = String.join("\n",
            "vmapkit-trace 1 space=x86_32 start=0xf7ffe000 size=0x7800000 page-size=4096 allocator=free-tree ncpus=4 "
                    + "lazy-max-pages=24576 max-notifier-rounds=8 lazy-purge=sync non-blocking-skips-notifier=true policy=-",
            "alloc 1 size=0x1000 align=0x1 window=- flags=- owner=- -> 0xf7ffe000",
            "alloc 2 size=0x2000 align=0x1 window=0xf7ffe000-0xff7fe000 flags=NO_WARN,NON_BLOCKING owner=test -> 0xf8000000",
            "free 1",
            "purge -> true",
            "counters ops=3 vmaps=7 pinMapCalls=5",
            "end",
            "");

    @Test
    void aReplayedTracesFiguresTakeDriverCountsFromTheCountersAndTheRestFromTheReplayedAllocator() throws Exception {
        Replayer.Result r = Replayer.replay(TraceParser.parse("t", new StringReader(TRACE)), getClass().getClassLoader());

        RunFigures f = RunFigures.replayed(r);

        assertThat(f.policy()).as("no policy label").isEqualTo("replay");
        assertThat(f.ops()).as("the counters line's ops").isEqualTo(3);
        assertThat(f.vmaps()).as("the counters line's vmaps (7), not the 2 replayed allocations").isEqualTo(7);
        assertThat(f.pinMapCalls()).isEqualTo(5);
        assertThat(f.vunmaps()).as("not counted by the trace: the replayed allocator's one free").isEqualTo(1);
        assertThat(f.purges()).as("the explicit purge found area 1").isEqualTo(1);
        assertThat(f.notifierRounds()).isZero();
        assertThat(f.freedByNotifier()).as("no rounds").isZero();
        assertThat(f.freedByShrinker()).as("nothing shrinks during a replay").isZero();
        assertThat(f.counters()).containsEntry("vmaps", 7L).doesNotContainKey("ops");
    }
}
