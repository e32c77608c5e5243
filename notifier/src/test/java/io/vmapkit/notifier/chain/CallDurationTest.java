package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The duration a chain reports for each callback is the configured clock's time from just before
 * the callback to just after it: checked with a clock that only the callbacks move, so the
 * expected values are exact (a far-from-zero start makes "end + start" or "start - end" visible).
 */
class CallDurationTest {

    @ParameterizedTest
    @EnumSource(ChainKind.class)
    void eachCallbackIsTimedByTheConfiguredClock(ChainKind kind) {
        AtomicLong now = new AtomicLong(7_000_000_000L);
        VmapClock clock = now::get;
        RecordingListener listener = new RecordingListener();
        NotifierChain<List<String>> c = Blocks.chain(kind, NotifierConfig.builder().listener(listener).clock(clock).build());
        c.register(NotifierBlock.of("slow", 1, (action, log) -> {
            now.addAndGet(250);   // this callback takes 250 ns of the clock's time
            return Notify.DONE;
        }));
        c.register(NotifierBlock.of("instant", 0, (action, log) -> Notify.OK)); // 0 ns
        c.call(0, new ArrayList<>());
        // called in priority order: slow (250 ns), then instant (0 ns)
        assertThat(listener.events).containsExactly("call slow " + Notify.toString(Notify.DONE),
                "call instant " + Notify.toString(Notify.OK));
        assertThat(listener.durations).containsExactly(250L, 0L);
    }
}
