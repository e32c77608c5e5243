package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class VmapSystemLifecycleTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static NotifierBlock<VmapPurgeEvent> block(String name) {
        return NotifierBlock.of(name, 0, (action, ev) -> Notify.DONE);
    }

    private static Shrinker shrinker(String name) {
        return new Shrinker() {
            @Override public long countObjects(ShrinkControl sc) { return 0; }
            @Override public long scanObjects(ShrinkControl sc) { return Shrinker.SHRINK_STOP; }
            @Override public String name() { return name; }
        };
    }

    private static Consumer<PluginContext> registers(String... names) {
        return ctx -> {
            for (String n : names) {
                if (n.startsWith("s-")) {
                    ctx.shrinkers().register(shrinker(n));
                } else {
                    ctx.purgeChain().register(block(n));
                }
            }
        };
    }

    @Test
    void pluginsInstallByPriorityThenNameAndUninstallInReverse() {
        VmapSystem system = Fixtures.kit()
                .plugin(ScriptedPlugin.quiet("b", 0, log))
                .plugin(ScriptedPlugin.quiet("low", -1, log))
                .plugin(ScriptedPlugin.quiet("a", 0, log))
                .plugin(ScriptedPlugin.quiet("top", 9, log))
                .build();
        assertThat(system.state()).isEqualTo(SystemState.NEW);
        assertThat(system.plugins()).extracting(p -> p.name()).containsExactly("top", "a", "b", "low");
        system.start();
        assertThat(system.state()).isEqualTo(SystemState.STARTED);
        assertThat(system.installedPlugins()).containsExactly("top", "a", "b", "low");
        system.close();
        assertThat(system.state()).isEqualTo(SystemState.CLOSED);
        assertThat(log).containsExactly("install:top", "install:a", "install:b", "install:low",
                "uninstall:low", "uninstall:b", "uninstall:a", "uninstall:top");
        assertThat(system.report().entries(Kind.PLUGIN)).allSatisfy(e -> assertThat(e.status()).isEqualTo(Status.UNINSTALLED));
    }

    @Test
    void stateTransitionsAreCheckedWithClearMessages() {
        VmapSystem system = Fixtures.kit().build();
        system.start();
        assertThatThrownBy(system::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("started");
        system.close();
        system.close(); // idempotent
        assertThatThrownBy(system::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed; build a new one");

        VmapSystem neverStarted = Fixtures.kit().plugin(ScriptedPlugin.quiet("p", 0, log)).build();
        neverStarted.close();
        assertThat(neverStarted.state()).isEqualTo(SystemState.CLOSED);
        assertThat(log).isEmpty();
    }

    @Test
    void registrationsAreUndoneInReverseOrderAtUninstall() {
        ScriptedPlugin p = new ScriptedPlugin("p", 0, log, registers("b1", "s-1", "b2", "s-2", "b3"), c -> {});
        VmapSystem system = Fixtures.kit().notifierProvider(new LoggingNotifierProvider(log)).plugin(p).start();
        assertThat(system.purgeChain().blocks()).hasSize(3);
        assertThat(system.shrinkers().shrinkers()).hasSize(2);
        system.close();
        assertThat(log).containsExactly("install:p", "uninstall:p", "close:b3", "close:s-2", "close:b2", "close:s-1",
                "close:b1");
        assertThat(system.purgeChain().isEmpty()).isTrue();
        assertThat(system.shrinkers().shrinkers()).isEmpty();
    }

    @Test
    void registrationsAreUndoneEvenWhenCloseThrows() {
        ScriptedPlugin first = new ScriptedPlugin("first", 1, log, registers("f1"), c -> {});
        ScriptedPlugin bad = new ScriptedPlugin("bad", 0, log, registers("x1", "x2"), c -> {
            throw new IllegalStateException("uninstall exploded");
        });
        VmapSystem system = Fixtures.kit().plugin(first).plugin(bad).start();
        system.close();
        assertThat(system.purgeChain().isEmpty()).isTrue();
        assertThat(log).containsExactly("install:first", "install:bad", "uninstall:bad", "uninstall:first");
        ReportEntry e = system.report().find(Kind.PLUGIN, "bad").orElseThrow();
        assertThat(e.status()).isEqualTo(Status.UNINSTALLED);
        assertThat(e.reason()).contains("close threw").contains("uninstall exploded").contains("undid 2 registrations");
    }

    @Test
    void aFailedInstallIsUndoneAndTheOthersContinueByDefault() {
        ScriptedPlugin broken = new ScriptedPlugin("broken", 5, log, registers("half1", "s-half").andThen(c -> {
            c.allocator().allocate(8192);
            throw new IllegalArgumentException("cannot find my device");
        }), c -> {});
        ScriptedPlugin fine = new ScriptedPlugin("fine", 0, log, registers("ok"), c -> {});
        VmapSystem system = Fixtures.kit().plugin(broken).plugin(fine).start();
        assertThat(system.state()).isEqualTo(SystemState.STARTED);
        assertThat(system.installedPlugins()).containsExactly("fine");
        assertThat(system.purgeChain().blocks()).extracting(NotifierBlock::name).containsExactly("ok");
        assertThat(system.shrinkers().shrinkers()).isEmpty();
        assertThat(system.allocator().stats().liveAreas()).isZero();
        ReportEntry e = system.report().find(Kind.PLUGIN, "broken").orElseThrow();
        assertThat(e.status()).isEqualTo(Status.FAILED);
        assertThat(e.reason()).contains("cannot find my device").contains("undid 2 registrations")
                .contains("freed 1 leftover area");
        system.close();
        assertThat(log).containsExactly("install:broken", "install:fine", "uninstall:fine");
    }

    @Test
    void underTheFailPolicyAPartialStartIsUninstalledInReverseEvenWhenAnUninstallThrows() {
        ScriptedPlugin a = new ScriptedPlugin("a", 3, log, registers("a1"), c -> {});
        ScriptedPlugin b = new ScriptedPlugin("b", 2, log, registers("b1"), c -> {
            throw new IllegalStateException("b cannot uninstall");
        });
        ScriptedPlugin c = new ScriptedPlugin("c", 1, log, registers("c1").andThen(x -> {
            throw new IllegalStateException("c cannot install");
        }), x -> {});
        ScriptedPlugin d = ScriptedPlugin.quiet("d", 0, log);
        VmapSystem system = Fixtures.kit().configure(cfg -> cfg.onInstallFailure(InstallFailurePolicy.FAIL))
                .plugin(a).plugin(b).plugin(c).plugin(d).build();
        assertThatThrownBy(system::start)
                .isInstanceOf(PluginInstallException.class)
                .hasMessageContaining("plugin 'c' failed to install")
                .hasRootCauseMessage("c cannot install")
                .satisfies(ex -> {
                    assertThat(((PluginInstallException) ex).plugin()).isEqualTo("c");
                    assertThat(ex.getSuppressed()).extracting(Throwable::getMessage).contains("b cannot uninstall");
                });
        assertThat(log).containsExactly("install:a", "install:b", "install:c", "uninstall:b", "uninstall:a");
        assertThat(system.state()).isEqualTo(SystemState.CLOSED);
        assertThat(system.purgeChain().isEmpty()).isTrue();
        assertThat(system.report().find(Kind.PLUGIN, "c").orElseThrow().status()).isEqualTo(Status.FAILED);
        assertThat(system.report().find(Kind.PLUGIN, "d").orElseThrow().status()).isEqualTo(Status.AVAILABLE);
        system.close();
    }

    @Test
    void whatAPluginStillHoldsAtUninstallIsFreedAndReported() {
        List<VmapArea> areas = new ArrayList<>();
        List<PageRun> runs = new ArrayList<>();
        ScriptedPlugin leaky = new ScriptedPlugin("leaky", 0, log, c -> {
            areas.add(c.allocator().allocate(4096));
            areas.add(c.allocator().allocate(3 * 4096));
            runs.add(c.pagePool().allocate(16));
            VmapArea returned = c.allocator().allocate(4096);
            c.allocator().free(returned);
        }, c -> {});
        VmapSystem system = Fixtures.kit().plugin(leaky).start();
        assertThat(system.pagePool().freePages()).isEqualTo(1024 - 16);
        assertThat(areas).allSatisfy(a -> assertThat(a.owner()).contains("leaky"));
        system.close();
        assertThat(areas).allSatisfy(a -> assertThat(a.state()).isNotEqualTo(AreaState.LIVE));
        assertThat(runs.get(0).isFreed()).isTrue();
        assertThat(system.pagePool().freePages()).isEqualTo(1024);
        assertThat(system.report().find(Kind.PLUGIN, "leaky").orElseThrow().reason())
                .contains("freed 2 leftover areas (24576 bytes)").contains("freed 1 leftover page run (16 pages)");
    }

    @Test
    void pluginSettingsReachTheContext() {
        ScriptedPlugin p = ScriptedPlugin.quiet("i915", 0, log);
        Fixtures.kit().configure(c -> c.pluginSetting("i915", "retry-seconds", "5").pluginSetting("other", "x", "y"))
                .plugin(p).start().close();
        assertThat(p.context.settings()).containsExactlyEntriesOf(java.util.Map.of("retry-seconds", "5"));
        assertThat(p.context.setting("missing", "dflt")).isEqualTo("dflt");
        assertThat(p.context.pluginName()).isEqualTo("i915");
    }

    @Test
    void startOrCloseFromInsideAPluginIsRefused() {
        VmapSystem[] holder = new VmapSystem[1];
        AtomicInteger refusals = new AtomicInteger();
        ScriptedPlugin p = new ScriptedPlugin("p", 0, log, c -> {
            try {
                holder[0].close();
            } catch (IllegalStateException e) {
                assertThat(e).hasMessageContaining("from inside a plugin's install");
                refusals.incrementAndGet();
            }
        }, c -> {
            try {
                holder[0].start();
            } catch (IllegalStateException e) {
                refusals.incrementAndGet();
            }
        });
        holder[0] = Fixtures.kit().plugin(p).build();
        holder[0].start();
        holder[0].close();
        assertThat(refusals).hasValue(2);
    }

    @Test
    void aContextRefusesWorkAfterUninstall() {
        ScriptedPlugin p = ScriptedPlugin.quiet("p", 0, log);
        VmapSystem system = Fixtures.kit().plugin(p).start();
        system.close();
        assertThatThrownBy(() -> p.context.allocator().allocate(4096)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plugin 'p'").hasMessageContaining("can no longer allocate");
        assertThatThrownBy(() -> p.context.purgeChain().register(block("late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("can no longer register");
        assertThat(system.allocator().stats().liveAreas()).isZero();
    }

    /** Eight threads race start and close; exactly one start wins, the system ends closed with nothing left. */
    @Test
    void concurrentStartAndCloseAreSerialised() throws Exception {
        for (int round = 0; round < 20; round++) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            VmapSystem system = Fixtures.kit().plugin(new ScriptedPlugin("p", 0, events, registers("b"), c -> {})).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean starter = t % 2 == 0;
                futures.add(pool.submit(() -> {
                    go.await();
                    if (starter) {
                        try {
                            system.start();
                            started.incrementAndGet();
                        } catch (IllegalStateException expected) {
                            // already started or closed
                        }
                    } else {
                        system.close();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(started.get()).as("round %d", round).isLessThanOrEqualTo(1);
            assertThat(system.state()).isEqualTo(SystemState.CLOSED);
            assertThat(system.purgeChain().isEmpty()).isTrue();
            assertThat(events).isEqualTo(started.get() == 1 ? List.of("install:p", "uninstall:p") : List.of());
        }
    }
}
