package io.vmapkit.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.Errno;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.allocator.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional header keys {@code reject-impossible}, {@code non-blocking-purge-trylock} and
 * {@code free-tree-search}: written when a run used a non-default value, read back by replay, and
 * absent from (so without effect on) traces of runs with the defaults, old ones included.
 */
class TraceHeaderKeysTest {

    private static final int PAGE = 4096;
    private static final AddressSpace TINY = AddressSpace.of("tiny", 0x100000, 16 * PAGE, PAGE);

    @TempDir
    Path dir;

    private static AllocatorProvider freeTree() {
        return new ServiceDiscovery(TraceHeaderKeysTest.class.getClassLoader()).find(AllocatorProvider.class).usable().stream()
                .filter(c -> c.name().equals("free-tree")).findFirst().orElseThrow().instance();
    }

    /** Records what {@code run} does on a tiny free-tree system configured by {@code config}. */
    private static String record(Consumer<VmapConfig.Builder> config, Consumer<VmapSystem> run) {
        StringWriter out = new StringWriter();
        TraceRecorder rec = new TraceRecorder("mem", out, "keys");
        try (VmapSystem sys = VmapKit.builder().ignoreSystemProperties().addressSpace(TINY).ncpus(1)
                .configure(c -> config.accept(c.set(AllocatorSettings.LAZY_MAX_PAGES, 1000L))).allocatorProvider(rec.wrap(freeTree())).start()) {
            run.accept(sys);
            rec.finish(Map.of("ops", 1L));
        }
        return out.toString();
    }

    private static Replayer.Result replay(String text) throws IOException {
        return Replayer.replay(TraceParser.parse("mem", new StringReader(text)), TraceHeaderKeysTest.class.getClassLoader());
    }

    private static String header(String trace) {
        return trace.lines().filter(l -> l.startsWith(TraceFormat.MAGIC)).findFirst().orElseThrow();
    }

    private static VmapRequest noGuard(long pages) {
        return VmapRequest.builder(pages * PAGE).flags(AllocFlag.NO_GUARD).build();
    }

    /** An exact-size two-page hole at the bottom, then a page-aligned two-page request. */
    private static void exactSizeHoleThenAlignedRequest(VmapSystem sys) {
        VmapAllocator a = sys.allocator();
        VmapArea hole = a.allocate(noGuard(2));
        a.allocate(noGuard(1));
        a.free(hole);
        a.purgeLazy();
        a.allocate(VmapRequest.builder(2 * PAGE).align(PAGE).flags(AllocFlag.NO_GUARD).build());
    }

    @Test
    void aTraceRecordedUnderFreeTreeSearch52ReplaysBitForBitAndNeedsItsHeaderKey() throws IOException {
        String trace = record(c -> c.set(AllocatorSettings.FREE_TREE_SEARCH, FreeTreeSearch.KERNEL_5_2), TraceHeaderKeysTest::exactSizeHoleThenAlignedRequest);

        assertThat(header(trace)).contains(" non-blocking-skips-notifier=true free-tree-search=5.2 policy=keys")
                .doesNotContain("reject-impossible", "non-blocking-purge-trylock");
        assertThat(trace).contains("alloc 3 size=0x2000 align=0x1000 window=- flags=NO_GUARD owner=- -> 0x103000");
        Replayer.Result r = replay(trace);
        assertThat(r.stats().allocations()).isEqualTo(3);
        assertThat(TraceParser.parse("mem", new StringReader(trace)).header().settings().get(AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.KERNEL_5_2);

        String withoutKey = trace.replace(" free-tree-search=5.2", "");
        assertThatThrownBy(() -> replay(withoutKey)).as("read with lowest-fit, the block below is taken")
                .isInstanceOf(ReplayMismatchException.class)
                .hasMessageContaining("alloc 3 was placed at 0x103000 in the trace, at 0x100000");
    }

    @Test
    void aTraceRecordedWithoutRejectImpossibleReplaysTheOverflowPathOfARequestLargerThanItsWindow() throws IOException {
        Consumer<VmapSystem> tooBig = sys -> {
            sys.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("cache", 0, (action, event) -> Notify.DONE));
            VmapRequest r = VmapRequest.builder(2 * PAGE).window(0x100000, 0x102000).flags(AllocFlag.NO_WARN).build();
            assertThatThrownBy(() -> sys.allocator().allocate(r)).isInstanceOfSatisfying(VmapAllocationException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        };
        String trace = record(c -> c.set(AllocatorSettings.REJECT_IMPOSSIBLE, false).set(AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK, false), tooBig);

        assertThat(header(trace)).contains(" reject-impossible=false non-blocking-purge-trylock=false policy=keys");
        assertThat(trace).contains("-> EBUSY\n  round 1 begin\n  round 1 end freed=0\n");
        Trace parsed = TraceParser.parse("mem", new StringReader(trace));
        assertThat(parsed.header().settings().get(AllocatorSettings.REJECT_IMPOSSIBLE)).isFalse();
        assertThat(parsed.header().settings().get(AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK)).isFalse();
        assertThat(replay(trace).stats().allocationFailures()).isEqualTo(1);

        String withoutKey = trace.replace(" reject-impossible=false", "");
        assertThatThrownBy(() -> replay(withoutKey)).as("read with reject-impossible=true, the request is refused up front")
                .isInstanceOf(ReplayMismatchException.class).hasMessageContaining("alloc 1");
    }

    @Test
    void aTraceOfARunWithTheDefaultsHasNoOptionalKeysSoItsHeaderIsAsBefore() {
        String trace = record(c -> { }, sys -> sys.allocator().allocate(PAGE));

        assertThat(header(trace)).isEqualTo("vmapkit-trace 1 space=tiny start=0x100000 size=0x10000 page-size=4096 "
                + "allocator=free-tree ncpus=1 lazy-max-pages=1000 max-notifier-rounds=8 lazy-purge=sync "
                + "non-blocking-skips-notifier=true policy=keys");
    }

    @Test
    void anOldHeaderWithoutTheOptionalKeysStillParsesWithTheirFormatVersion1Meaning() throws IOException {
        Trace t = TraceParser.parse("old", new StringReader(TraceParserTest.VALID));

        assertThat(t.header().settings().get(AllocatorSettings.REJECT_IMPOSSIBLE)).isTrue();
        assertThat(t.header().settings().get(AllocatorSettings.NON_BLOCKING_PURGE_TRYLOCK)).isTrue();
        assertThat(t.header().settings().get(AllocatorSettings.FREE_TREE_SEARCH)).isEqualTo(FreeTreeSearch.LOWEST_FIT);
        assertThat(AllocatorSettings.FREE_TREE_SEARCH.defaultValue()).isEqualTo(FreeTreeSearch.LOWEST_FIT);
        assertThat(t.header().line()).isEqualTo(TraceParserTest.VALID.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void optionalKeysWithTheirDefaultValuesAreReadLikeAbsentOnes() throws IOException {
        String explicit = TraceParserTest.VALID.replace(" policy=-",
                " reject-impossible=true non-blocking-purge-trylock=true free-tree-search=lowest-fit policy=-");

        assertThat(TraceParser.parse("t", new StringReader(explicit)).header())
                .isEqualTo(TraceParser.parse("t", new StringReader(TraceParserTest.VALID)).header());
    }
}
