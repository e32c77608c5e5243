package io.vmapkit.runtime;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PagePool;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.InstalledPlugin;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.api.spi.PagePoolContext;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.DiscoveryReport;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One modelled kernel: an address space with its allocator, the vmap purge notifier chain
 * ({@value #PURGE_CHAIN}, blocking), the OOM notifier chain ({@value #OOM_CHAIN}, blocking), the
 * shrinker registry, the physical page pool, the listener, the clock, and the plugins installed
 * into it. Named after what it is — the whole vmap subsystem — rather than after a container role.
 *
 * <p><b>Building.</b> With {@link VmapKit#builder()} or the Guice {@code VmapKitModule}; both resolve
 * a {@link VmapBlueprint} and call {@link VmapBlueprint#newSystem()}. The parts exist from
 * construction on (state {@link SystemState#NEW}), so a host can wire them before plugins arrive.
 *
 * <p><b>Lifecycle.</b> {@link #start()} installs the plugins in order — priority (higher first),
 * then name — each through its own {@link io.vmapkit.api.spi.PluginContext}, and keeps the
 * {@link InstalledPlugin} each {@code install} returns: that object owns the plugin's state in this
 * system (the plugin instance itself is a stateless factory, and may be installed into other systems
 * at the same time). The context tags what the plugin allocates with its name, refuses to free
 * another owner's areas or page runs, and records every registration. A plugin whose install throws
 * (or returns {@code null}) has what it did undone and is reported {@link Status#FAILED}; then, by
 * {@link VmapConfig#onInstallFailure()}, the others go on ({@link InstallFailurePolicy#CONTINUE}, the
 * default) or start fails and the installed ones are uninstalled ({@link InstallFailurePolicy#FAIL}).
 * {@link #close()} uninstalls in reverse install order: for each plugin, its installation's
 * {@link InstalledPlugin#close()} runs once, then its registrations are undone in reverse order (even
 * if {@code close} threw: that failure is logged and reported with the plugin's name, and the other
 * plugins are still uninstalled), then what it still has allocated is freed and reported (a plugin
 * need not clean up after itself; a leftover is logged at INFO and named in the report). States only
 * move forward: NEW → STARTED → CLOSED, or NEW → CLOSED.
 *
 * <p><b>Installations.</b> {@link #installed(String)} and {@link #installed(Class)} hand out the
 * installations for reading (a host's or test's view of a plugin's state), and
 * {@link #newWorkload} creates a workload from one. The system owns them: only it closes them.
 *
 * <p><b>Threading.</b> The parts are thread-safe as their interfaces state. {@link #start()} and
 * {@link #close()} are serialised by a lifecycle lock; {@code VmapPlugin.install} and
 * {@code InstalledPlugin.close} run on the calling thread under that lock (and under no other vmapkit
 * lock), so a plugin must not call {@code start()} or {@code close()} from them (it gets an
 * {@link IllegalStateException}). A {@code close()} from another thread waits for a running start to
 * finish. {@link #installed(String)}, {@link #installedPlugins()} and {@link #newWorkload} take the
 * lifecycle lock to read which plugins are installed, so from another thread they wait for a running
 * start or close; the workload itself is created outside the lock.
 */
public final class VmapSystem implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(VmapSystem.class.getName());

    /** The name of the vmap purge notifier chain. */
    public static final String PURGE_CHAIN = "vmap_notify_list";

    /** The name of the OOM notifier chain. */
    public static final String OOM_CHAIN = "oom_notify_list";

    /** One plugin and what became of it; guarded by the lifecycle lock. */
    private static final class Slot {
        final Candidate<VmapPlugin> candidate;
        volatile TrackingContext context;
        /** The plugin's installation in this system: non-null from a successful install until closed. */
        InstalledPlugin installation;

        Slot(Candidate<VmapPlugin> candidate) {
            this.candidate = candidate;
        }

        String name() {
            return candidate.name();
        }
    }

    private final VmapConfig config;
    private final Settings settings;
    private final VmapClock clock;
    private final VmapListener listener;
    private final NotifierChain<VmapPurgeEvent> purgeChain;
    private final NotifierChain<OomEvent> oomChain;
    private final ShrinkerRegistry shrinkers;
    private final PagePool pagePool;
    private final VmapAllocator allocator;
    private final List<Slot> slots;
    private final CallbackWatchdog watchdog;
    /** Plugin name to what its uninstall threw or that it overran, in uninstall order; written under lifecycle. */
    private final Map<String, Throwable> closeFailures = Collections.synchronizedMap(new LinkedHashMap<>());

    private final ReentrantLock lifecycle = new ReentrantLock();
    private volatile SystemState state = SystemState.NEW;
    private volatile DiscoveryReport report;
    private boolean busy; // guarded by lifecycle: start or close is running on the lock's holder

    VmapSystem(VmapBlueprint bp) {
        this.config = bp.config();
        this.clock = bp.clock();
        this.listener = VmapListener.composite(bp.listeners().toArray(new VmapListener[0]));
        this.settings = bp.settings();
        this.watchdog = CallbackWatchdog.of(settings.get(NotifierSettings.CALLBACK_TIMEOUT));
        NotifierContext nc = NotifierContext.of(listener, clock);
        String np = bp.notifierProvider().name();
        this.purgeChain = create("notifier provider '" + np + "'", () -> bp.notifierProvider()
                .<VmapPurgeEvent>newChain(PURGE_CHAIN, ChainKind.BLOCKING, settings, nc));
        this.oomChain = create("notifier provider '" + np + "'", () -> bp.notifierProvider()
                .<OomEvent>newChain(OOM_CHAIN, ChainKind.BLOCKING, settings, nc));
        this.shrinkers = create("notifier provider '" + np + "'", () -> bp.notifierProvider()
                .newShrinkerRegistry(settings, nc));
        PagePoolContext pc = PagePoolContext.builder().shrinkers(shrinkers).oomChain(oomChain).listener(listener)
                .faults(bp.faults()).build();
        this.pagePool = create("page-pool provider '" + bp.pagePoolProvider().name() + "'",
                () -> bp.pagePoolProvider().create(settings, pc));
        AllocatorContext.Builder ab = AllocatorContext.builder().purgeChain(purgeChain).listener(listener).clock(clock)
                .faults(bp.faults());
        bp.drainExecutor().ifPresent(ab::drainExecutor);
        AllocatorContext ac = ab.build();
        this.allocator = create("allocator provider '" + bp.allocatorProvider().name() + "'",
                () -> bp.allocatorProvider().create(config.space(), settings, ac));
        List<Slot> list = new ArrayList<>();
        bp.pluginCandidates().forEach(c -> list.add(new Slot(c)));
        this.slots = List.copyOf(list);
        this.report = bp.report();
    }

    private static <T> T create(String who, java.util.function.Supplier<T> factory) {
        T made;
        try {
            made = factory.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException(who + " failed to create its part: " + e, e);
        }
        if (made == null) {
            throw new IllegalStateException(who + " returned null");
        }
        return made;
    }

    // ---- parts --------------------------------------------------------------------------------

    /** The configuration the system was built with. */
    public VmapConfig config() {
        return config;
    }

    /**
     * The resolved provider settings the parts were created from ({@link VmapBlueprint#settings()}):
     * read one with {@code settings().get(AllocatorSettings.LAZY_PURGE)}.
     */
    public Settings settings() {
        return settings;
    }

    /** The managed address space. */
    public AddressSpace space() {
        return allocator.space();
    }

    /**
     * The allocator itself, as the host sees it: no owner tagging, no ownership checks (plugins
     * get an owner-checking view through their context).
     */
    public VmapAllocator allocator() {
        return allocator;
    }

    /** The vmap purge notifier chain, {@value #PURGE_CHAIN}, {@link ChainKind#BLOCKING}. */
    public NotifierChain<VmapPurgeEvent> purgeChain() {
        return purgeChain;
    }

    /** The OOM notifier chain, {@value #OOM_CHAIN}, {@link ChainKind#BLOCKING}. */
    public NotifierChain<OomEvent> oomChain() {
        return oomChain;
    }

    /** The shrinker registry. */
    public ShrinkerRegistry shrinkers() {
        return shrinkers;
    }

    /** The physical page pool. */
    public PagePool pagePool() {
        return pagePool;
    }

    /** The clock. */
    public VmapClock clock() {
        return clock;
    }

    /** The listener every part reports to: the composite of the configured listeners. */
    public VmapListener listener() {
        return listener;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** The current state. */
    public SystemState state() {
        return state;
    }

    /**
     * What was found and what became of it; plugin statuses change as the system starts and closes.
     */
    public DiscoveryReport report() {
        return report;
    }

    /** The plugins (the stateless factories) this system was built with, in install order, installed or not. */
    public List<VmapPlugin> plugins() {
        return slots.stream().map(s -> s.candidate.instance()).toList();
    }

    /** The names of the plugins installed now, in install order. */
    public List<String> installedPlugins() {
        lifecycle.lock();
        try {
            return slots.stream().filter(s -> s.installation != null).map(Slot::name).toList();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * The installation of the plugin named {@code name} in this system, while it is installed: what
     * its {@code install} returned, owned by this system (read it; never close it).
     *
     * @return empty if no plugin of that name is installed (not started yet, failed, or closed)
     */
    public Optional<InstalledPlugin> installed(String name) {
        Objects.requireNonNull(name, "name");
        lifecycle.lock();
        try {
            return slots.stream().filter(s -> s.installation != null && s.name().equals(name)).findFirst()
                    .map(s -> s.installation);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * The first installation, in install order, that is a {@code type}: a typed view for hosts and
     * tests that know the plugin's installation class.
     *
     * @return empty if no installed plugin's installation is a {@code type}
     */
    public <T> Optional<T> installed(Class<T> type) {
        Objects.requireNonNull(type, "type");
        lifecycle.lock();
        try {
            return slots.stream().map(s -> s.installation).filter(type::isInstance).findFirst().map(type::cast);
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * A new workload from the installation of plugin {@code plugin}.
     *
     * @param plugin the plugin's name
     * @param workload one of that plugin's {@link VmapPlugin#workloads()}
     * @param seed the seed of the workload's random choices
     * @param parameters workload-specific parameters
     * @throws IllegalArgumentException if this system has no such plugin, or the plugin does not offer
     *     {@code workload} (naming the ones it offers), or the plugin refuses a parameter
     * @throws IllegalStateException if the plugin is not installed in this system now (naming why,
     *     as the report states)
     */
    public Workload newWorkload(String plugin, String workload, long seed, Map<String, String> parameters) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(parameters, "parameters");
        Slot slot = slots.stream().filter(s -> s.name().equals(plugin)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("this system has no plugin '" + plugin + "'; it has "
                        + slots.stream().map(Slot::name).toList()));
        List<String> offered = slot.candidate.instance().workloads();
        if (!offered.contains(workload)) {
            throw new IllegalArgumentException("plugin '" + plugin + "' offers no workload '" + workload + "'"
                    + (offered.isEmpty() ? "" : " (it offers " + offered + ")"));
        }
        InstalledPlugin installation = installed(plugin).orElseThrow(() -> new IllegalStateException("plugin '"
                + plugin + "' is not installed in this system (" + state.name().toLowerCase()
                + report.find(Kind.PLUGIN, plugin).map(e -> ", " + e.status().name().toLowerCase()
                        + (e.reason().isEmpty() ? "" : ": " + e.reason())).orElse("") + ")"));
        return installation.newWorkload(workload, seed, parameters);
    }

    /**
     * Installs the plugins, in order.
     *
     * @return this system
     * @throws IllegalStateException if the system was already started or closed, or if called from
     *     a plugin's install or uninstall
     * @throws PluginInstallException under {@link InstallFailurePolicy#FAIL}, when an install threw;
     *     the system is then closed
     */
    public VmapSystem start() {
        lifecycle.lock();
        try {
            if (busy) {
                throw new IllegalStateException("start() called from inside a plugin's install or uninstall");
            }
            if (state != SystemState.NEW) {
                throw new IllegalStateException("cannot start a vmapkit system that is " + state.name().toLowerCase()
                        + (state == SystemState.CLOSED ? "; build a new one" : ""));
            }
            busy = true;
            try {
                for (Slot slot : slots) {
                    install(slot);
                }
                state = SystemState.STARTED;
                LOG.log(System.Logger.Level.DEBUG, () -> "vmapkit system started with plugins " + installedPlugins());
                return this;
            } finally {
                busy = false;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void install(Slot slot) {
        TrackingContext ctx = new TrackingContext(slot.name(), config.pluginSettings(slot.name()), this);
        slot.context = ctx;
        try {
            InstalledPlugin installation;
            CallbackWatchdog.Call call = watchdog.enter("plugin '" + slot.name() + "' install");
            CallbackTimeoutException late;
            try {
                installation = slot.candidate.instance().install(ctx);
            } finally {
                late = call.exit();
            }
            if (late != null) {
                throw late; // returned after all, too late: a failed install (its registrations are undone below)
            }
            if (installation == null) {
                throw new IllegalStateException("install returned null instead of an InstalledPlugin");
            }
            slot.installation = installation;
            report = report.withStatus(Kind.PLUGIN, slot.name(), Status.INSTALLED, "");
            return;
        } catch (RuntimeException | Error failure) {
            if (failure instanceof VirtualMachineError) {
                throw failure;
            }
            TrackingContext.Undo undo = ctx.undo();
            String detail = "install threw " + failure + (undo.describe().isEmpty() ? "" : "; " + undo.describe());
            report = report.withStatus(Kind.PLUGIN, slot.name(), Status.FAILED, detail);
            if (config.onInstallFailure() == InstallFailurePolicy.FAIL) {
                PluginInstallException ex = new PluginInstallException(slot.name(), failure);
                undo.failures().forEach(ex::addSuppressed);
                LOG.log(System.Logger.Level.ERROR, "plugin '" + slot.name() + "' failed to install; stopping ("
                        + VmapConfig.ON_INSTALL_FAILURE + "=fail)", failure);
                uninstallAll(ex);
                state = SystemState.CLOSED;
                throw ex;
            }
            LOG.log(System.Logger.Level.WARNING, "plugin '" + slot.name() + "' failed to install and is skipped ("
                    + VmapConfig.ON_INSTALL_FAILURE + "=continue); " + detail, failure);
        }
    }

    /**
     * Uninstalls every installed plugin in reverse install order, then closes the system.
     * Idempotent; never throws for a plugin's failure (it is logged and reported). Closing a system
     * that was never started just moves it to {@link SystemState#CLOSED}.
     *
     * @throws IllegalStateException if called from a plugin's install or uninstall
     */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (state == SystemState.CLOSED) {
                return;
            }
            if (busy) {
                throw new IllegalStateException("close() called from inside a plugin's install or uninstall");
            }
            busy = true;
            try {
                uninstallAll(null);
                state = SystemState.CLOSED;
            } finally {
                busy = false;
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void uninstallAll(Throwable collectInto) {
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot slot = slots.get(i);
            InstalledPlugin installation = slot.installation;
            if (installation == null) {
                continue;
            }
            slot.installation = null; // closed at most once, even if close or undo throws below
            Throwable failure = null;
            CallbackWatchdog.Call call = watchdog.enter("plugin '" + slot.name() + "' uninstall (InstalledPlugin.close)");
            try {
                installation.close();
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    call.exit();
                    throw e;
                }
                failure = e;
            }
            CallbackTimeoutException late = call.exit();
            if (late != null) {
                if (failure != null) {
                    late.addSuppressed(failure);
                }
                failure = late;
            }
            if (failure != null) {
                closeFailures.put(slot.name(), failure);
                LOG.log(System.Logger.Level.WARNING, "plugin '" + slot.name() + "' " + (late != null ? "overran" : "threw from")
                        + " close; undoing its registrations anyway", failure);
            }
            TrackingContext.Undo undo = slot.context.undo();
            List<String> notes = new ArrayList<>();
            if (failure != null) {
                notes.add("close threw " + failure);
                if (collectInto != null) {
                    collectInto.addSuppressed(failure);
                }
            }
            if (!undo.describe().isEmpty()) {
                notes.add(undo.describe());
            }
            if (collectInto != null) {
                undo.failures().forEach(collectInto::addSuppressed);
            }
            if (undo.leftSomething()) {
                LOG.log(System.Logger.Level.INFO, "plugin '" + slot.name() + "' was uninstalled; " + undo.describe());
            }
            report = report.withStatus(Kind.PLUGIN, slot.name(), Status.UNINSTALLED, String.join("; ", notes));
        }
    }

    /**
     * What went wrong when plugins were uninstalled: for each plugin whose
     * {@link InstalledPlugin#close()} threw, or overran the callback timeout
     * ({@link CallbackTimeoutException}), its name and that failure, in uninstall order. Empty until
     * {@link #close()} (or a failed start) uninstalled something, and when every uninstall went
     * well. {@code close()} itself never throws for these (the other plugins must still be
     * uninstalled); an application that must not lose them checks here after closing.
     *
     * @return an immutable copy
     */
    public Map<String, Throwable> closeFailures() {
        synchronized (closeFailures) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(closeFailures));
        }
    }

    /**
     * Which plugin registered each notifier block and shrinker that is registered now through a
     * plugin's context: the name the block or shrinker has in the system's events (its {@code name()},
     * or its class name when that is blank) to the plugin's name, in plugin order. Blocks and
     * shrinkers the host registered directly are not in it; a name two plugins both registered maps to
     * the first. Registrations end when a plugin is uninstalled, so read it while the system runs.
     *
     * <p>Thread-safe; takes no lifecycle lock (a snapshot: a plugin installing or uninstalling
     * meanwhile may or may not be in it).
     */
    public Map<String, String> registrants() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Slot s : slots) {
            TrackingContext c = s.context;
            if (c != null) {
                c.registeredNames().forEach(n -> out.putIfAbsent(n, c.pluginName()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The context through which {@code item} was registered in {@code registry}, if a plugin's. */
    Optional<TrackingContext> contextRegistering(Object registry, Object item) {
        for (Slot s : slots) {
            TrackingContext c = s.context;
            if (c != null && c.registered(registry, item)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "VmapSystem[" + state + ", " + allocator.space() + ", allocator " + allocator.name() + ", plugins "
                + slots.stream().map(Slot::name).toList() + "]";
    }
}
