package io.vmapkit.allocator;

import static io.vmapkit.allocator.Allocators.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The purge notifier chain itself throwing (not one of its callbacks, which a chain contains): the
 * overflow path logs a warning naming the chain, the round and the bytes the round had freed before
 * the throw, and still counts those bytes, so the allocation goes on and succeeds.
 */
class PurgeChainFailureTest {

    static final List<String> NAMES = Allocators.NAMES;

    /** A chain whose call frees the cached area, reports it, and then throws. */
    private static final class BrokenChain implements NotifierChain<VmapPurgeEvent> {
        VmapAllocatorCore allocator;
        VmapArea cached;

        @Override
        public String name() {
            return "broken_chain";
        }

        @Override
        public ChainKind kind() {
            return ChainKind.BLOCKING;
        }

        @Override
        public Registration register(NotifierBlock<? super VmapPurgeEvent> block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration registerUniquePriority(NotifierBlock<? super VmapPurgeEvent> block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregister(NotifierBlock<? super VmapPurgeEvent> block) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int call(long action, VmapPurgeEvent data, int nrToCall, NrCalls nrCalls) {
            allocator.free(cached);
            data.add(4);
            throw new IllegalStateException("the chain itself is broken");
        }

        @Override
        public int callRobust(long actionUp, long actionDown, VmapPurgeEvent data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        @Override
        public List<NotifierBlock<? super VmapPurgeEvent>> blocks() {
            return List.of();
        }

        @Override
        public boolean isQuarantined(NotifierBlock<?> block) {
            return false;
        }

        @Override
        public boolean release(NotifierBlock<?> block) {
            return false;
        }
    }

    /**
     * 8 pages: two 3-page areas (4 pages each with the guard) fill the space. A 1-page request
     * fails its search, purges nothing, calls the chain (round 1), which frees the first area and
     * adds 4 to freed before it throws; the purge that follows returns those 4 pages and the
     * request lands where the first area was.
     */
    @ParameterizedTest
    @FieldSource("NAMES")
    void aThrowingPurgeChainIsLoggedAndWhatItFreedStillCounts(String name) {
        BrokenChain chain = new BrokenChain();
        VmapAllocatorCore a = Allocators.create(name, Allocators.small(8).purgeChain(chain).build());
        chain.allocator = a;
        chain.cached = a.allocate(3L * PAGE);
        a.allocate(3L * PAGE);

        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("io.vmapkit.allocator");
        boolean parents = jul.getUseParentHandlers();
        jul.addHandler(handler);
        jul.setUseParentHandlers(false);
        VmapArea area;
        try {
            area = a.allocate(VmapRequest.builder(PAGE).build());
        } finally {
            jul.removeHandler(handler);
            jul.setUseParentHandlers(parents);
        }

        assertThat(area.start()).isEqualTo(chain.cached.start());
        assertThat(records).hasSize(1);
        LogRecord r = records.get(0);
        assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
        assertThat(r.getMessage()).isEqualTo("purge notifier chain broken_chain threw; round 1 counts freed=4");
        assertThat(r.getThrown()).hasMessage("the chain itself is broken");
    }
}
