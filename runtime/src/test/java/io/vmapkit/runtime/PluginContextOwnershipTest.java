package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.event.VmapSearchEvent;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PluginContextOwnershipTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private ScriptedPlugin a;
    private ScriptedPlugin b;
    private VmapSystem system;

    @BeforeEach
    void start() {
        a = ScriptedPlugin.quiet("alpha", 1, log);
        b = ScriptedPlugin.quiet("beta", 0, log);
        system = Fixtures.kit().plugin(a).plugin(b).start();
    }

    @AfterEach
    void close() {
        system.close();
    }

    @Test
    void areasAllocatedThroughAContextAreOwnedByItsPlugin() {
        VmapArea area = a.context.allocator().allocate(4096);
        assertThat(area.owner()).contains("alpha");
        assertThat(system.allocator().snapshot().ranges()).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(VmapSnapshot.Kind.BUSY);
            assertThat(r.owner()).isEqualTo("alpha");
        });
        VmapArea same = a.context.allocator().allocate(VmapRequest.builder(4096).owner("alpha").build());
        assertThat(same.owner()).contains("alpha");
    }

    /** A request that names the plugin already is passed on as it is; one without an owner is tagged (a copy). */
    @Test
    void aRequestThatNamesThePluginReachesTheAllocatorUnchanged() {
        List<VmapRequest> searched = Collections.synchronizedList(new ArrayList<>());
        ScriptedPlugin c = ScriptedPlugin.quiet("gamma", 0, log);
        VmapSystem withListener = Fixtures.kit().plugin(c).listener(new VmapListener() {
            @Override
            public void vmapSearch(VmapSearchEvent event) {
                VmapRequest request = event.request();
                searched.add(request);
            }
        }).start();
        try {
            AddressSpace space = withListener.allocator().space();
            VmapRequest named = VmapRequest.builder(4096).window(space.start(), space.end()).owner("gamma").build();
            VmapArea first = c.context.allocator().allocate(named);
            VmapRequest untagged = VmapRequest.builder(4096).window(space.start(), space.end()).build();
            VmapArea second = c.context.allocator().allocate(untagged);
            assertThat(searched).hasSize(2);
            assertThat(searched.get(0)).isSameAs(named);
            assertThat(searched.get(1)).isNotSameAs(untagged).isEqualTo(named);
            assertThat(first.owner()).contains("gamma");
            assertThat(second.owner()).contains("gamma");
            c.context.allocator().free(first);
            c.context.allocator().free(second);
        } finally {
            withListener.close();
        }
    }

    @Test
    void anAreaCannotBeFreedThroughAnotherPluginsContext() {
        VmapArea area = a.context.allocator().allocate(8192);
        VmapStats before = system.allocator().stats();
        assertThatThrownBy(() -> b.context.allocator().free(area))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owned by plugin 'alpha'")
                .hasMessageContaining("cannot be freed through plugin 'beta''s context");
        assertThat(area.state()).isEqualTo(AreaState.LIVE);
        assertThat(system.allocator().stats()).isEqualTo(before);
        a.context.allocator().free(area);
        assertThat(area.state()).isNotEqualTo(AreaState.LIVE);
    }

    @Test
    void aHostAreaCannotBeFreedThroughAPluginContext() {
        VmapArea host = system.allocator().allocate(4096);
        assertThatThrownBy(() -> a.context.allocator().free(host))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no plugin (the host)");
        system.allocator().free(host);
    }

    @Test
    void aRequestNamingAnotherOwnerIsRefused() {
        assertThatThrownBy(() -> a.context.allocator().allocate(VmapRequest.builder(4096).owner("beta").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names owner 'beta'")
                .hasMessageContaining("plugin 'alpha'");
        assertThat(system.allocator().stats().liveAreas()).isZero();
    }

    @Test
    void pageRunsAreOwnedAndCheckedTheSameWay() {
        PageRun run = a.context.pagePool().allocate(4);
        assertThat(run.owner()).contains("alpha");
        assertThatThrownBy(() -> b.context.pagePool().free(run)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owned by plugin 'alpha'").hasMessageContaining("plugin 'beta'");
        assertThat(run.isFreed()).isFalse();
        assertThatThrownBy(() -> b.context.pagePool().allocate(1, "alpha", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page owner 'alpha'");
        a.context.pagePool().free(run);
        assertThat(system.pagePool().freePages()).isEqualTo(1024);
    }

    @Test
    void aBlockCannotBeUnregisteredThroughAnotherPluginsContext() {
        NotifierBlock<VmapPurgeEvent> blockA = NotifierBlock.of("a-cache", 0, (x, ev) -> Notify.DONE);
        a.context.purgeChain().register(blockA);
        assertThatThrownBy(() -> b.context.purgeChain().unregister(blockA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was registered by plugin 'alpha'")
                .hasMessageContaining("plugin 'beta''s context");
        assertThat(system.purgeChain().blocks()).containsExactly(blockA);
        NotifierBlock<VmapPurgeEvent> hostBlock = NotifierBlock.of("host", 0, (x, ev) -> Notify.DONE);
        system.purgeChain().register(hostBlock);
        assertThatThrownBy(() -> a.context.purgeChain().unregister(hostBlock)).hasMessageContaining("the host");
        a.context.purgeChain().unregister(blockA);
        assertThat(system.purgeChain().blocks()).containsExactly(hostBlock);
    }

    /**
     * registrants() names the plugin behind each block and shrinker by the name events carry: alpha's
     * block "a-cache", beta's shrinker "b-pool", and beta's block with a blank name under its class
     * name (the chain's rule); the host's block is not in it; after unregistering, a-cache is gone.
     */
    @Test
    void registrantsNameThePluginBehindEachBlockAndShrinker() {
        NotifierBlock<VmapPurgeEvent> blockA = NotifierBlock.of("a-cache", 0, (x, ev) -> Notify.DONE);
        a.context.purgeChain().register(blockA);
        io.vmapkit.api.shrinker.Shrinker poolB = new io.vmapkit.api.shrinker.Shrinker() {
            @Override public long countObjects(io.vmapkit.api.shrinker.ShrinkControl sc) { return 0; }
            @Override public long scanObjects(io.vmapkit.api.shrinker.ShrinkControl sc) { return 0; }
            @Override public String name() { return "b-pool"; }
        };
        b.context.shrinkers().register(poolB);
        NotifierBlock<VmapPurgeEvent> blank = new NotifierBlock<>() {
            @Override public int notifierCall(long action, VmapPurgeEvent ev) { return Notify.DONE; }
            @Override public String name() { return " "; }
        };
        b.context.purgeChain().register(blank);
        system.purgeChain().register(NotifierBlock.of("host", 0, (x, ev) -> Notify.DONE));

        assertThat(system.registrants()).containsOnly(
                org.assertj.core.api.Assertions.entry("a-cache", "alpha"),
                org.assertj.core.api.Assertions.entry("b-pool", "beta"),
                org.assertj.core.api.Assertions.entry(blank.getClass().getName(), "beta"));
        a.context.purgeChain().unregister(blockA);
        assertThat(system.registrants()).doesNotContainKey("a-cache").containsKey("b-pool");
    }

    /**
     * Eight threads, each acting for one of the two plugins, allocate, free their own areas and try
     * to free the other plugin's; afterwards every live area is owned by a plugin that allocated it,
     * the space tiles exactly, and closing frees everything.
     */
    @Test
    void ownershipHoldsUnderConcurrency() throws Exception {
        long seed = Long.getLong("vmapkit.seed", new SplittableRandom().nextLong());
        System.out.println("ownershipHoldsUnderConcurrency seed " + seed);
        String ctx = "seed " + seed + " (-Dvmapkit.seed=" + seed + " replays each thread's operations, not their interleaving)";
        List<VmapArea> shared = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            PluginContext me = (t % 2 == 0 ? a : b).context;
            SplittableRandom rnd = new SplittableRandom(seed + t);
            results.add(pool.submit(() -> {
                int refused = 0;
                List<VmapArea> mine = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int op = rnd.nextInt(3);
                    if (op == 0 || mine.isEmpty()) {
                        try {
                            VmapArea area = me.allocator().allocate((1 + rnd.nextInt(4)) * 4096L);
                            mine.add(area);
                            shared.add(area);
                        } catch (io.vmapkit.api.vmap.VmapAllocationException full) {
                            // a full space is fine here
                        }
                    } else if (op == 1) {
                        me.allocator().free(mine.remove(rnd.nextInt(mine.size())));
                    } else if (!shared.isEmpty()) {
                        VmapArea other = shared.get(rnd.nextInt(shared.size()));
                        if (!other.owner().orElse("").equals(me.pluginName()) && other.state() == AreaState.LIVE) {
                            try {
                                me.allocator().free(other);
                                throw new AssertionError("freed another plugin's area, " + ctx);
                            } catch (IllegalArgumentException expected) {
                                refused++;
                            }
                        }
                    }
                }
                return refused;
            }));
        }
        for (Future<Integer> f : results) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new AssertionError(ctx + ": " + e.getCause(), e.getCause());
            }
        }
        pool.shutdown();
        VmapSnapshot snap = system.allocator().snapshot();
        assertThat(snap.violation()).as(ctx).isEmpty();
        assertThat(snap.ranges()).filteredOn(r -> r.kind() == VmapSnapshot.Kind.BUSY)
                .allSatisfy(r -> assertThat(r.owner()).as(ctx).isIn("alpha", "beta"));
        system.close();
        assertThat(system.allocator().stats().liveAreas()).as(ctx).isZero();
    }
}
