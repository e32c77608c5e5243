package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.Status;
import io.vmapkit.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The contract between the runtime and the {@link InstalledPlugin} an install returns: the system
 * keeps it, hands it out, creates workloads from it, and closes it exactly once, in reverse install
 * order, whatever the other installations do.
 */
class InstalledPluginLifecycleTest {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /**
     * A stateless plugin whose installations each hold their own state: the areas their workload
     * allocated and a tally of purge rounds seen by their block. Offers one workload, "alloc", that
     * allocates one page per step through the installation's context.
     */
    private static final class CountingPlugin implements VmapPlugin {
        @Override public String name() { return "counting"; }
        @Override public List<String> workloads() { return List.of("alloc"); }

        @Override
        public Counting install(PluginContext context) {
            Counting c = new Counting(context);
            context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("counting", 0, (action, e) -> {
                c.rounds++;
                return Notify.DONE;
            }));
            return c;
        }
    }

    /** One installation of {@link CountingPlugin}. */
    private static final class Counting implements InstalledPlugin {
        final PluginContext context;
        final List<VmapArea> areas = Collections.synchronizedList(new ArrayList<>());
        volatile int rounds;
        volatile int closes;

        Counting(PluginContext context) {
            this.context = context;
        }

        @Override
        public Workload newWorkload(String workload, long seed, Map<String, String> parameters) {
            int steps = Integer.parseInt(parameters.getOrDefault("operations", "1"));
            return new Workload() {
                int done;

                @Override public String name() { return workload; }

                @Override
                public boolean step() {
                    if (done == steps) {
                        return false;
                    }
                    areas.add(context.allocator().allocate(4096));
                    done++;
                    return true;
                }

                @Override public Map<String, Long> counters() { return Map.of("ops", (long) done); }
            };
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** A plugin whose installation logs "close:name" and then runs {@code onClose}. */
    private VmapPlugin closing(String name, int priority, Runnable onClose) {
        return new VmapPlugin() {
            @Override public String name() { return name; }
            @Override public int priority() { return priority; }

            @Override
            public InstalledPlugin install(PluginContext context) {
                context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of(name, 0, (a, e) -> Notify.DONE));
                return new InstalledPlugin() {
                    @Override
                    public void close() {
                        log.add("close:" + name);
                        onClose.run();
                    }
                };
            }
        };
    }

    @Test
    void eachInstallationIsClosedOnceInReverseInstallOrder() {
        VmapSystem system = Fixtures.kit()
                .plugin(closing("mid", 5, () -> {}))
                .plugin(closing("first", 9, () -> {}))
                .plugin(closing("last", 0, () -> {}))
                .start();
        assertThat(system.installedPlugins()).containsExactly("first", "mid", "last");
        system.close();
        system.close(); // idempotent: no installation is closed a second time
        // installed by priority 9, 5, 0, so closed 0, 5, 9
        assertThat(log).containsExactly("close:last", "close:mid", "close:first");
        assertThat(system.purgeChain().isEmpty()).isTrue();
        assertThat(system.installed("first")).isEmpty();
    }

    @Test
    void aThrowingCloseIsReportedWithThePluginsNameAndTheOthersAreStillClosed() {
        VmapSystem system = Fixtures.kit()
                .plugin(closing("a", 3, () -> {}))
                .plugin(closing("bad", 2, () -> {
                    throw new IllegalStateException("device gone");
                }))
                .plugin(closing("c", 1, () -> {}))
                .start();
        try (LogCapture capture = new LogCapture(VmapSystem.class.getName())) {
            system.close();
            assertThat(log).containsExactly("close:c", "close:bad", "close:a");
            List<LogRecord> warnings = capture.atLeast(Level.WARNING);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).contains("plugin 'bad' threw from close");
            assertThat(warnings.get(0).getThrown()).hasMessage("device gone");
        }
        ReportEntry bad = system.report().find(Kind.PLUGIN, "bad").orElseThrow();
        assertThat(bad.status()).isEqualTo(Status.UNINSTALLED);
        // its one purge block was still unregistered after close threw
        assertThat(bad.reason()).contains("close threw").contains("device gone").contains("undid 1 registration");
        assertThat(system.report().find(Kind.PLUGIN, "a").orElseThrow().reason()).isEqualTo("undid 1 registration");
        assertThat(system.purgeChain().isEmpty()).isTrue();
        assertThat(system.state()).isEqualTo(SystemState.CLOSED);
    }

    @Test
    void underTheFailPolicyAThrowingCloseIsSuppressedIntoTheInstallFailure() {
        VmapPlugin refuses = new VmapPlugin() {
            @Override public String name() { return "refuses"; }
            @Override public InstalledPlugin install(PluginContext context) {
                throw new IllegalArgumentException("no such device");
            }
        };
        VmapSystem system = Fixtures.kit().configure(c -> c.onInstallFailure(InstallFailurePolicy.FAIL))
                .plugin(closing("early", 9, () -> {
                    throw new IllegalStateException("early cannot close");
                }))
                .plugin(refuses)
                .build();
        assertThatThrownBy(system::start).isInstanceOf(PluginInstallException.class)
                .hasMessageContaining("plugin 'refuses' failed to install")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("early cannot close"));
        system.close();
        assertThat(log).containsExactly("close:early");
    }

    @Test
    void installReturningNullIsAFailedInstall() {
        VmapPlugin nothing = new VmapPlugin() {
            @Override public String name() { return "nothing"; }
            @Override public InstalledPlugin install(PluginContext context) {
                context.purgeChain().register(NotifierBlock.<VmapPurgeEvent>of("half", 0, (a, e) -> Notify.DONE));
                return null;
            }
        };
        try (VmapSystem system = Fixtures.kit().plugin(nothing).start()) {
            ReportEntry e = system.report().find(Kind.PLUGIN, "nothing").orElseThrow();
            assertThat(e.status()).isEqualTo(Status.FAILED);
            assertThat(e.reason()).contains("install returned null").contains("undid 1 registration");
            assertThat(system.installedPlugins()).isEmpty();
            assertThat(system.purgeChain().isEmpty()).isTrue();
        }
    }

    @Test
    void oneInstanceInstalledInTwoSystemsKeepsSeparateState() {
        CountingPlugin plugin = new CountingPlugin();
        try (VmapSystem one = Fixtures.kit().plugin(plugin).start();
                VmapSystem two = Fixtures.kit().plugin(plugin).start()) {
            Counting inOne = one.installed(Counting.class).orElseThrow();
            Counting inTwo = two.installed(Counting.class).orElseThrow();
            assertThat(inOne).isNotSameAs(inTwo);
            assertThat(one.installed("counting")).containsSame(inOne);

            Workload w = one.newWorkload("counting", "alloc", 1, Map.of("operations", "3"));
            while (w.step()) {
                // three one-page areas in system one only
            }
            assertThat(inOne.areas).hasSize(3);
            assertThat(inTwo.areas).isEmpty();
            assertThat(one.allocator().stats().liveAreas()).isEqualTo(3);
            assertThat(two.allocator().stats().liveAreas()).isZero();
            assertThat(inOne.areas).allSatisfy(a -> assertThat(a.owner()).contains("counting"));

            // each installation registered its own block on its own system's chain
            one.purgeChain().call(0, new VmapPurgeEvent(VmapRequest.of(4096), 8192, 1));
            assertThat(inOne.rounds).isEqualTo(1);
            assertThat(inTwo.rounds).isZero();

            one.close();
            assertThat(inOne.closes).isEqualTo(1);
            assertThat(inTwo.closes).as("closing system one leaves system two's installation alone").isZero();
            assertThat(one.allocator().stats().liveAreas()).as("the runtime freed the three leftovers").isZero();
            assertThat(two.purgeChain().blocks()).extracting(NotifierBlock::name).containsExactly("counting");
            assertThat(two.installed("counting")).containsSame(inTwo);
        }
    }

    @Test
    void workloadsComeFromTheInstallationWithErrorsNamingThePlugin() {
        CountingPlugin plugin = new CountingPlugin();
        VmapSystem system = Fixtures.kit().plugin(plugin).build();
        assertThatThrownBy(() -> system.newWorkload("counting", "alloc", 1, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("plugin 'counting' is not installed in this system (new, available)");
        system.start();
        assertThatThrownBy(() -> system.newWorkload("countin", "alloc", 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this system has no plugin 'countin'; it has [counting]");
        assertThatThrownBy(() -> system.newWorkload("counting", "free", 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugin 'counting' offers no workload 'free' (it offers [alloc])");
        assertThat(system.newWorkload("counting", "alloc", 1, Map.of()).name()).isEqualTo("alloc");
        system.close();
        assertThatThrownBy(() -> system.newWorkload("counting", "alloc", 1, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("plugin 'counting' is not installed in this system (closed, uninstalled: undid 1 "
                        + "registration)"); // the workload above was never stepped: nothing was left to free
    }

    @Test
    void aFailedPluginHasNoInstallationAndSaysWhy() {
        VmapPlugin broken = new VmapPlugin() {
            @Override public String name() { return "broken"; }
            @Override public List<String> workloads() { return List.of("w"); }
            @Override public InstalledPlugin install(PluginContext context) {
                throw new IllegalArgumentException("bad setting");
            }
        };
        try (VmapSystem system = Fixtures.kit().plugin(broken).start()) {
            assertThat(system.installed("broken")).isEmpty();
            assertThat(system.installed(InstalledPlugin.class)).isEmpty();
            assertThatThrownBy(() -> system.newWorkload("broken", "w", 1, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("plugin 'broken' is not installed in this system (started, failed: install "
                            + "threw java.lang.IllegalArgumentException: bad setting");
        }
    }
}
