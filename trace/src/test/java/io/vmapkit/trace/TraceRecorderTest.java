package io.vmapkit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.AllocVmapAreaEvent;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the recorder writes, line by line, on the real free-tree allocator, and what it refuses. */
class TraceRecorderTest {

    private static final int PAGE = 4096;
    /** 16 pages at 0x100000: small enough to run out on purpose. */
    private static final AddressSpace TINY = AddressSpace.of("tiny", 0x100000, 16 * PAGE, PAGE);

    private static AllocatorProvider freeTree() {
        return new ServiceDiscovery(TraceRecorderTest.class.getClassLoader()).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
    }

    private static VmapSystem system(TraceRecorder rec, VmapListener listener) {
        return VmapKit.builder().ignoreSystemProperties().addressSpace(TINY).ncpus(1)
                .configure(c -> c.set(AllocatorSettings.LAZY_MAX_PAGES, 1000L)).allocatorProvider(rec.wrap(freeTree())).listener(listener).start();
    }

    @Test
    void theFreesOfANotifierRoundAreRecordedInsideTheRoundAfterTheirAllocation() throws IOException {
        StringWriter out = new StringWriter();
        TraceRecorder rec = new TraceRecorder("mem", out, "golden");
        try (VmapSystem sys = system(rec, VmapListener.NOOP)) {
            VmapAllocator a = sys.allocator();
            List<VmapArea> cache = new ArrayList<>(List.of(a.allocate(3 * PAGE), a.allocate(3 * PAGE)));
            VmapArea kept = a.allocate(3 * PAGE);
            sys.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
                cache.forEach(a::free);
                cache.clear();
                event.add(8);
                return Notify.DONE;
            }));
            a.allocate(7 * PAGE); // 8 pages with the guard; only 4 are free until the cache is dropped and purged
            assertThat(a.purgeLazy()).isFalse();
            a.free(kept);
            rec.finish(Map.of("ops", 5L));
        }
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "# vmapkit trace; format: docs/trace-format.md",
                "vmapkit-trace 1 space=tiny start=0x100000 size=0x10000 page-size=4096 allocator=free-tree ncpus=1 "
                        + "lazy-max-pages=1000 max-notifier-rounds=8 lazy-purge=sync non-blocking-skips-notifier=true policy=golden",
                "alloc 1 size=0x3000 align=0x1 window=- flags=- owner=- -> 0x100000",
                "alloc 2 size=0x3000 align=0x1 window=- flags=- owner=- -> 0x104000",
                "alloc 3 size=0x3000 align=0x1 window=- flags=- owner=- -> 0x108000",
                "alloc 4 size=0x7000 align=0x1 window=- flags=- owner=- -> 0x100000",
                "  round 1 begin",
                "    free 1",
                "    free 2",
                "  round 1 end freed=8",
                "purge -> false",
                "free 3",
                "counters ops=5",
                "end",
                ""));
        Replayer.Result replayed = Replayer.replay(TraceParser.parse("mem", new StringReader(out.toString())),
                getClass().getClassLoader());
        assertThat(replayed.stats().notifierRounds()).isEqualTo(1);
        assertThat(replayed.stats().allocations()).isEqualTo(4);
        assertThat(replayed.notifierFreed()).isEqualTo(8); // round 1's freed=8, the only round
    }

    @Test
    void anAllocationInsideARoundIsRecordedInsideItWithItsOwnId() throws IOException {
        StringWriter out = new StringWriter();
        TraceRecorder rec = new TraceRecorder("mem", out, "");
        try (VmapSystem sys = system(rec, VmapListener.NOOP)) {
            VmapAllocator a = sys.allocator();
            List<VmapArea> cache = new ArrayList<>(List.of(a.allocate(11 * PAGE)));
            sys.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> {
                if (!cache.isEmpty()) {
                    a.free(cache.remove(0));
                    a.allocate(PAGE);
                    event.add(12);
                }
                return Notify.DONE;
            }));
            a.allocate(7 * PAGE);
            rec.finish(new LinkedHashMap<>(Map.of("ops", 2L)));
        }
        String text = out.toString();
        assertThat(text).contains(String.join("\n",
                "alloc 1 size=0xb000 align=0x1 window=- flags=- owner=- -> 0x100000",
                "alloc 2 size=0x7000 align=0x1 window=- flags=- owner=- -> 0x100000",
                "  round 1 begin",
                "    free 1",
                "    alloc 3 size=0x1000 align=0x1 window=- flags=- owner=- -> 0x10c000",
                "  round 1 end freed=12",
                "counters ops=2",
                "end"));
        Replayer.Result replayed = Replayer.replay(TraceParser.parse("mem", new StringReader(text)), getClass().getClassLoader());
        assertThat(replayed.operations()).isEqualTo(4);
    }

    @Test
    void aFreeOutsideARoundDuringAnAllocationMakesTheTraceUnreplayable() {
        StringWriter out = new StringWriter();
        TraceRecorder rec = new TraceRecorder("mem", out, "");
        AtomicReference<VmapAllocator> allocator = new AtomicReference<>();
        List<VmapArea> victims = new ArrayList<>();
        VmapListener freesFromAListener = new VmapListener() {
            @Override
            public void allocVmapArea(AllocVmapAreaEvent event) {
                if (!victims.isEmpty()) {
                    allocator.get().free(victims.remove(0));
                }
            }
        };
        try (VmapSystem sys = system(rec, freesFromAListener)) {
            allocator.set(sys.allocator());
            VmapArea first = sys.allocator().allocate(PAGE);
            victims.add(first);
            sys.allocator().allocate(PAGE);
            assertThatThrownBy(() -> rec.finish(Map.of("ops", 2L)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the trace mem cannot be replayed: 'free 1' happened inside allocation 2 but outside a "
                            + "notifier round (from a listener?); replay cannot place it");
        }
    }

    @Test
    void oneRecorderRecordsOneAllocator() {
        TraceRecorder rec = new TraceRecorder("mem", new StringWriter(), "");
        AllocatorProvider p = rec.wrap(freeTree());
        assertThat(p.name()).isEqualTo("free-tree");
        p.create(TINY, Settings.empty(), AllocatorContext.defaults());
        assertThatThrownBy(() -> p.create(TINY, Settings.empty(), AllocatorContext.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trace mem already records an allocator");
    }

    @Test
    void backgroundPurgesCannotBeRecorded() {
        TraceRecorder rec = new TraceRecorder("mem", new StringWriter(), "");
        Settings background = Settings.builder().set(AllocatorSettings.LAZY_PURGE, AllocatorConfig.LazyPurgeMode.BACKGROUND).build();
        assertThatThrownBy(() -> rec.wrap(freeTree()).create(TINY, background, AllocatorContext.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync)");
    }

    @Test
    void aWriteFailureIsReportedWhenTheTraceIsFinished() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        TraceRecorder rec = new TraceRecorder("/tmp/t.txt", broken, "");
        try (VmapSystem sys = system(rec, VmapListener.NOOP)) {
            sys.allocator().allocate(PAGE);
            assertThatThrownBy(() -> rec.finish(Map.of("ops", 1L)))
                    .isInstanceOf(UncheckedIOException.class).hasMessage("cannot write trace /tmp/t.txt: disk full");
        }
    }

    @Test
    void afterFinishNothingIsRecorded() {
        StringWriter out = new StringWriter();
        TraceRecorder rec = new TraceRecorder("mem", out, "");
        try (VmapSystem sys = system(rec, VmapListener.NOOP)) {
            VmapArea a = sys.allocator().allocate(PAGE);
            rec.finish(Map.of("ops", 1L));
            String done = out.toString();
            sys.allocator().free(a);
            sys.allocator().allocate(PAGE);
            assertThat(out.toString()).isEqualTo(done).endsWith("counters ops=1\nend\n");
            assertThat(rec.isOpen()).isFalse();
        }
    }
}
