package io.vmapkit.runtime;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Configurable;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.DiscoveryReport;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.runtime.discovery.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything a {@link VmapSystem} is built from, resolved: the effective configuration, the chosen
 * allocator, notifier and page-pool providers, the plugins to install (in install order), the clock,
 * the listeners, and the report of what discovery found.
 *
 * <p>Made by {@link VmapKit.Builder#resolve()}, which is where discovery and its I/O happen. A
 * blueprint does nothing by itself; {@link #newSystem()} builds a system from it, and may be called
 * more than once (each system gets fresh parts from the providers, but shares the plugin
 * instances). The "with" methods return changed copies, re-checking what they change: this is how
 * the Guice module applies bindings (a host's clock, listeners, plugins) to a discovered blueprint.
 *
 * <p>Immutable and thread-safe.
 */
public final class VmapBlueprint {

    private static final Comparator<Candidate<?>> INSTALL_ORDER = Comparator
            .<Candidate<?>>comparingInt(Candidate::priority).reversed()
            .thenComparing(Candidate::name);

    private final VmapConfig config;
    private final Candidate<AllocatorProvider> allocator;
    private final Candidate<NotifierProvider> notifier;
    private final Candidate<PagePoolProvider> pagePool;
    private final List<Candidate<VmapPlugin>> plugins;
    private final List<ReportEntry> background;
    private final VmapClock clock;
    private final List<VmapListener> listeners;
    private final FaultInjector faults;
    private final Executor drainExecutor;
    private final Settings settings;

    VmapBlueprint(VmapConfig config, Candidate<AllocatorProvider> allocator, Candidate<NotifierProvider> notifier,
            Candidate<PagePoolProvider> pagePool, List<Candidate<VmapPlugin>> plugins, List<ReportEntry> background,
            VmapClock clock, List<VmapListener> listeners, FaultInjector faults, Executor drainExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.pagePool = Objects.requireNonNull(pagePool, "pagePool");
        List<Candidate<VmapPlugin>> sorted = new ArrayList<>(plugins);
        sorted.sort(INSTALL_ORDER);
        this.plugins = List.copyOf(sorted);
        this.background = List.copyOf(background);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = List.copyOf(listeners);
        this.faults = Objects.requireNonNull(faults, "faults");
        this.drainExecutor = drainExecutor;
        rejectDuplicatePlugins(this.plugins, report());
        this.settings = SettingsMerge.resolve(config, List.of(
                new SettingsMerge.Part("allocator", VmapConfig.ALLOCATOR + ".", allocator.instance()),
                new SettingsMerge.Part("notifier", VmapConfig.NOTIFIER + ".", notifier.instance()),
                new SettingsMerge.Part("page-pool", VmapConfig.PAGE_POOL + ".", pagePool.instance())));
    }

    /** The effective configuration (system-property overrides applied, if the builder did). */
    public VmapConfig config() {
        return config;
    }

    /**
     * The resolved provider settings the system's parts are created from: each explicit value of
     * {@link VmapConfig#settings()}, else the chosen providers' value for the kernel preset (source
     * {@code preset 4.7}); a key in neither reads as its setting's default.
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The effective value of every setting the chosen providers declare (and {@code vmapkit.ncpus}),
     * as written, followed by where it comes from: {@code vmapkit.allocator.lazy-purge=background
     * (preset 6.x)}, {@code vmapkit.notifier.quarantine-after=3 (default)}. In allocator, notifier,
     * page-pool order, each in its provider's declaration order.
     */
    public Map<String, String> effectiveSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VmapConfig.NCPUS, settings.effective(List.of(AllocatorProvider.NCPUS)).get(VmapConfig.NCPUS)
                + " (" + settings.source(VmapConfig.NCPUS) + ")");
        for (Configurable c : List.of(allocator.instance(), notifier.instance(), pagePool.instance())) {
            settings.effective(c.settings()).forEach((k, v) -> m.put(k, v + " (" + settings.source(k) + ")"));
        }
        return Collections.unmodifiableMap(m);
    }

    /** The allocator provider the system will use. */
    public AllocatorProvider allocatorProvider() {
        return allocator.instance();
    }

    /** The notifier provider the system will use. */
    public NotifierProvider notifierProvider() {
        return notifier.instance();
    }

    /** The page-pool provider the system will use. */
    public PagePoolProvider pagePoolProvider() {
        return pagePool.instance();
    }

    /** The plugins to install, in install order: priority (higher first), then name. */
    public List<VmapPlugin> plugins() {
        return plugins.stream().map(Candidate::instance).toList();
    }

    /** The plugins with their report entries, in install order. */
    public List<Candidate<VmapPlugin>> pluginCandidates() {
        return plugins;
    }

    /** The clock. */
    public VmapClock clock() {
        return clock;
    }

    /** The listeners, in the order they are called. */
    public List<VmapListener> listeners() {
        return listeners;
    }

    /** The fault injector handed to the allocator and page pool. */
    public FaultInjector faults() {
        return faults;
    }

    /** The executor for background lazy purges, if one was given. */
    public Optional<Executor> drainExecutor() {
        return Optional.ofNullable(drainExecutor);
    }

    /**
     * What was found and chosen: the chosen providers as {@link Status#INSTALLED}, the plugins to
     * install as {@link Status#AVAILABLE}, and every other provider, skipped plugin and broken entry.
     */
    public DiscoveryReport report() {
        List<ReportEntry> all = new ArrayList<>(background);
        all.add(allocator.entry().with(Status.INSTALLED, ""));
        all.add(notifier.entry().with(Status.INSTALLED, ""));
        all.add(pagePool.entry().with(Status.INSTALLED, ""));
        plugins.forEach(p -> all.add(p.entry()));
        return DiscoveryReport.of(all);
    }

    /** A new system in state {@link SystemState#NEW}, its parts created by the chosen providers. */
    public VmapSystem newSystem() {
        return new VmapSystem(this);
    }

    // ---- withers ------------------------------------------------------------------------------

    /** This blueprint with another clock. */
    public VmapBlueprint withClock(VmapClock newClock) {
        return new VmapBlueprint(config, allocator, notifier, pagePool, plugins, background, newClock, listeners, faults,
                drainExecutor);
    }

    /** This blueprint with another fault injector. */
    public VmapBlueprint withFaults(FaultInjector newFaults) {
        return new VmapBlueprint(config, allocator, notifier, pagePool, plugins, background, clock, listeners, newFaults,
                drainExecutor);
    }

    /** This blueprint with these listeners instead of its own. */
    public VmapBlueprint withListeners(Collection<? extends VmapListener> newListeners) {
        return new VmapBlueprint(config, allocator, notifier, pagePool, plugins, background, clock,
                List.copyOf(newListeners), faults, drainExecutor);
    }

    /**
     * This blueprint with exactly these plugins (in any order; they are installed by priority, then
     * name). An instance that is already one of this blueprint's plugins keeps its report entry (and
     * its discovered source); others are reported as given explicitly.
     *
     * @throws IllegalArgumentException if a given plugin is unusable (blank or bad name, newer api)
     * @throws DiscoveryException if two plugins share a name (naming both classes and sources)
     */
    public VmapBlueprint withPlugins(Collection<? extends VmapPlugin> newPlugins) {
        Map<VmapPlugin, Candidate<VmapPlugin>> known = new IdentityHashMap<>();
        plugins.forEach(c -> known.put(c.instance(), c));
        List<Candidate<VmapPlugin>> list = new ArrayList<>();
        for (VmapPlugin p : newPlugins) {
            Candidate<VmapPlugin> c = known.get(p);
            list.add(c != null ? c : given(Kind.PLUGIN, p));
        }
        return new VmapBlueprint(config, allocator, notifier, pagePool, list, background, clock, listeners, faults,
                drainExecutor);
    }

    /** This blueprint with another allocator provider; the one it replaces is reported as available. */
    public VmapBlueprint withAllocatorProvider(AllocatorProvider provider) {
        if (provider == allocator.instance()) {
            return this;
        }
        Candidate<AllocatorProvider> c = given(Kind.ALLOCATOR, provider);
        return new VmapBlueprint(config, c, notifier, pagePool, plugins, demote(allocator, c), clock, listeners, faults,
                drainExecutor);
    }

    /** This blueprint with another notifier provider; the one it replaces is reported as available. */
    public VmapBlueprint withNotifierProvider(NotifierProvider provider) {
        if (provider == notifier.instance()) {
            return this;
        }
        Candidate<NotifierProvider> c = given(Kind.NOTIFIER, provider);
        return new VmapBlueprint(config, allocator, c, pagePool, plugins, demote(notifier, c), clock, listeners, faults,
                drainExecutor);
    }

    /** This blueprint with another page-pool provider; the one it replaces is reported as available. */
    public VmapBlueprint withPagePoolProvider(PagePoolProvider provider) {
        if (provider == pagePool.instance()) {
            return this;
        }
        Candidate<PagePoolProvider> c = given(Kind.PAGE_POOL, provider);
        return new VmapBlueprint(config, allocator, notifier, c, plugins, demote(pagePool, c), clock, listeners, faults,
                drainExecutor);
    }

    private List<ReportEntry> demote(Candidate<?> old, Candidate<?> replacement) {
        List<ReportEntry> list = new ArrayList<>();
        for (ReportEntry e : background) {
            if (!(e.kind() == replacement.entry().kind() && e.name().equals(replacement.name())
                    && e.className().equals(replacement.entry().className()))) {
                list.add(e);
            }
        }
        if (!old.name().equals(replacement.name())) {
            list.add(old.entry().with(Status.AVAILABLE, "replaced by " + replacement.name()));
        }
        return list;
    }

    /**
     * Describes an explicitly given plugin or provider.
     *
     * @throws IllegalArgumentException if it is unusable
     */
    static <T extends Discoverable> Candidate<T> given(Kind kind, T instance) {
        Objects.requireNonNull(instance, kind.label());
        Candidate<T> c = ServiceDiscovery.inspect(kind, instance,
                "given explicitly (" + ServiceDiscovery.sourceOf(instance.getClass()) + ")");
        if (c.entry().status() != Status.AVAILABLE) {
            throw new IllegalArgumentException(kind.label() + " " + instance.getClass().getName() + " cannot be used: "
                    + c.entry().reason());
        }
        return c;
    }

    private static void rejectDuplicatePlugins(List<Candidate<VmapPlugin>> plugins, DiscoveryReport report) {
        for (int i = 1; i < plugins.size(); i++) {
            for (int j = 0; j < i; j++) {
                Candidate<VmapPlugin> a = plugins.get(j);
                Candidate<VmapPlugin> b = plugins.get(i);
                if (a.name().equals(b.name())) {
                    throw new DiscoveryException("2 plugins are named '" + a.name() + "': "
                            + a.entry().className() + " (from " + a.entry().source() + ") and "
                            + b.entry().className() + " (from " + b.entry().source() + "); names must be unique", report);
                }
            }
        }
    }
}
