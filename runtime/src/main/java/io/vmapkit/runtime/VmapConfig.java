package io.vmapkit.runtime;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.SettingException;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.runtime.SpaceKeys.Given;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of a {@link VmapSystem}: the system-level keys (space, CPUs, which allocator,
 * notifier and page pool, discovery, plugins, kernel preset) and the settings given for the
 * providers. Immutable, validated, loadable from properties.
 *
 * <p>The runtime's own keys are constants here ({@link #KEYS}). Provider settings
 * ({@code vmapkit.allocator.*}, {@code vmapkit.notifier.*}, {@code vmapkit.page-pool.*}) are
 * declared by the providers themselves ({@link io.vmapkit.api.spi.Configurable#settings()}); this
 * class holds the ones given explicitly ({@link #settings()}), each with its source, and checks
 * each against the settings the discovered providers declare. The system merges them with the
 * chosen providers' kernel presets and defaults ({@link VmapBlueprint#settings()}). The full table
 * of keys is in {@code docs/configuration.md}.
 *
 * <p>All keys start with {@code vmapkit.}; a properties source may hold other keys (they are
 * ignored), but an <em>unknown</em> {@code vmapkit.*} key is an error naming it and the closest
 * known key, so a typo never silently falls back to a default. Every error names the key, the value
 * and, where known, its source: {@code vmapkit.ncpus = 0: must be at least 1 (file
 * vmapkit.properties line 3)}.
 *
 * <p>Layering, lowest first: the defaults, a properties file ({@link #load(Path)}), builder calls,
 * then overrides ({@link #overriddenBy(Properties)}; {@link #load(Path)} and
 * {@link #fromSystemProperties()} apply {@link System#getProperties()} as the top layer).
 * Precedence, independent of layers: an explicit key, then the kernel preset ({@link #KERNEL}),
 * then the default.
 *
 * <p>Immutable and thread-safe; {@link #equals} compares every value (not the sources).
 */
public final class VmapConfig {

    // ---- keys ---------------------------------------------------------------------------------

    /** Address-space preset: {@code x86_32} (default), {@code x86_64} or {@code custom}. */
    public static final String SPACE = "vmapkit.space";
    /** Start address of a {@code custom} space: decimal or {@code 0x} hex, page-aligned. */
    public static final String SPACE_START = "vmapkit.space.start";
    /** Size of a {@code custom} space: bytes, {@code 0x} hex, or with a binary unit ({@code 64M}, {@code 2GiB}). */
    public static final String SPACE_SIZE = "vmapkit.space.size";
    /** Page size of a {@code custom} space (default 4096). */
    public static final String SPACE_PAGE_SIZE = "vmapkit.space.page-size";
    /** {@code __VMALLOC_RESERVE} of the {@code x86_32} preset (default 128M: 120 MiB usable). */
    public static final String SPACE_RESERVE = "vmapkit.space.reserve";
    /** The allocator provider's name (default: the kernel preset's, else the highest-priority one). */
    public static final String ALLOCATOR = "vmapkit.allocator";
    /** The notifier provider's name (default: the highest-priority one discovered). */
    public static final String NOTIFIER = "vmapkit.notifier";
    /** The page-pool provider's name (default: the highest-priority one discovered). */
    public static final String PAGE_POOL = "vmapkit.page-pool";
    /** Online CPU count ({@link AllocatorProvider#NCPUS}; default 4). */
    public static final String NCPUS = AllocatorProvider.NCPUS.key();
    /** Whether any broken or refused discovery entry fails startup (default false). */
    public static final String STRICT_DISCOVERY = "vmapkit.discovery.strict";
    /** Whether plugins are discovered (default false; true when {@link #PLUGINS} is set). */
    public static final String DISCOVER_PLUGINS = "vmapkit.plugins.discover";
    /** Comma-separated names: install only these discovered plugins (default: all). */
    public static final String PLUGINS = "vmapkit.plugins";
    /** Comma-separated names: never install these discovered plugins. */
    public static final String PLUGINS_EXCLUDE = "vmapkit.plugins.exclude";
    /** A plugin whose install throws: {@code continue} (default) or {@code fail}. */
    public static final String ON_INSTALL_FAILURE = "vmapkit.plugins.on-install-failure";
    /**
     * A kernel preset: {@code 4.7}, {@code 5.2}, {@code 6.x} or {@code none} (default): the
     * allocator of that release ({@link KernelEra#allocator()}) and, for every provider setting the
     * chosen providers' {@code preset(release)} names, that release's value; explicit keys win.
     */
    public static final String KERNEL = "vmapkit.kernel";
    /** Prefix of per-plugin settings, {@code vmapkit.plugin.<name>.<key>}. */
    public static final String PLUGIN_PREFIX = PluginSettings.KEY_PREFIX;

    /** The key prefixes of provider settings: allocator, notifier, page pool. */
    public static final List<String> PROVIDER_NAMESPACES = List.of(ALLOCATOR + ".", NOTIFIER + ".", PAGE_POOL + ".");

    /** Every key of the runtime itself (provider and plugin settings aside), for typo detection and the docs. */
    public static final List<String> KEYS = List.of(SPACE, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE, SPACE_RESERVE,
            ALLOCATOR, NOTIFIER, PAGE_POOL, NCPUS, STRICT_DISCOVERY, DISCOVER_PLUGINS, PLUGINS, PLUGINS_EXCLUDE,
            ON_INSTALL_FAILURE, KERNEL);

    /** The default CPU count: the "4-CPU box" of the kernel model, threshold 96 MiB. */
    public static final int DEFAULT_NCPUS = 4;

    private static final Setting<Boolean> STRICT = Setting.bool(STRICT_DISCOVERY, false, "strict discovery");
    private static final Setting<Boolean> DISCOVER = Setting.bool(DISCOVER_PLUGINS, false, "discover plugins");
    private static final Setting<InstallFailurePolicy> INSTALL_FAILURE = Setting.choice(ON_INSTALL_FAILURE,
            InstallFailurePolicy.class, InstallFailurePolicy.CONTINUE, "a throwing install");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+-]*");
    private static final Pattern SETTING_KEY = Pattern.compile("[^\\s=:]+");
    private static final String PLUGIN_FORM = PLUGIN_PREFIX + "<name>.<key>";
    private static final VmapConfig DEFAULTS = builder().build();

    private final AddressSpace space;
    private final String allocator;
    private final boolean allocatorExplicit;
    private final String notifier;
    private final String pagePool;
    private final boolean strictDiscovery;
    private final boolean discoverPlugins;
    private final Set<String> includePlugins;
    private final Set<String> excludePlugins;
    private final InstallFailurePolicy onInstallFailure;
    private final Map<String, Map<String, String>> pluginSettings;
    private final KernelEra kernel;
    private final Settings settings;

    private VmapConfig(Builder b) {
        this.space = b.space;
        this.allocatorExplicit = b.allocator != null;
        this.allocator = b.allocator != null ? b.allocator : b.kernel == null ? null : b.kernel.allocator();
        this.notifier = b.notifier;
        this.pagePool = b.pagePool;
        this.strictDiscovery = b.strictDiscovery;
        this.discoverPlugins = b.discoverPlugins;
        this.includePlugins = Collections.unmodifiableSet(new LinkedHashSet<>(b.includePlugins));
        this.excludePlugins = Collections.unmodifiableSet(new LinkedHashSet<>(b.excludePlugins));
        this.onInstallFailure = b.onInstallFailure;
        Map<String, Map<String, String>> ps = new TreeMap<>();
        b.pluginSettings.forEach((plugin, kv) -> ps.put(plugin, Collections.unmodifiableMap(new TreeMap<>(kv))));
        this.pluginSettings = Collections.unmodifiableMap(ps);
        this.kernel = b.kernel;
        this.settings = b.settings.build();
    }

    // ---- factories ----------------------------------------------------------------------------

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every value at its default. */
    public static VmapConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding this configuration's values (and the sources of its settings). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.space = space;
        b.allocator = allocatorExplicit ? allocator : null;
        b.notifier = notifier;
        b.pagePool = pagePool;
        b.strictDiscovery = strictDiscovery;
        b.discoverPlugins = discoverPlugins;
        b.includePlugins.addAll(includePlugins);
        b.excludePlugins.addAll(excludePlugins);
        b.onInstallFailure = onInstallFailure;
        pluginSettings.forEach((p, kv) -> b.pluginSettings.put(p, new TreeMap<>(kv)));
        b.kernel = kernel;
        b.settings.setAll(settings);
        return b;
    }

    /**
     * The defaults overridden by the {@code vmapkit.*} keys of {@code properties}; other keys are
     * ignored.
     *
     * @throws IllegalArgumentException naming the key and value of the first bad or unknown entry
     */
    public static VmapConfig fromProperties(Properties properties) {
        return DEFAULTS.overriddenBy(properties);
    }

    /**
     * Reads a properties file (UTF-8, the syntax of {@link Properties#load(java.io.Reader)}), then
     * applies {@link System#getProperties()} on top.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the key, value, file and line of a bad entry
     */
    public static VmapConfig load(Path file) throws IOException {
        return load(file, System.getProperties());
    }

    /**
     * Reads a properties file, then applies {@code overrides} on top.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the key, value, file and line of a bad entry
     */
    public static VmapConfig load(Path file, Properties overrides) throws IOException {
        VmapConfig fromFile;
        try {
            fromFile = DEFAULTS.apply(ConfigLoader.file(file));
        } catch (IllegalArgumentException e) {
            if (e instanceof SettingException) {
                throw e;
            }
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return fromFile.overriddenBy(overrides, Settings.SYSTEM_PROPERTY);
    }

    /** The defaults overridden by the {@code vmapkit.*} system properties. */
    public static VmapConfig fromSystemProperties() {
        return DEFAULTS.overriddenBy(System.getProperties(), Settings.SYSTEM_PROPERTY);
    }

    /**
     * This configuration with the {@code vmapkit.*} keys of {@code properties} applied on top (source
     * {@code properties}); other keys are ignored. Space keys combine with this configuration's
     * space: overriding only {@link #SPACE_SIZE} of a custom space keeps its start.
     *
     * @throws IllegalArgumentException naming the key and value of the first bad or unknown entry
     *     (keys are checked in sorted order); this configuration is unchanged
     */
    public VmapConfig overriddenBy(Properties properties) {
        return overriddenBy(properties, "properties");
    }

    /**
     * {@link #overriddenBy(Properties)} with the entries' source named for messages and for
     * {@link Settings#source(String)}: {@link Settings#SYSTEM_PROPERTY}, {@link Settings#COMMAND_LINE}, ...
     */
    public VmapConfig overriddenBy(Properties properties, String source) {
        Objects.requireNonNull(properties, "properties");
        return apply(ConfigLoader.entries(properties, source));
    }

    private VmapConfig apply(Map<String, Given> given) {
        if (given.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        for (Map.Entry<String, Given> e : given.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().value();
            String source = e.getValue().source();
            if (key.startsWith(PLUGIN_PREFIX)) {
                String rest = key.substring(PLUGIN_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new SettingException(key, value, source, "per-plugin settings are written " + PLUGIN_FORM, null);
                }
                b.pluginSetting(rest.substring(0, dot), rest.substring(dot + 1), value);
                continue;
            }
            switch (key) {
                case SPACE: case SPACE_START: case SPACE_SIZE: case SPACE_PAGE_SIZE: case SPACE_RESERVE:
                    break; // combined below
                case KERNEL: b.kernel(value, source); break;
                case ALLOCATOR: b.allocator = name(key, value, source); break;
                case NOTIFIER: b.notifier = name(key, value, source); break;
                case PAGE_POOL: b.pagePool = name(key, value, source); break;
                case STRICT_DISCOVERY: b.strictDiscovery(STRICT.parse(value, source)); break;
                case DISCOVER_PLUGINS: b.discoverPlugins(DISCOVER.parse(value, source)); break;
                case PLUGINS: b.includePlugins(parseList(key, value, source)); break;
                case PLUGINS_EXCLUDE: b.excludePlugins(parseList(key, value, source)); break;
                case ON_INSTALL_FAILURE: b.onInstallFailure(INSTALL_FAILURE.parse(value, source)); break;
                default:
                    b.set(key, value, source);
            }
        }
        if (given.keySet().stream().anyMatch(k -> k.equals(SPACE) || k.startsWith(SPACE + "."))) {
            b.addressSpace(SpaceKeys.read(space, given));
        }
        return b.build();
    }

    // ---- values -------------------------------------------------------------------------------

    /** The address space ({@link #SPACE} and its sub-keys). */
    public AddressSpace space() {
        return space;
    }

    /**
     * The allocator provider's name ({@link #ALLOCATOR}): the one given, else the kernel preset's;
     * empty: the highest-priority one.
     */
    public Optional<String> allocator() {
        return Optional.ofNullable(allocator);
    }

    /** The notifier provider's name ({@link #NOTIFIER}); empty: the highest-priority one. */
    public Optional<String> notifier() {
        return Optional.ofNullable(notifier);
    }

    /** The page-pool provider's name ({@link #PAGE_POOL}); empty: the highest-priority one. */
    public Optional<String> pagePool() {
        return Optional.ofNullable(pagePool);
    }

    /** The CPU count ({@link #NCPUS}). */
    public int ncpus() {
        return settings.get(AllocatorProvider.NCPUS);
    }

    /** Whether any broken or refused discovery entry fails startup ({@link #STRICT_DISCOVERY}). */
    public boolean strictDiscovery() {
        return strictDiscovery;
    }

    /** Whether plugins are discovered ({@link #DISCOVER_PLUGINS}). */
    public boolean discoverPlugins() {
        return discoverPlugins;
    }

    /** Discovered plugins to install; empty means all ({@link #PLUGINS}). */
    public Set<String> includePlugins() {
        return includePlugins;
    }

    /** Discovered plugins never to install ({@link #PLUGINS_EXCLUDE}). */
    public Set<String> excludePlugins() {
        return excludePlugins;
    }

    /** What a throwing install does ({@link #ON_INSTALL_FAILURE}). */
    public InstallFailurePolicy onInstallFailure() {
        return onInstallFailure;
    }

    /** The settings of plugin {@code name} ({@code vmapkit.plugin.<name>.<key>}, prefix removed); empty if none. */
    public Map<String, String> pluginSettings(String name) {
        return pluginSettings.getOrDefault(name, Map.of());
    }

    /** Every plugin's settings, by plugin name. */
    public Map<String, Map<String, String>> pluginSettings() {
        return pluginSettings;
    }

    /** The kernel preset ({@link #KERNEL}); empty: none. */
    public Optional<KernelEra> kernel() {
        return Optional.ofNullable(kernel);
    }

    /**
     * The settings given explicitly for the providers (and {@link #NCPUS}), each with its source:
     * what wins over the kernel preset and the defaults.
     */
    public Settings settings() {
        return settings;
    }

    /**
     * The settings an allocator of {@code provider} is created from under this configuration:
     * explicit values, then the provider's answer for the kernel preset, then the defaults (the
     * merge {@link VmapBlueprint#settings()} does for all three providers).
     *
     * @throws SettingException for an explicit {@code vmapkit.allocator.*} key the provider does not
     *     declare, or a bad value
     */
    public Settings settingsFor(AllocatorProvider provider) {
        return SettingsMerge.resolve(this, List.of(new SettingsMerge.Part("allocator", ALLOCATOR + ".", provider)));
    }

    /**
     * Whether {@code key} was given explicitly, by a builder call or a properties entry of any
     * layer, rather than coming from the kernel preset or the default.
     */
    public boolean explicit(String key) {
        return key.equals(ALLOCATOR) ? allocatorExplicit : settings.contains(key);
    }

    /**
     * {@code key} for messages about its value: the key itself, or, for the allocator when the
     * kernel preset named it, the key and the preset.
     */
    String describe(String key) {
        return key.equals(ALLOCATOR) && kernel != null && !allocatorExplicit
                ? key + " (set by " + KERNEL + "=" + kernel.value() + ")" : key;
    }

    /**
     * Every value as properties, such that {@code fromProperties(c.toProperties()).equals(c)}: the
     * runtime's keys (defaults included; {@link #ALLOCATOR} only when given explicitly, so a changed
     * {@link #KERNEL} in the result still chooses its allocator) and the explicit provider settings.
     */
    public Properties toProperties() {
        Properties p = new Properties();
        SpaceKeys.write(space, p);
        p.setProperty(KERNEL, kernel == null ? KernelEra.NONE : kernel.value());
        if (allocatorExplicit) {
            p.setProperty(ALLOCATOR, allocator);
        }
        if (notifier != null) {
            p.setProperty(NOTIFIER, notifier);
        }
        if (pagePool != null) {
            p.setProperty(PAGE_POOL, pagePool);
        }
        p.setProperty(NCPUS, Integer.toString(ncpus()));
        settings.asMap().forEach(p::setProperty);
        p.setProperty(STRICT_DISCOVERY, Boolean.toString(strictDiscovery));
        p.setProperty(DISCOVER_PLUGINS, Boolean.toString(discoverPlugins));
        p.setProperty(PLUGINS, String.join(",", includePlugins));
        p.setProperty(PLUGINS_EXCLUDE, String.join(",", excludePlugins));
        p.setProperty(ON_INSTALL_FAILURE, INSTALL_FAILURE.format(onInstallFailure));
        pluginSettings.forEach((plugin, kv) -> kv.forEach((k, v) -> p.setProperty(PLUGIN_PREFIX + plugin + "." + k, v)));
        return p;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VmapConfig)) {
            return false;
        }
        VmapConfig c = (VmapConfig) o;
        return space.equals(c.space) && Objects.equals(allocator, c.allocator) && allocatorExplicit == c.allocatorExplicit
                && Objects.equals(notifier, c.notifier) && Objects.equals(pagePool, c.pagePool)
                && strictDiscovery == c.strictDiscovery && discoverPlugins == c.discoverPlugins
                && includePlugins.equals(c.includePlugins) && excludePlugins.equals(c.excludePlugins)
                && onInstallFailure == c.onInstallFailure && pluginSettings.equals(c.pluginSettings)
                && kernel == c.kernel && ncpus() == c.ncpus() && providerSettings().equals(c.providerSettings());
    }

    /** The explicit provider settings, values only ({@link #NCPUS}, a plain runtime value, aside). */
    private Map<String, String> providerSettings() {
        Map<String, String> m = new TreeMap<>(settings.asMap());
        m.remove(NCPUS);
        return m;
    }

    @Override
    public int hashCode() {
        return Objects.hash(space, allocator, allocatorExplicit, notifier, pagePool, strictDiscovery, discoverPlugins,
                includePlugins, excludePlugins, onInstallFailure, pluginSettings, kernel, ncpus(), providerSettings());
    }

    /**
     * The values, one {@code key=value} per line, sorted by key; a provider setting is followed by
     * its source, an allocator chosen by the preset by {@code (kernel 4.7)}. The effective value of
     * every provider setting (presets and defaults included) is in
     * {@link VmapBlueprint#effectiveSettings()}.
     */
    @Override
    public String toString() {
        Map<String, String> lines = new TreeMap<>();
        toProperties().forEach((k, v) -> lines.put((String) k, (String) v));
        providerSettings().keySet().forEach(k -> lines.put(k, lines.get(k) + " (" + settings.source(k) + ")"));
        if (allocator != null && !allocatorExplicit) {
            lines.put(ALLOCATOR, allocator + " (kernel " + kernel.value() + ")");
        }
        StringBuilder sb = new StringBuilder("VmapConfig[");
        lines.forEach((k, v) -> sb.append("\n  ").append(k).append('=').append(v));
        return sb.append("\n]").toString();
    }

    // ---- parsing ------------------------------------------------------------------------------

    private static String name(String key, String value, String source) {
        Objects.requireNonNull(value, key);
        if (!NAME.matcher(value).matches()) {
            throw new SettingException(key, "'" + value + "'", source,
                    "not a name; names are words of letters, digits, '_', '+' and '-'", null);
        }
        return value;
    }

    private static List<String> parseList(String key, String value, String source) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String n = part.strip();
            if (!n.isEmpty()) {
                names.add(name(key, n, source));
            }
        }
        return names;
    }

    /** Every key a typo could have meant: the runtime's, the discovered providers', the plugin form. */
    private static List<String> knownKeys() {
        List<String> all = new ArrayList<>(KEYS);
        all.addAll(KnownSettings.discovered().keys());
        all.add(PLUGIN_FORM);
        return all;
    }

    // ---- builder ------------------------------------------------------------------------------

    /**
     * Builds a {@link VmapConfig}. Each setter validates its argument at once and throws
     * {@link IllegalArgumentException} naming the key and value, leaving the builder unchanged;
     * {@link #build()} checks the values against each other. Not thread-safe.
     *
     * <p>A provider setting given here ({@link #set(Setting, Object)}, {@link #set(String, String)})
     * is explicit: it wins over the kernel preset whatever order the calls came in.
     */
    public static final class Builder {
        private AddressSpace space = AddressSpace.x86_32();
        private String allocator;
        private String notifier;
        private String pagePool;
        private boolean strictDiscovery;
        private boolean discoverPlugins;
        private final Set<String> includePlugins = new LinkedHashSet<>();
        private final Set<String> excludePlugins = new LinkedHashSet<>();
        private InstallFailurePolicy onInstallFailure = InstallFailurePolicy.CONTINUE;
        private final Map<String, Map<String, String>> pluginSettings = new TreeMap<>();
        private KernelEra kernel;
        private final Settings.Builder settings = Settings.builder();

        private Builder() {}

        /** The kernel preset ({@link #KERNEL}); {@code null} for none (the default). */
        public Builder kernel(KernelEra era) {
            this.kernel = era;
            return this;
        }

        /**
         * The kernel preset by its value: {@code 4.7}, {@code 5.2}, {@code 6.x}, or {@code none}.
         *
         * @throws IllegalArgumentException naming the value and listing the valid ones; the builder
         *     is unchanged
         */
        public Builder kernel(String release) {
            return kernel(release, null);
        }

        private Builder kernel(String release, String source) {
            Objects.requireNonNull(release, KERNEL);
            if (release.strip().equalsIgnoreCase(KernelEra.NONE)) {
                return kernel((KernelEra) null);
            }
            try {
                return kernel(KernelEra.fromValue(release));
            } catch (IllegalArgumentException e) {
                throw new SettingException(KERNEL, release, source, e.getMessage(), e);
            }
        }

        /** The address space (default {@link AddressSpace#x86_32()}). */
        public Builder addressSpace(AddressSpace space) {
            this.space = Objects.requireNonNull(space, SPACE);
            return this;
        }

        /**
         * The allocator provider by name, e.g. {@code free-tree}; {@code null} for not set: the kernel
         * preset's allocator, or without a preset the highest-priority one.
         */
        public Builder allocator(String name) {
            this.allocator = name == null ? null : name(ALLOCATOR, name, Settings.BUILDER);
            return this;
        }

        /** The notifier provider by name; {@code null} for the default choice. */
        public Builder notifier(String name) {
            this.notifier = name == null ? null : name(NOTIFIER, name, Settings.BUILDER);
            return this;
        }

        /** The page-pool provider by name; {@code null} for the default choice. */
        public Builder pagePool(String name) {
            this.pagePool = name == null ? null : name(PAGE_POOL, name, Settings.BUILDER);
            return this;
        }

        /** The CPU count, at least 1 (default 4; {@link AllocatorProvider#NCPUS}). */
        public Builder ncpus(int ncpus) {
            return set(AllocatorProvider.NCPUS, ncpus);
        }

        /**
         * A provider setting (or {@link #NCPUS}), typed: {@code set(AllocatorSettings.LAZY_PURGE,
         * LazyPurgeMode.BACKGROUND)}. Explicit: it wins over the kernel preset.
         *
         * @throws SettingException if the value breaks the setting's rules; the builder is unchanged
         */
        public <T> Builder set(Setting<T> setting, T value) {
            return set(setting.key(), setting.format(value), Settings.BUILDER);
        }

        /**
         * A provider setting (or {@link #NCPUS}) by key and value as written.
         *
         * @throws SettingException if no discovered provider declares the key (naming the closest
         *     known key) or the value breaks its rules; the builder is unchanged
         */
        public Builder set(String key, String value) {
            return set(key, value, Settings.BUILDER);
        }

        private Builder set(String key, String value, String source) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, key);
            if (key.equals(NCPUS)) {
                AllocatorProvider.NCPUS.parse(value, source);
            } else if (PROVIDER_NAMESPACES.stream().anyMatch(key::startsWith)) {
                KnownSettings.discovered().check(key, value, source, knownKeys());
            } else {
                throw SettingException.unknownKey("configuration key", key, value, source, knownKeys(),
                        "; see docs/configuration.md for the keys");
            }
            settings.set(key, value, source);
            return this;
        }

        /** Removes an explicit provider setting: it goes back to the preset's value or the default. */
        public Builder unset(String key) {
            settings.remove(key);
            return this;
        }

        /** Whether any broken or refused discovery entry fails startup (default false). */
        public Builder strictDiscovery(boolean strict) {
            this.strictDiscovery = strict;
            return this;
        }

        /** Whether plugins are discovered (default false). */
        public Builder discoverPlugins(boolean discover) {
            this.discoverPlugins = discover;
            return this;
        }

        /**
         * Install only these discovered plugins (replaces the list; empty: all). A non-empty list
         * turns {@linkplain #discoverPlugins(boolean) discovery} on.
         */
        public Builder includePlugins(Collection<String> names) {
            List<String> checked = names.stream().map(n -> name(PLUGINS, n, Settings.BUILDER)).toList();
            includePlugins.clear();
            includePlugins.addAll(checked);
            if (!checked.isEmpty()) {
                discoverPlugins = true;
            }
            return this;
        }

        /** Never install these discovered plugins (replaces the list). */
        public Builder excludePlugins(Collection<String> names) {
            List<String> checked = names.stream().map(n -> name(PLUGINS_EXCLUDE, n, Settings.BUILDER)).toList();
            excludePlugins.clear();
            excludePlugins.addAll(checked);
            return this;
        }

        /** What a throwing install does (default {@link InstallFailurePolicy#CONTINUE}). */
        public Builder onInstallFailure(InstallFailurePolicy policy) {
            this.onInstallFailure = Objects.requireNonNull(policy, ON_INSTALL_FAILURE);
            return this;
        }

        /** One setting of one plugin, seen by it as {@code context.settings().get(key)}. */
        public Builder pluginSetting(String plugin, String key, String value) {
            String full = PLUGIN_PREFIX + plugin + "." + key;
            name(full, plugin, null);
            if (key == null || !SETTING_KEY.matcher(key).matches()) {
                throw new SettingException(full, value, null,
                        "the setting key '" + key + "' must be non-blank without spaces, '=' or ':'", null);
            }
            Objects.requireNonNull(value, full);
            pluginSettings.computeIfAbsent(plugin, p -> new TreeMap<>()).put(key, value);
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if a plugin is both included and excluded, or plugins are
         *     included while discovery is off
         */
        public VmapConfig build() {
            if (!includePlugins.isEmpty() && !discoverPlugins) {
                throw new IllegalArgumentException(PLUGINS + " = " + String.join(",", includePlugins) + ": names plugins to "
                        + "install from discovery, but " + DISCOVER_PLUGINS + " = false");
            }
            for (String n : includePlugins) {
                if (excludePlugins.contains(n)) {
                    throw new IllegalArgumentException(PLUGINS + " and " + PLUGINS_EXCLUDE + " both name '" + n
                            + "'; a plugin cannot be included and excluded");
                }
            }
            return new VmapConfig(this);
        }
    }
}
