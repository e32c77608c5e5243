package io.vmapkit.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vmapkit.allocator.page.PagePoolSettings;
import io.vmapkit.api.Errno;
import io.vmapkit.api.VmapException;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.page.PagePoolStats;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import io.vmapkit.trace.TraceFormatException;
import io.vmapkit.trace.TraceParser;
import io.vmapkit.reliability.support.Providers;
import io.vmapkit.runtime.VmapConfig;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.testkit.RecordingListener;
import io.vmapkit.testkit.VmapEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue: one table of bad inputs across the api, the allocator, the notifier
 * chains and shrinker registry, the page pool, the runtime (configuration, discovery, plugin
 * contexts, lifecycle) and the trace parser. Each row runs on a fresh small
 * system with two plugins ({@code alpha}, {@code beta}) holding areas and notifier blocks, a host
 * area, a purged area, a freed page run and a shrinker that returns a negative count; it expects a
 * specific exception type and a message fragment naming the bad value, and compares the whole
 * state before and after — the allocator's snapshot and statistics, both chains' blocks, the
 * shrinkers and their deferred work, the page pool's statistics, the discovery report and the
 * installed plugins, plus whatever the row itself touches — which must be unchanged. (One row,
 * alignment 2^63, legitimately runs the overflow path and counts one failed allocation: for it
 * the allocator's counters may move, the occupancy may not.)
 */
class BadInputCatalogueTest {

    static final int PAGE = 4096;
    static final long START = 0x4000_0000L;
    static final long SIZE = 4L << 20;

    // ---- the fixture ------------------------------------------------------------------------------

    /** A plugin whose notifier block runs a settable hook, to misbehave from inside a chain call. */
    static final class ProbePlugin implements VmapPlugin {
        final String name;
        final int blockPriority;
        final int apiVersion;
        volatile PluginContext ctx;
        volatile NotifierBlock<VmapPurgeEvent> block;
        volatile Consumer<PluginContext> onCall = c -> { };
        volatile RuntimeException caught;

        ProbePlugin(String name, int blockPriority, int apiVersion) {
            this.name = name;
            this.blockPriority = blockPriority;
            this.apiVersion = apiVersion;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int apiVersion() {
            return apiVersion;
        }

        @Override
        public InstalledPlugin install(PluginContext context) {
            ctx = context;
            block = NotifierBlock.of(name, blockPriority, (action, event) -> {
                try {
                    onCall.accept(ctx);
                } catch (RuntimeException e) {
                    caught = e;
                }
                return Notify.DONE;
            });
            context.purgeChain().register(block);
            return new InstalledPlugin() {}; // a probe for one system: its state stays on it, as the test needs
        }

        /** Runs {@code hook} from inside this plugin's block during one purge-chain call; rethrows what it threw. */
        void fromInsideOwnCall(VmapSystem system, Consumer<PluginContext> hook) {
            caught = null;
            onCall = hook;
            try {
                system.purgeChain().call(VmapPurgeEvent.ACTION,
                        VmapPurgeEvent.of(system.space(), PAGE, 1));
            } finally {
                onCall = c -> { };
            }
            if (caught != null) {
                throw caught;
            }
        }
    }

    /** A fresh system and its parts. */
    static final class Fixture implements AutoCloseable {
        final RecordingListener rec = new RecordingListener();
        final ProbePlugin alpha = new ProbePlugin("alpha", 10, 1);
        final ProbePlugin beta = new ProbePlugin("beta", 5, 1);
        final VmapSystem system;
        final VmapArea hostArea;
        final VmapArea purgedArea;
        final VmapArea alphaArea;
        final VmapArea betaArea;
        final VmapAllocator other;
        final VmapArea otherArea;
        final Shrinker negative;
        final PageRun freedRun;
        final VmapConfig.Builder configBuilder = VmapConfig.builder().ncpus(2);
        final VmapPurgeEvent negativeEvent = new VmapPurgeEvent(VmapRequest.of(PAGE).withWindow(START, START + SIZE), 2 * PAGE, 1);

        Fixture() {
            system = VmapKit.builder().ignoreSystemProperties()
                    .addressSpace(AddressSpace.of("catalogue", START, SIZE, PAGE)).ncpus(1)
                    .configure(c -> c.set(PagePoolSettings.PAGES, 1024L))
                    .listener(rec).plugin(alpha).plugin(beta).start();
            hostArea = system.allocator().allocate(3 * PAGE);
            purgedArea = system.allocator().allocate(PAGE);
            system.allocator().free(purgedArea);
            system.allocator().purgeLazy();
            alphaArea = alpha.ctx.allocator().allocate(2 * PAGE);
            betaArea = beta.ctx.allocator().allocate(2 * PAGE);
            negative = new Shrinker() {
                @Override
                public long countObjects(ShrinkControl sc) {
                    return -3;
                }

                @Override
                public long scanObjects(ShrinkControl sc) {
                    return 0;
                }

                @Override
                public String name() {
                    return "negative-count";
                }
            };
            system.shrinkers().register(negative);
            freedRun = system.pagePool().allocate(2);
            system.pagePool().free(freedRun);
            other = AllocatorConfig.builder(system.space()).build().createWith(Providers.allocator("free-tree"));
            otherArea = other.allocate(PAGE);
            rec.clear();
        }

        State state() {
            return new State(system.allocator().snapshot(), system.allocator().stats(), system.purgeChain().blocks(),
                    system.oomChain().blocks(), system.shrinkers().shrinkers(), system.shrinkers().deferred(negative),
                    system.pagePool().stats(), system.report().entries(), system.installedPlugins(),
                    List.of(hostArea.state(), purgedArea.state(), alphaArea.state(), betaArea.state(), otherArea.state()),
                    other.stats());
        }

        @Override
        public void close() {
            system.close();
        }
    }

    /** Everything a bad input must leave as it was. */
    record State(VmapSnapshot snapshot, VmapStats stats, List<?> purgeBlocks, List<?> oomBlocks, List<?> shrinkers,
            long deferred, PagePoolStats pool, List<ReportEntry> report, List<String> installed, List<AreaState> areas,
            VmapStats otherStats) {

        /** The same state with the allocator's counters (not its occupancy) blanked. */
        State occupancyOnly() {
            VmapStats occupancy = stats.toBuilder().allocations(0).allocationFailures(0).frees(0).searches(0)
                    .notifierRounds(0).build();
            return new State(snapshot, occupancy, purgeBlocks, oomBlocks, shrinkers, deferred, pool, report, installed,
                    areas, otherStats);
        }
    }

    // ---- the table ------------------------------------------------------------------------------

    /** What a row does with the fixture; it is expected to throw. */
    @FunctionalInterface
    interface Action {
        void run(Fixture fx) throws Exception;
    }

    /** The reported (not thrown) error of a contained misbehaviour, turned into a throwable for the table. */
    static final class Reported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reported(String message) {
            super(message);
        }
    }

    /**
     * One row.
     *
     * @param name what is wrong
     * @param action what the row does
     * @param type the exception expected
     * @param fragments parts of the message naming the bad value
     * @param countersMayMove whether the allocator's counters may change (the 2^63 row)
     * @param extra more state the row touches, compared before and after ({@code null}: none)
     */
    record Case(String name, Action action, Class<? extends Throwable> type, List<String> fragments,
            boolean countersMayMove, Function<Fixture, Object> extra) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case row(String name, Class<? extends Throwable> type, Action action, String... fragments) {
        return new Case(name, action, type, List.of(fragments), false, null);
    }

    static Case row(String name, Class<? extends Throwable> type, Function<Fixture, Object> extra, Action action,
            String... fragments) {
        return new Case(name, action, type, List.of(fragments), false, extra);
    }

    static VmapRequest.Builder req(long size) {
        return VmapRequest.builder(size).flags(AllocFlag.NO_WARN);
    }

    static NotifierBlock<VmapPurgeEvent> quiet(String name, int priority) {
        return NotifierBlock.of(name, priority, (a, e) -> Notify.DONE);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // allocator requests
                row("size 0", IllegalArgumentException.class, fx -> fx.system.allocator().allocate(VmapRequest.of(0)),
                        "size must not be 0"),
                row("size not page-aligned", IllegalArgumentException.class, fx -> fx.system.allocator().allocate(4097),
                        "4097", "not a multiple of the page size 4096"),
                row("negative size", IllegalArgumentException.class, fx -> fx.system.allocator().allocate(-4096),
                        Long.toUnsignedString(-4096), "can never fit"),
                row("huge size", IllegalArgumentException.class, fx -> fx.system.allocator().allocate(1L << 62),
                        Long.toString(1L << 62), "can never fit"),
                row("alignment not a power of two", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).align(3 * PAGE).build()), "0x3000", "not a power of two"),
                row("alignment 0", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).align(0).build()), "alignment 0x0"),
                new Case("alignment 2^63 (EBUSY after the overflow path, no arithmetic exception)",
                        fx -> fx.system.allocator().allocate(req(PAGE).align(1L << 63).build()),
                        VmapAllocationException.class, List.of("vmap allocation for size 8192 failed"), true, null),
                row("vstart == vend", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).window(START, START).build()), "empty", "0x40000000"),
                row("vstart > vend", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).window(START + 8 * PAGE, START).build()), "inverted"),
                row("window outside the space", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).window(0x1000, 0x9000).build()),
                        "window [0x1000, 0x9000) lies outside"),
                row("window at the top of the 64-bit space", IllegalArgumentException.class,
                        fx -> fx.system.allocator().allocate(req(PAGE).window(-3L * PAGE, -PAGE).build()),
                        "0xffffffffffffd000", "0xfffffffffffff000", "lies outside"),
                row("address space reaching 2^64", IllegalArgumentException.class,
                        fx -> AddressSpace.of("top", -2L * PAGE, 2L * PAGE, PAGE), "reaches or wraps past 2^64"),
                // frees and ownership
                row("double free", IllegalStateException.class, fx -> fx.system.allocator().free(fx.purgedArea),
                        "double free", "0x40004000"),
                row("free of another allocator's handle", IllegalArgumentException.class,
                        fx -> fx.system.allocator().free(fx.otherArea), "was not allocated by this"),
                row("free of a handle nobody allocated", IllegalArgumentException.class,
                        fx -> fx.system.allocator().free(new ForgedArea()), "forged", "was not allocated by this"),
                row("free through another plugin's context", IllegalArgumentException.class,
                        fx -> fx.beta.ctx.allocator().free(fx.alphaArea), "owned by plugin 'alpha'", "plugin 'beta''s context"),
                row("free of a host area through a plugin's context", IllegalArgumentException.class,
                        fx -> fx.alpha.ctx.allocator().free(fx.hostArea), "no plugin (the host)"),
                row("request naming another owner through a context", IllegalArgumentException.class,
                        fx -> fx.alpha.ctx.allocator().allocate(req(PAGE).owner("beta").build()), "names owner 'beta'"),
                // notifier chains
                row("registering a block twice", RegistrationException.class,
                        fx -> fx.system.purgeChain().register(fx.alpha.block), "'alpha'", "EEXIST"),
                row("unregistering an unknown block", RegistrationException.class,
                        fx -> fx.system.purgeChain().unregister(quiet("stranger", 0)), "'stranger'", "ENOENT"),
                row("unregistering another plugin's block through a context", IllegalArgumentException.class,
                        fx -> fx.beta.ctx.purgeChain().unregister(fx.alpha.block), "registered by plugin 'alpha'"),
                row("unique priority already taken", RegistrationException.class,
                        fx -> fx.system.purgeChain().registerUniquePriority(quiet("copycat", 10)), "priority 10", "'alpha'", "EBUSY"),
                row("registering on a chain from inside its own call", IllegalStateException.class,
                        fx -> fx.alpha.fromInsideOwnCall(fx.system, c -> c.purgeChain().register(quiet("intruder", 0))),
                        "register on blocking chain 'vmap_notify_list'", "would deadlock"),
                row("unregistering from inside the chain's own call", IllegalStateException.class,
                        fx -> fx.alpha.fromInsideOwnCall(fx.system, c -> c.purgeChain().unregister(fx.alpha.block)),
                        "unregister on blocking chain 'vmap_notify_list'", "would deadlock"),
                row("nr_to_call below -1", IllegalArgumentException.class,
                        fx -> fx.system.purgeChain().call(0, null, -2, null), "nr_to_call -2"),
                row("freed made to shrink", IllegalArgumentException.class, fx -> fx.negativeEvent.freed(),
                        fx -> fx.negativeEvent.add(-1), "add(-1)"),
                // shrinkers
                row("shrinker returning a negative count", Reported.class, fx -> {
                    fx.system.shrinkers().shrinkSlab(0);
                    throw new Reported(fx.rec.events(VmapEvent.ShrinkerMisbehaved.class).stream()
                            .map(m -> m.shrinker() + ": " + m.problem()).findFirst().orElse("nothing reported"));
                }, "negative-count: count_objects returned -3", "SHRINK_EMPTY"),
                row("shrinker with negative seeks", IllegalArgumentException.class,
                        fx -> fx.system.shrinkers().register(new Shrinker() {
                            @Override
                            public long countObjects(ShrinkControl sc) {
                                return 0;
                            }

                            @Override
                            public long scanObjects(ShrinkControl sc) {
                                return 0;
                            }

                            @Override
                            public int seeks() {
                                return -1;
                            }

                            @Override
                            public String name() {
                                return "backwards";
                            }
                        }), "'backwards'", "negative seeks -1"),
                row("registering a shrinker twice", RegistrationException.class,
                        fx -> fx.system.shrinkers().register(fx.negative), "'negative-count'", "EEXIST"),
                row("reclaim priority 13", IllegalArgumentException.class, fx -> fx.system.shrinkers().shrinkSlab(13),
                        "priority 13", "0..12"),
                // page pool
                row("page allocation of 0 pages", IllegalArgumentException.class, fx -> fx.system.pagePool().allocate(0),
                        "0 pages"),
                row("page allocation larger than the pool", IllegalArgumentException.class,
                        fx -> fx.system.pagePool().allocate(1025), "1025 pages exceeds the pool of 1024"),
                row("page run freed twice", IllegalStateException.class, fx -> fx.system.pagePool().free(fx.freedRun),
                        "double free"),
                // configuration
                row("malformed config value", IllegalArgumentException.class,
                        fx -> VmapConfig.fromProperties(props("vmapkit.ncpus", "zero")), "vmapkit.ncpus", "zero"),
                row("misspelt config key", IllegalArgumentException.class,
                        fx -> VmapConfig.fromProperties(props("vmapkit.ncpu", "2")), "'vmapkit.ncpu'", "did you mean 'vmapkit.ncpus'"),
                row("config builder given 0 CPUs", IllegalArgumentException.class, fx -> fx.configBuilder.build(),
                        fx -> fx.configBuilder.ncpus(0), "vmapkit.ncpus", "0"),
                row("negative lazy-max-pages in a properties file", IllegalArgumentException.class,
                        fx -> VmapConfig.fromProperties(props("vmapkit.allocator.lazy-max-pages", "-5")),
                        "vmapkit.allocator.lazy-max-pages", "-5"),
                row("kernel preset the spec does not support", IllegalArgumentException.class,
                        fx -> VmapConfig.fromProperties(props("vmapkit.kernel", "5.13")), "vmapkit.kernel = 5.13",
                        "use one of 4.7, 5.2, 6.x, 6.9, 6.12, 6.18, none"),
                row("allocator config with 0 notifier rounds", IllegalArgumentException.class,
                        fx -> AllocatorConfig.builder(fx.system.space()).maxNotifierRounds(0), "max notifier rounds 0"),
                // traces
                row("malformed trace line", TraceFormatException.class, fx -> TraceParser.parse("bad.trace",
                        new StringReader(TRACE_HEADER + "alloc 1 size=0x1000 align=0x1 window=- flags=- owner=- => 0x100000\nend\n")),
                        "bad.trace:2:", "expected '->'", "'=>'"),
                row("trace freeing an id never allocated", TraceFormatException.class, fx -> TraceParser.parse("bad.trace",
                        new StringReader(TRACE_HEADER + "free 42\nend\n")), "bad.trace:2:", "free 42", "no alloc line has that id"),
                row("trace header with an unknown free-tree search", TraceFormatException.class, fx -> TraceParser.parse("bad.trace",
                        new StringReader(TRACE_HEADER.replace(" policy=", " free-tree-search=5.19 policy=") + "end\n")),
                        "bad.trace:1:", "free-tree-search", "'5.19'"),
                // discovery and lifecycle
                row("plugin jar with a broken services entry (strict discovery)", DiscoveryException.class,
                        fx -> brokenJarDiscovery(), "does.not.Exist"),
                row("duplicate plugin names", DiscoveryException.class, fx -> VmapKit.builder().ignoreSystemProperties()
                        .plugin(new ProbePlugin("dup", 0, 1)).plugin(new ProbePlugin("dup", 1, 1)).build(),
                        "2 plugins are named 'dup'"),
                row("plugin built for a newer api version", IllegalArgumentException.class,
                        fx -> VmapKit.builder().ignoreSystemProperties().plugin(new ProbePlugin("future", 0, 2)).build(),
                        "built for vmapkit api 2.x"),
                row("starting a started system", IllegalStateException.class, fx -> fx.system.start(),
                        "cannot start a vmapkit system that is started"));
        // The command line's bad values (e.g. `simulate --ncpus 0` -> exit 2, "--ncpus must be at least
        // 1, not 0") are the cli module's CliTest.usageErrors: nothing outside the cli imports it.
    }

    static final String TRACE_HEADER = "vmapkit-trace 1 space=tiny start=0x100000 size=0x10000 page-size=4096 "
            + "allocator=free-tree ncpus=1 lazy-max-pages=1000 max-notifier-rounds=8 lazy-purge=sync "
            + "non-blocking-skips-notifier=true policy=-\n";

    static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    static void brokenJarDiscovery() throws IOException {
        Path dir = Files.createTempDirectory("broken-plugin");
        Path jar = dir.resolve("broken.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + VmapPlugin.class.getName()));
            out.write("does.not.Exist\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                BadInputCatalogueTest.class.getClassLoader())) {
            VmapKit.builder().ignoreSystemProperties().classLoader(loader).discoverPlugins().strictDiscovery().build();
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(dir);
        }
    }

    /** A handle no allocator made. */
    static final class ForgedArea implements VmapArea {
        @Override
        public long start() {
            return START;
        }

        @Override
        public long end() {
            return START + 2 * PAGE;
        }

        @Override
        public long size() {
            return PAGE;
        }

        @Override
        public long guardSize() {
            return PAGE;
        }

        @Override
        public AreaState state() {
            return AreaState.LIVE;
        }

        @Override
        public Optional<String> owner() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "forged[0x40000000, 0x40002000)";
        }
    }

    // ---- the test -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void badInputGetsASpecificExceptionNamingTheValueAndChangesNothing(Case c) {
        try (Fixture fx = new Fixture()) {
            State before = fx.state();
            Object extraBefore = c.extra() == null ? null : String.valueOf(c.extra().apply(fx));
            Throwable thrown = catchThrowable(() -> c.action().run(fx));
            assertThat(thrown).as(c.name()).isInstanceOf(c.type());
            assertThat(thrown).as(c.name()).isNotInstanceOf(ArithmeticException.class);
            for (String f : c.fragments()) {
                assertThat(thrown.getMessage()).as(c.name() + ": message names the bad value").contains(f);
            }
            if (thrown instanceof VmapException v && c.type() == VmapAllocationException.class) {
                assertThat(v.errno()).isEqualTo(Errno.EBUSY);
            }
            State after = fx.state();
            if (c.countersMayMove()) {
                assertThat(after.occupancyOnly()).as(c.name() + ": state unchanged").isEqualTo(before.occupancyOnly());
            } else {
                assertThat(after).as(c.name() + ": state unchanged").isEqualTo(before);
            }
            if (c.extra() != null) {
                assertThat(String.valueOf(c.extra().apply(fx))).as(c.name() + ": its own state unchanged").isEqualTo(extraBefore);
            }
        }
    }
}
