package io.vmapkit.runtime;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.Discoverable;
import io.vmapkit.api.spi.NotifierProvider;
import io.vmapkit.api.spi.PagePoolProvider;
import io.vmapkit.api.spi.VmapPlugin;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.discovery.Candidate;
import io.vmapkit.runtime.discovery.DiscoveryException;
import io.vmapkit.runtime.discovery.DiscoveryReport;
import io.vmapkit.runtime.discovery.Findings;
import io.vmapkit.runtime.discovery.Kind;
import io.vmapkit.runtime.discovery.ReportEntry;
import io.vmapkit.runtime.discovery.ServiceDiscovery;
import io.vmapkit.runtime.discovery.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The plain-Java entry point: {@link #builder()}.
 *
 * <pre>{@code
 * try (VmapSystem system = VmapKit.builder()
 *         .addressSpace(AddressSpace.x86_32())
 *         .allocator("free-tree")
 *         .discoverPlugins()
 *         .plugin(new MyCachePlugin())
 *         .listener(myListener)
 *         .start()) {
 *     VmapArea area = system.allocator().allocate(16 * 4096);
 * }
 * }</pre>
 *
 * <p>The Guice {@code io.vmapkit.guice.VmapKitModule} (artifact {@code vmapkit-guice}) uses this same
 * builder to resolve its blueprint, so both paths build the same system.
 */
public final class VmapKit {

    private VmapKit() {}

    /** A builder with the default configuration, discovering from the runtime's class loader. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link VmapSystem}. Not thread-safe; {@link #resolve()} and {@link #build()} may be
     * called more than once.
     *
     * <p><b>What comes from where.</b> The configuration starts at {@link VmapConfig#defaults()} (or
     * what {@link #config(VmapConfig)} gives); the shortcut setters change it; at {@link #resolve()},
     * the {@code vmapkit.*} system properties are applied on top (as SLF4J's {@code slf4j.provider}
     * overrides discovery without a code change) unless {@link #ignoreSystemProperties()} was called
     * or {@link #overrides(Properties)} names another source. Providers not given explicitly are
     * discovered; plugins are discovered only if {@linkplain #discoverPlugins() asked}, filtered by
     * the include and exclude lists; plugins given with {@link #plugin} are always installed.
     */
    public static final class Builder {
        private VmapConfig.Builder config = VmapConfig.builder();
        private Properties overrides;
        private boolean useSystemProperties = true;
        private ClassLoader loader = VmapKit.class.getClassLoader();
        private final List<VmapPlugin> plugins = new ArrayList<>();
        private final List<VmapListener> listeners = new ArrayList<>();
        private VmapClock clock = VmapClock.system();
        private FaultInjector faults = FaultInjector.NONE;
        private Executor drainExecutor;
        private AllocatorProvider allocatorProvider;
        private NotifierProvider notifierProvider;
        private PagePoolProvider pagePoolProvider;

        private Builder() {}

        /** Replaces the configuration (the shortcut setters below then change this one). */
        public Builder config(VmapConfig config) {
            this.config = Objects.requireNonNull(config, "config").toBuilder();
            return this;
        }

        /** Changes the configuration in place: {@code b.configure(c -> c.ncpus(8).set("vmapkit.page-pool.pages", "1024"))}. */
        public Builder configure(Consumer<VmapConfig.Builder> change) {
            change.accept(config);
            return this;
        }

        /** The address space ({@link VmapConfig#SPACE}). */
        public Builder addressSpace(AddressSpace space) {
            config.addressSpace(space);
            return this;
        }

        /** The allocator provider by name ({@link VmapConfig#ALLOCATOR}), e.g. {@code free-tree}. */
        public Builder allocator(String name) {
            config.allocator(name);
            return this;
        }

        /**
         * The kernel preset ({@link VmapConfig#KERNEL}): {@code 4.7}, {@code 5.2}, {@code 6.x} or
         * {@code none}. Era keys set explicitly, here or in any layer, win over it.
         *
         * @throws IllegalArgumentException naming the value and listing the valid ones
         */
        public Builder kernel(String release) {
            config.kernel(release);
            return this;
        }

        /** The kernel preset ({@link VmapConfig#KERNEL}); {@code null} for none. */
        public Builder kernel(KernelEra era) {
            config.kernel(era);
            return this;
        }

        /** The CPU count for {@code lazy_max_pages()} ({@link VmapConfig#NCPUS}). */
        public Builder ncpus(int ncpus) {
            config.ncpus(ncpus);
            return this;
        }

        /**
         * A provider setting, explicit (it wins over the kernel preset):
         * {@code set(AllocatorSettings.MAX_NOTIFIER_ROUNDS, 3)}.
         *
         * @throws io.vmapkit.api.settings.SettingException for a bad value
         */
        public <T> Builder set(Setting<T> setting, T value) {
            config.set(setting, value);
            return this;
        }

        /**
         * A provider setting by key and value as written: {@code set("vmapkit.allocator.lazy-purge", "background")}.
         *
         * @throws io.vmapkit.api.settings.SettingException for an unknown key or a bad value
         */
        public Builder set(String key, String value) {
            config.set(key, value);
            return this;
        }

        /** Turns plugin discovery on ({@link VmapConfig#DISCOVER_PLUGINS}). */
        public Builder discoverPlugins() {
            config.discoverPlugins(true);
            return this;
        }

        /** Turns strict discovery on ({@link VmapConfig#STRICT_DISCOVERY}). */
        public Builder strictDiscovery() {
            config.strictDiscovery(true);
            return this;
        }

        /** The class loader to discover from (default: the runtime's own; never the context loader implicitly). */
        public Builder classLoader(ClassLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Adds a plugin to install whatever discovery finds (its name must not clash with another's). */
        public Builder plugin(VmapPlugin plugin) {
            plugins.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /** Adds plugins, as {@link #plugin} each. */
        public Builder plugins(Iterable<? extends VmapPlugin> more) {
            more.forEach(this::plugin);
            return this;
        }

        /** Adds a listener; every listener sees every event, in the order added. */
        public Builder listener(VmapListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock (default {@link VmapClock#system()}). */
        public Builder clock(VmapClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The fault injector for the allocator and page pool (default {@link FaultInjector#NONE}). */
        public Builder faults(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** The executor for background lazy purges (default: the common fork-join pool). */
        public Builder drainExecutor(Executor executor) {
            this.drainExecutor = Objects.requireNonNull(executor, "drainExecutor");
            return this;
        }

        /** Uses this allocator provider instead of discovering one (the allocator key is then ignored). */
        public Builder allocatorProvider(AllocatorProvider provider) {
            this.allocatorProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Uses this notifier provider instead of discovering one. */
        public Builder notifierProvider(NotifierProvider provider) {
            this.notifierProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Uses this page-pool provider instead of discovering one. */
        public Builder pagePoolProvider(PagePoolProvider provider) {
            this.pagePoolProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Applies these properties on top of the configuration at resolve time, instead of the system properties. */
        public Builder overrides(Properties properties) {
            Properties copy = new Properties();
            copy.putAll(Objects.requireNonNull(properties, "properties"));
            this.overrides = copy;
            this.useSystemProperties = true;
            return this;
        }

        /** Does not apply system properties (nor {@link #overrides}): the configuration is exactly what the code set. */
        public Builder ignoreSystemProperties() {
            this.useSystemProperties = false;
            this.overrides = null;
            return this;
        }

        /**
         * Applies overrides, discovers, and chooses: the step both this builder and the Guice module
         * take. Does I/O (reads services files) and creates provider and plugin instances.
         *
         * @throws IllegalArgumentException for a bad configuration value (naming key and value), or
         *     an unusable explicitly given plugin or provider
         * @throws DiscoveryException for duplicate names, a missing or unknown provider, or — in
         *     strict mode — any broken, refused or missing entry
         */
        public VmapBlueprint resolve() {
            VmapConfig cfg = config.build();
            if (useSystemProperties) {
                cfg = overrides != null ? cfg.overriddenBy(overrides) : cfg.overriddenBy(System.getProperties(), Settings.SYSTEM_PROPERTY);
            }
            ServiceDiscovery discovery = new ServiceDiscovery(loader);
            List<ReportEntry> background = new ArrayList<>();
            Candidate<AllocatorProvider> ap = provider(discovery, AllocatorProvider.class, allocatorProvider,
                    cfg.allocator(), cfg.describe(VmapConfig.ALLOCATOR), background);
            Candidate<NotifierProvider> np = provider(discovery, NotifierProvider.class, notifierProvider,
                    cfg.notifier(), VmapConfig.NOTIFIER, background);
            Candidate<PagePoolProvider> pp = provider(discovery, PagePoolProvider.class, pagePoolProvider,
                    cfg.pagePool(), VmapConfig.PAGE_POOL, background);
            List<Candidate<VmapPlugin>> chosen = new ArrayList<>();
            if (cfg.discoverPlugins()) {
                Findings<VmapPlugin> found = discovery.find(VmapPlugin.class);
                background.addAll(found.refused());
                for (Candidate<VmapPlugin> c : found.usable()) {
                    if (cfg.excludePlugins().contains(c.name())) {
                        background.add(c.entry().with(Status.SKIPPED, "excluded by " + VmapConfig.PLUGINS_EXCLUDE));
                    } else if (!cfg.includePlugins().isEmpty() && !cfg.includePlugins().contains(c.name())) {
                        background.add(c.entry().with(Status.SKIPPED, "not named in " + VmapConfig.PLUGINS));
                    } else {
                        chosen.add(c);
                    }
                }
                for (String wanted : cfg.includePlugins()) {
                    if (found.usable().stream().noneMatch(c -> c.name().equals(wanted))) {
                        background.add(new ReportEntry(Kind.PLUGIN, wanted, "", 0, 0, "-", "-", Status.SKIPPED,
                                "named in " + VmapConfig.PLUGINS + " but not discovered"));
                    }
                }
            }
            for (VmapPlugin p : plugins) {
                chosen.add(VmapBlueprint.given(Kind.PLUGIN, p));
            }
            VmapBlueprint bp = new VmapBlueprint(cfg, ap, np, pp, chosen, background, clock, listeners, faults,
                    drainExecutor);
            if (cfg.strictDiscovery()) {
                List<ReportEntry> problems = background.stream()
                        .filter(e -> e.status() == Status.BROKEN
                                || (e.status() == Status.SKIPPED && !e.reason().startsWith("excluded by")
                                        && !e.reason().startsWith("not named in")))
                        .toList();
                if (!problems.isEmpty()) {
                    StringBuilder msg = new StringBuilder("strict discovery (" + VmapConfig.STRICT_DISCOVERY
                            + "=true) refuses to start: ");
                    for (int i = 0; i < problems.size(); i++) {
                        msg.append(i == 0 ? "" : "; ").append(problems.get(i));
                    }
                    throw new DiscoveryException(msg.toString(), bp.report());
                }
            }
            return bp;
        }

        /** {@link #resolve()}, then a new system in state {@link SystemState#NEW}. */
        public VmapSystem build() {
            return resolve().newSystem();
        }

        /** {@link #build()}, then {@link VmapSystem#start()}. */
        public VmapSystem start() {
            return build().start();
        }

        private static <T extends Discoverable> Candidate<T> provider(ServiceDiscovery discovery, Class<T> type,
                T explicit, Optional<String> wanted, String key, List<ReportEntry> background) {
            Kind kind = Kind.of(type);
            if (explicit != null) {
                return VmapBlueprint.given(kind, explicit);
            }
            Findings<T> found = discovery.find(type);
            background.addAll(found.refused());
            Candidate<T> chosen = null;
            if (wanted.isPresent()) {
                for (Candidate<T> c : found.usable()) {
                    if (c.name().equals(wanted.get())) {
                        chosen = c;
                    }
                }
                if (chosen == null) {
                    String refusedToo = found.refused().stream().filter(e -> e.name().equals(wanted.get()))
                            .map(e -> "; it was found but not usable: " + e.reason()).findFirst().orElse("");
                    throw new DiscoveryException(key + " = " + wanted.get() + ": no such " + kind.label()
                            + " provider" + refusedToo + "; usable: " + names(found), report(found, background));
                }
            } else if (!found.usable().isEmpty()) {
                chosen = found.usable().get(0);
            } else {
                throw new DiscoveryException("no usable " + type.getName() + " was found by "
                        + discovery.loader() + "; put vmapkit-" + (kind == Kind.NOTIFIER ? "notifier" : "allocator")
                        + " (or a jar registering one) on the class path"
                        + (found.refused().isEmpty() ? "" : "; refused: " + found.refused()), report(found, background));
            }
            for (Candidate<T> c : found.usable()) {
                if (c != chosen) {
                    background.add(c.entry());
                }
            }
            return chosen;
        }

        private static String names(Findings<?> found) {
            if (found.usable().isEmpty()) {
                return "none";
            }
            List<String> names = new ArrayList<>();
            found.usable().forEach(c -> names.add(c.name() + " (priority " + c.priority() + ")"));
            return String.join(", ", names);
        }

        private static DiscoveryReport report(Findings<?> found, List<ReportEntry> background) {
            List<ReportEntry> all = new ArrayList<>(background);
            found.usable().forEach(c -> all.add(c.entry()));
            return DiscoveryReport.of(all);
        }
    }
}
