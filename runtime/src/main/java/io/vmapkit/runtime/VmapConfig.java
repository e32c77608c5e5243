package io.vmapkit.runtime;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorConfig.FreeTreeSearch;
import io.vmapkit.api.spi.AllocatorConfig.LazyPurgeMode;
import io.vmapkit.api.spi.NotifierConfig;
import io.vmapkit.api.spi.NotifierConfig.DuplicatePolicy;
import io.vmapkit.api.spi.NotifierConfig.ShrinkerArithmetic;
import io.vmapkit.api.spi.PagePoolConfig;
import io.vmapkit.api.spi.PluginSettings;
import io.vmapkit.api.vmap.AddressSpace;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configuration of a {@link VmapSystem}: immutable, validated, loadable from properties.
 *
 * <p>Every value has a key; the full table, with defaults, is in {@code docs/configuration.md} and
 * in the {@code io.vmapkit.runtime} package documentation. All keys start with {@code vmapkit.}; a
 * properties source may hold other keys (they are ignored), but an <em>unknown</em> {@code vmapkit.*}
 * key is an error naming it and the closest known key, so a typo never silently falls back to a
 * default. Every error names the key and the value: {@code vmapkit.ncpus = 0: must be at least 1}.
 *
 * <p>Layering, lowest first: the defaults, a properties file ({@link #load(Path)}), builder calls,
 * then overrides ({@link #overriddenBy(Properties)}; {@link #load(Path)} and
 * {@link #fromSystemProperties()} apply {@link System#getProperties()} as the top layer, as SLF4J's
 * {@code slf4j.provider} overrides discovery without a code change).
 *
 * <p>Kernel presets: {@link #KERNEL} ({@link KernelEra}) gives every era key
 * ({@link KernelEra#KEYS}) that no layer sets explicitly the value of that Linux release.
 * Precedence, independent of layers: an explicit key, then the preset, then the default. Which era
 * keys were set explicitly is part of the configuration (kept by {@link #toBuilder()},
 * {@link #toProperties()} and {@link #overriddenBy(Properties)}, compared by {@link #equals}).
 *
 * <p>Immutable and thread-safe; {@link #equals} compares every value.
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
    /** The allocator provider's name (default: the highest-priority one discovered). */
    public static final String ALLOCATOR = "vmapkit.allocator";
    /** The notifier provider's name (default: the highest-priority one discovered). */
    public static final String NOTIFIER = "vmapkit.notifier";
    /** The page-pool provider's name (default: the highest-priority one discovered). */
    public static final String PAGE_POOL = "vmapkit.page-pool";
    /** Online CPU count for {@code lazy_max_pages()} (default 4). */
    public static final String NCPUS = "vmapkit.ncpus";
    /** Purge threshold override in pages, or {@code auto} (default: {@code fls(ncpus) * 32 MiB / page size}). */
    public static final String LAZY_MAX_PAGES = "vmapkit.allocator.lazy-max-pages";
    /** Cap on purge-notifier rounds per allocation, or {@code unlimited} (default 8). */
    public static final String MAX_NOTIFIER_ROUNDS = "vmapkit.allocator.max-notifier-rounds";
    /** Threshold purges: {@code sync} (default) or {@code background}. */
    public static final String LAZY_PURGE = "vmapkit.allocator.lazy-purge";
    /** Whether non-blocking requests skip the notifier chain (default true, the 4.7–5.14 era). */
    public static final String NON_BLOCKING_SKIPS_NOTIFIER = "vmapkit.allocator.non-blocking-skips-notifier";
    /** Whether the allocator checks its invariants after every operation (default false). */
    public static final String DEBUG_CHECKS = "vmapkit.allocator.debug-checks";
    /** Whether requests that can never fit their window are refused up front (default true; D3). */
    public static final String REJECT_IMPOSSIBLE = "vmapkit.allocator.reject-impossible";
    /** Whether the overflow purge of a non-blocking request only try-locks (default true; D12). */
    public static final String NON_BLOCKING_PURGE_TRYLOCK = "vmapkit.allocator.non-blocking-purge-trylock";
    /** The free-tree search length: {@code lowest-fit} (default), {@code 5.2} or {@code 6.x} (D14). */
    public static final String FREE_TREE_SEARCH = "vmapkit.allocator.free-tree-search";
    /** Cap on OOM-chain rounds per page allocation, or {@code unlimited} (default 8; D21). */
    public static final String MAX_OOM_ROUNDS = "vmapkit.page-pool.max-oom-rounds";
    /** Pages in the physical page pool (default 262144: 1 GiB of 4 KiB pages). */
    public static final String PAGE_POOL_PAGES = "vmapkit.page-pool.pages";
    /** Consecutive failures before a notifier block or shrinker is quarantined; 0 never (default 3). */
    public static final String QUARANTINE_AFTER = "vmapkit.notifier.quarantine-after";
    /** Registering a block twice: {@code reject} (default) or {@code warn-and-ignore}. */
    public static final String DUPLICATE_BLOCKS = "vmapkit.notifier.duplicate-blocks";
    /** Whether NO_WARN suppresses the overflow warning (default true; false before ≈4.12). */
    public static final String HONOUR_NO_WARN = "vmapkit.allocator.honour-no-warn";
    /** Whether an empty purge is reported too (default false; true in 6.x). */
    public static final String TRACE_EMPTY_PURGE = "vmapkit.allocator.trace-empty-purge";
    /** The {@code do_shrink_slab} arithmetic: {@code 5.13} (default), {@code 4.16} or {@code 3.12}. */
    public static final String SHRINKER_ARITHMETIC = "vmapkit.notifier.shrinker-arithmetic";
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
     * A kernel preset: {@code 4.7}, {@code 5.2}, {@code 6.x} or {@code none} (default): sets every key
     * of {@link KernelEra#KEYS} to that release's behaviour; explicit keys win over it.
     */
    public static final String KERNEL = "vmapkit.kernel";
    /** Prefix of per-plugin settings, {@code vmapkit.plugin.<name>.<key>}. */
    public static final String PLUGIN_PREFIX = PluginSettings.KEY_PREFIX;

    /** Every fixed key (per-plugin settings aside), for typo detection. */
    public static final List<String> KEYS = List.of(SPACE, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE, SPACE_RESERVE,
            ALLOCATOR, NOTIFIER, PAGE_POOL, NCPUS, LAZY_MAX_PAGES, MAX_NOTIFIER_ROUNDS, LAZY_PURGE,
            NON_BLOCKING_SKIPS_NOTIFIER, DEBUG_CHECKS, PAGE_POOL_PAGES, QUARANTINE_AFTER, DUPLICATE_BLOCKS,
            STRICT_DISCOVERY, DISCOVER_PLUGINS, PLUGINS, PLUGINS_EXCLUDE, ON_INSTALL_FAILURE,
            REJECT_IMPOSSIBLE, NON_BLOCKING_PURGE_TRYLOCK, FREE_TREE_SEARCH, MAX_OOM_ROUNDS, SHRINKER_ARITHMETIC,
            HONOUR_NO_WARN, TRACE_EMPTY_PURGE, KERNEL);

    /** The default CPU count: the "4-CPU box" of the kernel model, threshold 96 MiB. */
    public static final int DEFAULT_NCPUS = 4;

    /** The default page-pool size in pages. */
    public static final long DEFAULT_PAGE_POOL_PAGES = 262_144;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+-]*");
    private static final Pattern SETTING_KEY = Pattern.compile("[^\\s=:]+");
    private static final VmapConfig DEFAULTS = builder().build();

    private final AddressSpace space;
    private final String allocator;
    private final String notifier;
    private final String pagePool;
    private final int ncpus;
    private final long lazyMaxPages;
    private final int maxNotifierRounds;
    private final LazyPurgeMode lazyPurgeMode;
    private final boolean nonBlockingSkipsNotifier;
    private final boolean debugChecks;
    private final long pagePoolPages;
    private final int quarantineAfter;
    private final DuplicatePolicy duplicatePolicy;
    private final boolean strictDiscovery;
    private final boolean discoverPlugins;
    private final Set<String> includePlugins;
    private final Set<String> excludePlugins;
    private final InstallFailurePolicy onInstallFailure;
    private final Map<String, Map<String, String>> pluginSettings;
    private final boolean rejectImpossibleRequests;
    private final boolean nonBlockingPurgeTrylock;
    private final FreeTreeSearch freeTreeSearch;
    private final int maxOomRounds;
    private final ShrinkerArithmetic shrinkerArithmetic;
    private final boolean honourNoWarn;
    private final boolean traceEmptyPurge;
    private final KernelEra kernel;
    private final Set<String> explicitEraKeys;

    private VmapConfig(Builder b) {
        this.space = b.space;
        this.allocator = b.allocator;
        this.notifier = b.notifier;
        this.pagePool = b.pagePool;
        this.ncpus = b.ncpus;
        this.lazyMaxPages = b.lazyMaxPages;
        this.maxNotifierRounds = b.maxNotifierRounds;
        this.lazyPurgeMode = b.lazyPurgeMode;
        this.nonBlockingSkipsNotifier = b.nonBlockingSkipsNotifier;
        this.debugChecks = b.debugChecks;
        this.pagePoolPages = b.pagePoolPages;
        this.quarantineAfter = b.quarantineAfter;
        this.duplicatePolicy = b.duplicatePolicy;
        this.strictDiscovery = b.strictDiscovery;
        this.discoverPlugins = b.discoverPlugins;
        this.includePlugins = Collections.unmodifiableSet(new LinkedHashSet<>(b.includePlugins));
        this.excludePlugins = Collections.unmodifiableSet(new LinkedHashSet<>(b.excludePlugins));
        this.onInstallFailure = b.onInstallFailure;
        Map<String, Map<String, String>> settings = new TreeMap<>();
        b.pluginSettings.forEach((plugin, kv) -> settings.put(plugin, Collections.unmodifiableMap(new TreeMap<>(kv))));
        this.pluginSettings = Collections.unmodifiableMap(settings);
        this.rejectImpossibleRequests = b.rejectImpossibleRequests;
        this.nonBlockingPurgeTrylock = b.nonBlockingPurgeTrylock;
        this.freeTreeSearch = b.freeTreeSearch;
        this.maxOomRounds = b.maxOomRounds;
        this.shrinkerArithmetic = b.shrinkerArithmetic;
        this.honourNoWarn = b.honourNoWarn;
        this.traceEmptyPurge = b.traceEmptyPurge;
        this.kernel = b.kernel;
        this.explicitEraKeys = Collections.unmodifiableSet(new TreeSet<>(b.explicitEraKeys));
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

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.space = space;
        b.allocator = allocator;
        b.notifier = notifier;
        b.pagePool = pagePool;
        b.ncpus = ncpus;
        b.lazyMaxPages = lazyMaxPages;
        b.maxNotifierRounds = maxNotifierRounds;
        b.lazyPurgeMode = lazyPurgeMode;
        b.nonBlockingSkipsNotifier = nonBlockingSkipsNotifier;
        b.debugChecks = debugChecks;
        b.pagePoolPages = pagePoolPages;
        b.quarantineAfter = quarantineAfter;
        b.duplicatePolicy = duplicatePolicy;
        b.strictDiscovery = strictDiscovery;
        b.discoverPlugins = discoverPlugins;
        b.includePlugins.addAll(includePlugins);
        b.excludePlugins.addAll(excludePlugins);
        b.onInstallFailure = onInstallFailure;
        pluginSettings.forEach((p, kv) -> b.pluginSettings.put(p, new TreeMap<>(kv)));
        b.rejectImpossibleRequests = rejectImpossibleRequests;
        b.nonBlockingPurgeTrylock = nonBlockingPurgeTrylock;
        b.freeTreeSearch = freeTreeSearch;
        b.maxOomRounds = maxOomRounds;
        b.shrinkerArithmetic = shrinkerArithmetic;
        b.honourNoWarn = honourNoWarn;
        b.traceEmptyPurge = traceEmptyPurge;
        b.kernel = kernel;
        b.explicitEraKeys.addAll(explicitEraKeys);
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
     * Reads a properties file (ISO-8859-1 escapes as {@link Properties#load(Reader)} reads UTF-8
     * text), then applies {@link System#getProperties()} on top.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, key and value of a bad entry
     */
    public static VmapConfig load(Path file) throws IOException {
        return load(file, System.getProperties());
    }

    /**
     * Reads a properties file, then applies {@code overrides} on top.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, key and value of a bad entry
     */
    public static VmapConfig load(Path file, Properties overrides) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        VmapConfig fromFile;
        try {
            fromFile = fromProperties(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return fromFile.overriddenBy(overrides);
    }

    /** The defaults overridden by the {@code vmapkit.*} system properties. */
    public static VmapConfig fromSystemProperties() {
        return DEFAULTS.overriddenBy(System.getProperties());
    }

    /**
     * This configuration with the {@code vmapkit.*} keys of {@code properties} applied on top; other
     * keys are ignored. Space keys combine with this configuration's space: overriding only
     * {@link #SPACE_SIZE} of a custom space keeps its start.
     *
     * @throws IllegalArgumentException naming the key and value of the first bad or unknown entry
     *     (keys are checked in sorted order); this configuration is unchanged
     */
    public VmapConfig overriddenBy(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        Map<String, String> given = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("vmapkit.")) {
                given.put(key, properties.getProperty(key).strip());
            }
        }
        if (given.isEmpty()) {
            return this;
        }
        Builder b = toBuilder();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key.startsWith(PLUGIN_PREFIX)) {
                String rest = key.substring(PLUGIN_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw bad(key, value, "per-plugin settings are written " + PLUGIN_PREFIX + "<name>.<key>");
                }
                b.pluginSetting(rest.substring(0, dot), rest.substring(dot + 1), value);
                continue;
            }
            switch (key) {
                case SPACE: case SPACE_START: case SPACE_SIZE: case SPACE_PAGE_SIZE: case SPACE_RESERVE:
                    break; // combined below
                case KERNEL: b.kernel(value); break;
                case ALLOCATOR: b.allocator(value); break;
                case NOTIFIER: b.notifier(value); break;
                case PAGE_POOL: b.pagePool(value); break;
                case NCPUS: b.ncpus(parseInt(key, value)); break;
                case LAZY_MAX_PAGES:
                    b.lazyMaxPages(value.equalsIgnoreCase("auto") ? 0 : parseLong(key, value));
                    break;
                case MAX_NOTIFIER_ROUNDS: b.maxNotifierRounds(parseRoundCap(key, value)); break;
                case MAX_OOM_ROUNDS: b.maxOomRounds(parseRoundCap(key, value)); break;
                case REJECT_IMPOSSIBLE: b.rejectImpossibleRequests(parseBoolean(key, value)); break;
                case NON_BLOCKING_PURGE_TRYLOCK: b.nonBlockingPurgeTrylock(parseBoolean(key, value)); break;
                case FREE_TREE_SEARCH: b.freeTreeSearch(parseFreeTreeSearch(key, value)); break;
                case SHRINKER_ARITHMETIC: b.shrinkerArithmetic(parseShrinkerArithmetic(key, value)); break;
                case HONOUR_NO_WARN: b.honourNoWarn(parseBoolean(key, value)); break;
                case TRACE_EMPTY_PURGE: b.traceEmptyPurge(parseBoolean(key, value)); break;
                case LAZY_PURGE: b.lazyPurgeMode(parseEnum(key, value, LazyPurgeMode.class)); break;
                case NON_BLOCKING_SKIPS_NOTIFIER: b.nonBlockingSkipsNotifier(parseBoolean(key, value)); break;
                case DEBUG_CHECKS: b.debugChecks(parseBoolean(key, value)); break;
                case PAGE_POOL_PAGES: b.pagePoolPages(parseLong(key, value)); break;
                case QUARANTINE_AFTER: b.quarantineAfter(parseInt(key, value)); break;
                case DUPLICATE_BLOCKS: b.duplicatePolicy(parseEnum(key, value, DuplicatePolicy.class)); break;
                case STRICT_DISCOVERY: b.strictDiscovery(parseBoolean(key, value)); break;
                case DISCOVER_PLUGINS: b.discoverPlugins(parseBoolean(key, value)); break;
                case PLUGINS: b.includePlugins(parseList(value)); break;
                case PLUGINS_EXCLUDE: b.excludePlugins(parseList(value)); break;
                case ON_INSTALL_FAILURE: b.onInstallFailure(parseEnum(key, value, InstallFailurePolicy.class)); break;
                default:
                    throw new IllegalArgumentException("unknown configuration key '" + key + "'"
                            + closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("")
                            + "; see docs/configuration.md for the keys");
            }
        }
        if (given.keySet().stream().anyMatch(k -> k.equals(SPACE) || k.startsWith(SPACE + "."))) {
            b.addressSpace(space(given));
        }
        return b.build();
    }

    private AddressSpace space(Map<String, String> given) {
        String preset = given.getOrDefault(SPACE, presetOf(space));
        switch (preset) {
            case "x86_64":
                onlyFor(given, preset, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE, SPACE_RESERVE);
                return AddressSpace.x86_64();
            case "x86_32": {
                onlyFor(given, preset, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE);
                long reserve = given.containsKey(SPACE_RESERVE) ? parseSize(SPACE_RESERVE, given.get(SPACE_RESERVE))
                        : presetOf(space).equals("x86_32") ? x86_32Reserve(space) : AddressSpace.X86_32_DEFAULT_RESERVE;
                try {
                    return AddressSpace.x86_32(reserve);
                } catch (IllegalArgumentException e) {
                    throw bad(SPACE_RESERVE, given.getOrDefault(SPACE_RESERVE, Long.toString(reserve)), e.getMessage());
                }
            }
            case "custom": {
                onlyFor(given, preset, SPACE_RESERVE);
                long start = given.containsKey(SPACE_START) ? parseAddress(SPACE_START, given.get(SPACE_START)) : space.start();
                long size = given.containsKey(SPACE_SIZE) ? parseSize(SPACE_SIZE, given.get(SPACE_SIZE)) : space.size();
                int pageSize = given.containsKey(SPACE_PAGE_SIZE)
                        ? parseInt(SPACE_PAGE_SIZE, given.get(SPACE_PAGE_SIZE)) : space.pageSize();
                try {
                    return AddressSpace.of("custom", start, size, pageSize);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(SPACE_START + " = " + Addresses.hex(start) + ", " + SPACE_SIZE
                            + " = " + Long.toUnsignedString(size) + ", " + SPACE_PAGE_SIZE + " = " + pageSize + ": "
                            + e.getMessage(), e);
                }
            }
            default:
                throw bad(SPACE, preset, "unknown preset; use x86_32, x86_64 or custom");
        }
    }

    private static void onlyFor(Map<String, String> given, String preset, String... keys) {
        for (String k : keys) {
            if (given.containsKey(k)) {
                String owner = k.equals(SPACE_RESERVE) ? "vmapkit.space=x86_32" : "vmapkit.space=custom";
                throw bad(k, given.get(k), "applies only to " + owner + ", but the space is " + preset);
            }
        }
    }

    private static String presetOf(AddressSpace s) {
        if (s.equals(AddressSpace.x86_64())) {
            return "x86_64";
        }
        if (s.name().equals("x86_32") && s.pageSize() == AddressSpace.DEFAULT_PAGE_SIZE
                && s.end() == AddressSpace.X86_32_VMALLOC_END) {
            return "x86_32";
        }
        return "custom";
    }

    private static long x86_32Reserve(AddressSpace s) {
        return s.size() + AddressSpace.X86_32_VMALLOC_OFFSET;
    }

    // ---- values -------------------------------------------------------------------------------

    /** The address space ({@link #SPACE} and its sub-keys). */
    public AddressSpace space() {
        return space;
    }

    /** The allocator provider's name ({@link #ALLOCATOR}); empty: the highest-priority one. */
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

    /** The CPU count for {@code lazy_max_pages()} ({@link #NCPUS}). */
    public int ncpus() {
        return ncpus;
    }

    /** The purge-threshold override in pages, 0 for the computed value ({@link #LAZY_MAX_PAGES}). */
    public long lazyMaxPagesOverride() {
        return lazyMaxPages;
    }

    /**
     * The purge threshold in pages: the override, or {@code fls(ncpus) * (32 MiB / page size)} as
     * the kernel computes {@code lazy_max_pages()}.
     */
    public long lazyMaxPages() {
        return lazyMaxPages > 0 ? lazyMaxPages
                : Addresses.fls(ncpus) * (AllocatorConfig.LAZY_BYTES_PER_FLS / space.pageSize());
    }

    /** The notifier round cap, or {@link AllocatorConfig#UNLIMITED_NOTIFIER_ROUNDS} ({@link #MAX_NOTIFIER_ROUNDS}). */
    public int maxNotifierRounds() {
        return maxNotifierRounds;
    }

    /** How threshold purges run ({@link #LAZY_PURGE}). */
    public LazyPurgeMode lazyPurgeMode() {
        return lazyPurgeMode;
    }

    /** Whether non-blocking requests skip the notifier ({@link #NON_BLOCKING_SKIPS_NOTIFIER}). */
    public boolean nonBlockingSkipsNotifier() {
        return nonBlockingSkipsNotifier;
    }

    /** Whether the allocator checks invariants after every operation ({@link #DEBUG_CHECKS}). */
    public boolean debugChecks() {
        return debugChecks;
    }

    /** Pages in the page pool ({@link #PAGE_POOL_PAGES}). */
    public long pagePoolPages() {
        return pagePoolPages;
    }

    /** Consecutive failures before quarantine, 0 for never ({@link #QUARANTINE_AFTER}). */
    public int quarantineAfter() {
        return quarantineAfter;
    }

    /** What registering a block twice does ({@link #DUPLICATE_BLOCKS}). */
    public DuplicatePolicy duplicatePolicy() {
        return duplicatePolicy;
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

    /** Whether requests that can never fit their window are refused up front ({@link #REJECT_IMPOSSIBLE}). */
    public boolean rejectImpossibleRequests() {
        return rejectImpossibleRequests;
    }

    /** Whether NO_WARN suppresses the overflow warning ({@link #HONOUR_NO_WARN}). */
    public boolean honourNoWarn() {
        return honourNoWarn;
    }

    /** Whether an empty purge is reported too ({@link #TRACE_EMPTY_PURGE}). */
    public boolean traceEmptyPurge() {
        return traceEmptyPurge;
    }

    /** The {@code do_shrink_slab} arithmetic of shrinker registries ({@link #SHRINKER_ARITHMETIC}). */
    public ShrinkerArithmetic shrinkerArithmetic() {
        return shrinkerArithmetic;
    }

    /** Whether the overflow purge of a non-blocking request only try-locks ({@link #NON_BLOCKING_PURGE_TRYLOCK}). */
    public boolean nonBlockingPurgeTrylock() {
        return nonBlockingPurgeTrylock;
    }

    /** The free-tree search length ({@link #FREE_TREE_SEARCH}). */
    public FreeTreeSearch freeTreeSearch() {
        return freeTreeSearch;
    }

    /** The OOM-round cap of the page pool, or {@link PagePoolConfig#UNLIMITED_OOM_ROUNDS} ({@link #MAX_OOM_ROUNDS}). */
    public int maxOomRounds() {
        return maxOomRounds;
    }

    /** The kernel preset ({@link #KERNEL}); empty: none, so the era keys not given explicitly hold vmapkit's defaults. */
    public Optional<KernelEra> kernel() {
        return Optional.ofNullable(kernel);
    }

    /**
     * Whether the era key {@code key} (one of {@link KernelEra#KEYS}) was given explicitly, by a
     * builder call or a properties entry of any layer, rather than coming from the kernel preset or
     * the default.
     */
    boolean explicit(String key) {
        return explicitEraKeys.contains(key);
    }

    /**
     * {@code key} for messages about its value: the key itself, or, for an era key whose value came
     * from the kernel preset, the key and the preset that set it.
     */
    String describe(String key) {
        return kernel != null && KernelEra.KEYS.contains(key) && !explicit(key)
                ? key + " (set by " + KERNEL + "=" + kernel.value() + ")" : key;
    }

    /**
     * The effective value of every era key, in {@link KernelEra#KEYS} order, spelled as in
     * properties; an allocator left to priority is left out.
     */
    Map<String, String> eraValues() {
        Map<String, String> m = new LinkedHashMap<>();
        if (allocator != null) {
            m.put(ALLOCATOR, allocator);
        }
        m.put(FREE_TREE_SEARCH, freeTreeSearch.value());
        m.put(NON_BLOCKING_SKIPS_NOTIFIER, Boolean.toString(nonBlockingSkipsNotifier));
        m.put(LAZY_PURGE, enumValue(lazyPurgeMode));
        m.put(DUPLICATE_BLOCKS, enumValue(duplicatePolicy));
        m.put(MAX_NOTIFIER_ROUNDS, roundCapValue(maxNotifierRounds));
        m.put(MAX_OOM_ROUNDS, roundCapValue(maxOomRounds));
        m.put(QUARANTINE_AFTER, Integer.toString(quarantineAfter));
        m.put(REJECT_IMPOSSIBLE, Boolean.toString(rejectImpossibleRequests));
        m.put(NON_BLOCKING_PURGE_TRYLOCK, Boolean.toString(nonBlockingPurgeTrylock));
        m.put(SHRINKER_ARITHMETIC, shrinkerArithmetic.value());
        m.put(HONOUR_NO_WARN, Boolean.toString(honourNoWarn));
        m.put(TRACE_EMPTY_PURGE, Boolean.toString(traceEmptyPurge));
        return m;
    }

    /** The {@link AllocatorConfig} builder these values give, before the runtime adds its parts. */
    AllocatorConfig.Builder allocatorConfig() {
        AllocatorConfig.Builder b = AllocatorConfig.builder(space)
                .ncpus(ncpus)
                .maxNotifierRounds(maxNotifierRounds)
                .lazyPurgeMode(lazyPurgeMode)
                .nonBlockingSkipsNotifier(nonBlockingSkipsNotifier)
                .debugChecks(debugChecks)
                .rejectImpossibleRequests(rejectImpossibleRequests)
                .nonBlockingPurgeTrylock(nonBlockingPurgeTrylock)
                .freeTreeSearch(freeTreeSearch)
                .honourNoWarn(honourNoWarn)
                .traceEmptyPurge(traceEmptyPurge);
        if (lazyMaxPages > 0) {
            b.lazyMaxPages(lazyMaxPages);
        }
        return b;
    }

    /** The {@link NotifierConfig} builder these values give, before the runtime adds its parts. */
    NotifierConfig.Builder notifierConfig() {
        return NotifierConfig.builder().quarantineAfter(quarantineAfter).duplicatePolicy(duplicatePolicy)
                .shrinkerArithmetic(shrinkerArithmetic);
    }

    /**
     * Every value as properties, such that {@code fromProperties(c.toProperties()).equals(c)}. Keys
     * holding a default are included too, with one exception: an era key ({@link KernelEra#KEYS})
     * appears only if it was given explicitly, so that the result keeps where each value came from
     * ({@link #KERNEL} is always written, {@code none} without a preset). Changing
     * {@code vmapkit.kernel} in the result therefore changes every era key it did not pin. The
     * effective value of every key, era keys included, is in {@link #toString()}.
     */
    public Properties toProperties() {
        Properties p = new Properties();
        String preset = presetOf(space);
        p.setProperty(SPACE, preset);
        if (preset.equals("x86_32")) {
            p.setProperty(SPACE_RESERVE, Long.toString(x86_32Reserve(space)));
        } else if (preset.equals("custom")) {
            p.setProperty(SPACE_START, Addresses.hex(space.start()));
            p.setProperty(SPACE_SIZE, Long.toUnsignedString(space.size()));
            p.setProperty(SPACE_PAGE_SIZE, Integer.toString(space.pageSize()));
        }
        p.setProperty(KERNEL, kernel == null ? KernelEra.NONE : kernel.value());
        eraValues().forEach((k, v) -> {
            if (explicit(k)) {
                p.setProperty(k, v);
            }
        });
        if (notifier != null) {
            p.setProperty(NOTIFIER, notifier);
        }
        if (pagePool != null) {
            p.setProperty(PAGE_POOL, pagePool);
        }
        p.setProperty(NCPUS, Integer.toString(ncpus));
        p.setProperty(LAZY_MAX_PAGES, lazyMaxPages == 0 ? "auto" : Long.toString(lazyMaxPages));
        p.setProperty(DEBUG_CHECKS, Boolean.toString(debugChecks));
        p.setProperty(PAGE_POOL_PAGES, Long.toString(pagePoolPages));
        p.setProperty(STRICT_DISCOVERY, Boolean.toString(strictDiscovery));
        p.setProperty(DISCOVER_PLUGINS, Boolean.toString(discoverPlugins));
        p.setProperty(PLUGINS, String.join(",", includePlugins));
        p.setProperty(PLUGINS_EXCLUDE, String.join(",", excludePlugins));
        p.setProperty(ON_INSTALL_FAILURE, enumValue(onInstallFailure));
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
        return space.equals(c.space) && Objects.equals(allocator, c.allocator) && Objects.equals(notifier, c.notifier)
                && Objects.equals(pagePool, c.pagePool) && ncpus == c.ncpus && lazyMaxPages == c.lazyMaxPages
                && maxNotifierRounds == c.maxNotifierRounds && lazyPurgeMode == c.lazyPurgeMode
                && nonBlockingSkipsNotifier == c.nonBlockingSkipsNotifier && debugChecks == c.debugChecks
                && pagePoolPages == c.pagePoolPages && quarantineAfter == c.quarantineAfter
                && duplicatePolicy == c.duplicatePolicy && strictDiscovery == c.strictDiscovery
                && discoverPlugins == c.discoverPlugins && includePlugins.equals(c.includePlugins)
                && excludePlugins.equals(c.excludePlugins) && onInstallFailure == c.onInstallFailure
                && pluginSettings.equals(c.pluginSettings) && rejectImpossibleRequests == c.rejectImpossibleRequests
                && nonBlockingPurgeTrylock == c.nonBlockingPurgeTrylock && freeTreeSearch == c.freeTreeSearch
                && maxOomRounds == c.maxOomRounds && shrinkerArithmetic == c.shrinkerArithmetic
                && honourNoWarn == c.honourNoWarn && traceEmptyPurge == c.traceEmptyPurge && kernel == c.kernel
                && explicitEraKeys.equals(c.explicitEraKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(space, allocator, notifier, pagePool, ncpus, lazyMaxPages, maxNotifierRounds, lazyPurgeMode,
                nonBlockingSkipsNotifier, debugChecks, pagePoolPages, quarantineAfter, duplicatePolicy, strictDiscovery,
                discoverPlugins, includePlugins, excludePlugins, onInstallFailure, pluginSettings, rejectImpossibleRequests,
                nonBlockingPurgeTrylock, freeTreeSearch, maxOomRounds, shrinkerArithmetic, honourNoWarn, traceEmptyPurge, kernel,
                explicitEraKeys);
    }

    /**
     * The effective values, one {@code key=value} per line, sorted by key; an era key not given
     * explicitly is followed by where its value comes from: {@code (kernel 4.7)} or {@code (default)}.
     */
    @Override
    public String toString() {
        Map<String, String> lines = new TreeMap<>();
        toProperties().forEach((k, v) -> lines.put((String) k, (String) v));
        String source = kernel == null ? " (default)" : " (kernel " + kernel.value() + ")";
        eraValues().forEach((k, v) -> lines.putIfAbsent(k, v + source));
        StringBuilder sb = new StringBuilder("VmapConfig[");
        lines.forEach((k, v) -> sb.append("\n  ").append(k).append('=').append(v));
        return sb.append("\n]").toString();
    }

    // ---- parsing ------------------------------------------------------------------------------

    private static IllegalArgumentException bad(String key, Object value, String why) {
        return new IllegalArgumentException(key + " = " + value + ": " + why);
    }

    static int parseInt(String key, String value) {
        long v = parseLong(key, value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad(key, value, "out of range for an int");
        }
        return (int) v;
    }

    /**
     * A cap on callback rounds ({@link #MAX_NOTIFIER_ROUNDS}, {@link #MAX_OOM_ROUNDS}): an integer,
     * or {@code unlimited} for {@link AllocatorConfig#UNLIMITED_NOTIFIER_ROUNDS} (the same value as
     * {@link PagePoolConfig#UNLIMITED_OOM_ROUNDS}); the builder checks the range.
     */
    static int parseRoundCap(String key, String value) {
        return value.equalsIgnoreCase("unlimited") ? AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS : parseInt(key, value);
    }

    /** {@link #parseRoundCap}'s inverse. */
    private static String roundCapValue(int cap) {
        return cap == AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS ? "unlimited" : Integer.toString(cap);
    }

    /** A {@link FreeTreeSearch} by its spelling: {@code lowest-fit}, {@code 5.2} or {@code 6.x}. */
    static FreeTreeSearch parseFreeTreeSearch(String key, String value) {
        try {
            return FreeTreeSearch.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, e.getMessage());
        }
    }

    static ShrinkerArithmetic parseShrinkerArithmetic(String key, String value) {
        try {
            return ShrinkerArithmetic.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, e.getMessage());
        }
    }

    static long parseLong(String key, String value) {
        try {
            String v = value.replace("_", "");
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, value, "not an integer");
        }
    }

    /** An unsigned 64-bit address: decimal or 0x hex. */
    static long parseAddress(String key, String value) {
        try {
            String v = value.replace("_", "");
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, value, "not an unsigned 64-bit address (decimal or 0x hex)");
        }
    }

    /** An unsigned 64-bit size: decimal, 0x hex, or a decimal with K, M, G, T (or KiB…TiB; binary). */
    static long parseSize(String key, String value) {
        String v = value.replace("_", "").strip();
        String upper = v.toUpperCase(Locale.ROOT);
        int shift = 0;
        String[][] units = {{"KIB", "10"}, {"MIB", "20"}, {"GIB", "30"}, {"TIB", "40"},
            {"K", "10"}, {"M", "20"}, {"G", "30"}, {"T", "40"}};
        for (String[] u : units) {
            if (upper.endsWith(u[0]) && !upper.startsWith("0X")) {
                shift = Integer.parseInt(u[1]);
                v = v.substring(0, v.length() - u[0].length()).strip();
                break;
            }
        }
        long n = parseAddress(key, v.isEmpty() ? value : v);
        if (shift > 0 && Long.compareUnsigned(n, -1L >>> shift) > 0) {
            throw bad(key, value, "does not fit in 64 bits");
        }
        return n << shift;
    }

    static boolean parseBoolean(String key, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(key, value, "not a boolean; use true or false");
    }

    static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
        String wanted = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
            known.add(enumValue(e));
        }
        throw bad(key, value, "unknown value; use one of " + String.join(", ", known));
    }

    private static String enumValue(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static List<String> parseList(String value) {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String n = part.strip();
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    /**
     * The known key {@code key} was probably meant to be, by the plugin settings' rule
     * ({@link PluginSettings#closest}); a misspelt {@code vmapkit.plugin.} prefix suggests the form
     * of per-plugin settings instead.
     */
    private static Optional<String> closest(String key) {
        if (key.startsWith("vmapkit.plugin") && !key.startsWith("vmapkit.plugins.")) {
            int d = PluginSettings.editDistance(key.substring(0, Math.min(key.length(), PLUGIN_PREFIX.length())),
                    PLUGIN_PREFIX);
            if (d <= 2 && KEYS.stream().allMatch(k -> PluginSettings.editDistance(key, k) > d)) {
                return Optional.of(PLUGIN_PREFIX + "<name>.<key>");
            }
        }
        return PluginSettings.closest(key, KEYS);
    }

    private static String name(String key, String value) {
        Objects.requireNonNull(value, key);
        if (!NAME.matcher(value).matches()) {
            throw bad(key, "'" + value + "'", "not a name; names are words of letters, digits, '_', '+' and '-'");
        }
        return value;
    }

    // ---- builder ------------------------------------------------------------------------------

    /**
     * Builds a {@link VmapConfig}. Each setter validates its argument at once and throws
     * {@link IllegalArgumentException} naming the key and value, leaving the builder unchanged;
     * {@link #build()} checks the values against each other. Not thread-safe.
     *
     * <p>A setter of an era key ({@link KernelEra#KEYS}) pins that key: {@link #build()} gives every
     * other era key the {@linkplain #kernel(KernelEra) kernel preset}'s value, or the default without
     * one, whatever order the calls came in. Precedence: explicit key, then preset, then default.
     */
    public static final class Builder {
        private AddressSpace space = AddressSpace.x86_32();
        private String allocator;
        private String notifier;
        private String pagePool;
        private int ncpus = DEFAULT_NCPUS;
        private long lazyMaxPages;
        private int maxNotifierRounds = AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS;
        private LazyPurgeMode lazyPurgeMode = LazyPurgeMode.SYNC;
        private boolean nonBlockingSkipsNotifier = true;
        private boolean debugChecks;
        private long pagePoolPages = DEFAULT_PAGE_POOL_PAGES;
        private int quarantineAfter = NotifierConfig.DEFAULT_QUARANTINE_AFTER;
        private DuplicatePolicy duplicatePolicy = DuplicatePolicy.REJECT;
        private boolean strictDiscovery;
        private boolean discoverPlugins;
        private final Set<String> includePlugins = new LinkedHashSet<>();
        private final Set<String> excludePlugins = new LinkedHashSet<>();
        private InstallFailurePolicy onInstallFailure = InstallFailurePolicy.CONTINUE;
        private final Map<String, Map<String, String>> pluginSettings = new TreeMap<>();
        private boolean rejectImpossibleRequests = true;
        private boolean nonBlockingPurgeTrylock = true;
        private FreeTreeSearch freeTreeSearch = FreeTreeSearch.LOWEST_FIT;
        private int maxOomRounds = PagePoolConfig.DEFAULT_MAX_OOM_ROUNDS;
        private ShrinkerArithmetic shrinkerArithmetic = ShrinkerArithmetic.KERNEL_5_13;
        private boolean honourNoWarn = true;
        private boolean traceEmptyPurge;
        private KernelEra kernel;
        private final Set<String> explicitEraKeys = new TreeSet<>();

        private Builder() {}

        /**
         * The kernel preset ({@link #KERNEL}): every era key ({@link KernelEra#KEYS}) not set
         * explicitly takes that release's value; {@code null} for none (the default), so those keys
         * hold vmapkit's defaults.
         */
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
            Objects.requireNonNull(release, KERNEL);
            if (release.strip().equalsIgnoreCase(KernelEra.NONE)) {
                return kernel((KernelEra) null);
            }
            try {
                return kernel(KernelEra.fromValue(release));
            } catch (IllegalArgumentException e) {
                throw bad(KERNEL, release, e.getMessage());
            }
        }

        private void pin(String eraKey) {
            explicitEraKeys.add(eraKey);
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
            this.allocator = name == null ? null : name(ALLOCATOR, name);
            if (name == null) {
                explicitEraKeys.remove(ALLOCATOR);
            } else {
                pin(ALLOCATOR);
            }
            return this;
        }

        /** The notifier provider by name; {@code null} for the default choice. */
        public Builder notifier(String name) {
            this.notifier = name == null ? null : name(NOTIFIER, name);
            return this;
        }

        /** The page-pool provider by name; {@code null} for the default choice. */
        public Builder pagePool(String name) {
            this.pagePool = name == null ? null : name(PAGE_POOL, name);
            return this;
        }

        /** The CPU count for {@code lazy_max_pages()}, at least 1 (default 4). */
        public Builder ncpus(int ncpus) {
            if (ncpus < 1) {
                throw bad(NCPUS, ncpus, "must be at least 1");
            }
            this.ncpus = ncpus;
            return this;
        }

        /** The purge threshold in pages; 0 restores the computed value. */
        public Builder lazyMaxPages(long pages) {
            if (pages < 0) {
                throw bad(LAZY_MAX_PAGES, pages, "must be at least 1, or auto (0) for fls(ncpus) * 32 MiB / page size");
            }
            this.lazyMaxPages = pages;
            return this;
        }

        /** The notifier round cap: at least 1, or {@link AllocatorConfig#UNLIMITED_NOTIFIER_ROUNDS} (default 8). */
        public Builder maxNotifierRounds(int rounds) {
            this.maxNotifierRounds = checkRoundCap(MAX_NOTIFIER_ROUNDS, rounds);
            pin(MAX_NOTIFIER_ROUNDS);
            return this;
        }

        /** The page pool's OOM-round cap: at least 1, or {@link PagePoolConfig#UNLIMITED_OOM_ROUNDS} (default 8). */
        public Builder maxOomRounds(int rounds) {
            this.maxOomRounds = checkRoundCap(MAX_OOM_ROUNDS, rounds);
            pin(MAX_OOM_ROUNDS);
            return this;
        }

        private static int checkRoundCap(String key, int rounds) {
            if (rounds < 1 && rounds != AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS) {
                throw bad(key, rounds, "must be at least 1, or unlimited");
            }
            return rounds;
        }

        /** Whether requests that can never fit their window are refused up front (default true). */
        public Builder rejectImpossibleRequests(boolean reject) {
            this.rejectImpossibleRequests = reject;
            pin(REJECT_IMPOSSIBLE);
            return this;
        }

        /** Whether the overflow purge of a non-blocking request only try-locks (default true). */
        public Builder nonBlockingPurgeTrylock(boolean trylock) {
            this.nonBlockingPurgeTrylock = trylock;
            pin(NON_BLOCKING_PURGE_TRYLOCK);
            return this;
        }

        /** Whether NO_WARN suppresses the overflow warning (default true; false is the 4.7 kernel). */
        public Builder honourNoWarn(boolean honour) {
            this.honourNoWarn = honour;
            pin(HONOUR_NO_WARN);
            return this;
        }

        /** Whether an empty purge is reported too (default false; true is the 6.x kernel). */
        public Builder traceEmptyPurge(boolean trace) {
            this.traceEmptyPurge = trace;
            pin(TRACE_EMPTY_PURGE);
            return this;
        }

        /** The {@code do_shrink_slab} arithmetic of shrinker registries (default {@link ShrinkerArithmetic#KERNEL_5_13}). */
        public Builder shrinkerArithmetic(ShrinkerArithmetic arithmetic) {
            this.shrinkerArithmetic = Objects.requireNonNull(arithmetic, SHRINKER_ARITHMETIC);
            pin(SHRINKER_ARITHMETIC);
            return this;
        }

        /** The free-tree search length (default {@link FreeTreeSearch#LOWEST_FIT}). */
        public Builder freeTreeSearch(FreeTreeSearch search) {
            this.freeTreeSearch = Objects.requireNonNull(search, FREE_TREE_SEARCH);
            pin(FREE_TREE_SEARCH);
            return this;
        }

        /** How threshold purges run (default {@link LazyPurgeMode#SYNC}). */
        public Builder lazyPurgeMode(LazyPurgeMode mode) {
            this.lazyPurgeMode = Objects.requireNonNull(mode, LAZY_PURGE);
            pin(LAZY_PURGE);
            return this;
        }

        /** Whether non-blocking requests skip the notifier (default true). */
        public Builder nonBlockingSkipsNotifier(boolean skip) {
            this.nonBlockingSkipsNotifier = skip;
            pin(NON_BLOCKING_SKIPS_NOTIFIER);
            return this;
        }

        /** Whether the allocator checks invariants after every operation (default false). */
        public Builder debugChecks(boolean on) {
            this.debugChecks = on;
            return this;
        }

        /** Pages in the page pool, at least 1 (default 262144). */
        public Builder pagePoolPages(long pages) {
            if (pages < 1) {
                throw bad(PAGE_POOL_PAGES, pages, "must be at least 1 page");
            }
            this.pagePoolPages = pages;
            return this;
        }

        /** Consecutive failures before quarantine; 0 never (default 3). */
        public Builder quarantineAfter(int failures) {
            if (failures < 0) {
                throw bad(QUARANTINE_AFTER, failures, "must not be negative (0 disables quarantine)");
            }
            this.quarantineAfter = failures;
            pin(QUARANTINE_AFTER);
            return this;
        }

        /** What registering a block twice does (default {@link DuplicatePolicy#REJECT}). */
        public Builder duplicatePolicy(DuplicatePolicy policy) {
            this.duplicatePolicy = Objects.requireNonNull(policy, DUPLICATE_BLOCKS);
            pin(DUPLICATE_BLOCKS);
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
            List<String> checked = names.stream().map(n -> name(PLUGINS, n)).toList();
            includePlugins.clear();
            includePlugins.addAll(checked);
            if (!checked.isEmpty()) {
                discoverPlugins = true;
            }
            return this;
        }

        /** Never install these discovered plugins (replaces the list). */
        public Builder excludePlugins(Collection<String> names) {
            List<String> checked = names.stream().map(n -> name(PLUGINS_EXCLUDE, n)).toList();
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
            name(full, plugin);
            if (key == null || !SETTING_KEY.matcher(key).matches()) {
                throw bad(full, value, "the setting key '" + key + "' must be non-blank without spaces, '=' or ':'");
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
            resolveEraKeys();
            return new VmapConfig(this);
        }

        /** Gives every era key not pinned the preset's value, or the default without a preset. */
        private void resolveEraKeys() {
            KernelEra k = kernel;
            if (!explicitEraKeys.contains(ALLOCATOR)) {
                allocator = k == null ? null : k.allocator();
            }
            if (!explicitEraKeys.contains(FREE_TREE_SEARCH)) {
                freeTreeSearch = k == null ? FreeTreeSearch.LOWEST_FIT : k.freeTreeSearch();
            }
            if (!explicitEraKeys.contains(NON_BLOCKING_SKIPS_NOTIFIER)) {
                nonBlockingSkipsNotifier = k == null || k.nonBlockingSkipsNotifier();
            }
            if (!explicitEraKeys.contains(LAZY_PURGE)) {
                lazyPurgeMode = k == null ? LazyPurgeMode.SYNC : k.lazyPurgeMode();
            }
            if (!explicitEraKeys.contains(DUPLICATE_BLOCKS)) {
                duplicatePolicy = k == null ? DuplicatePolicy.REJECT : k.duplicatePolicy();
            }
            if (!explicitEraKeys.contains(MAX_NOTIFIER_ROUNDS)) {
                maxNotifierRounds = k == null ? AllocatorConfig.DEFAULT_MAX_NOTIFIER_ROUNDS : k.maxNotifierRounds();
            }
            if (!explicitEraKeys.contains(MAX_OOM_ROUNDS)) {
                maxOomRounds = k == null ? PagePoolConfig.DEFAULT_MAX_OOM_ROUNDS : k.maxOomRounds();
            }
            if (!explicitEraKeys.contains(QUARANTINE_AFTER)) {
                quarantineAfter = k == null ? NotifierConfig.DEFAULT_QUARANTINE_AFTER : k.quarantineAfter();
            }
            if (!explicitEraKeys.contains(REJECT_IMPOSSIBLE)) {
                rejectImpossibleRequests = k == null || k.rejectImpossibleRequests();
            }
            if (!explicitEraKeys.contains(NON_BLOCKING_PURGE_TRYLOCK)) {
                nonBlockingPurgeTrylock = k == null || k.nonBlockingPurgeTrylock();
            }
            if (!explicitEraKeys.contains(SHRINKER_ARITHMETIC)) {
                shrinkerArithmetic = k == null ? ShrinkerArithmetic.KERNEL_5_13 : k.shrinkerArithmetic();
            }
            if (!explicitEraKeys.contains(HONOUR_NO_WARN)) {
                honourNoWarn = k == null || k.honourNoWarn();
            }
            if (!explicitEraKeys.contains(TRACE_EMPTY_PURGE)) {
                traceEmptyPurge = k != null && k.traceEmptyPurge();
            }
        }
    }
}
