package io.vmapkit.trace;

import static io.vmapkit.trace.TraceFormat.hex;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The first line of a trace: what replay needs to build an allocator that decides exactly as the
 * recorded one did: the space, the allocator's name, the CPU count, and the allocator's resolved
 * settings. The settings are recorded generically: every {@code vmapkit.allocator.*} setting the
 * provider declares ({@link AllocatorProvider#settings()}) is a header key, written without the
 * {@code vmapkit.allocator.} prefix ({@code free-tree-search=5.2}), so a new allocator setting needs
 * no change to the format or to this class.
 *
 * <p>Format version 1 fixes which keys are always written ({@link #REQUIRED_KEYS}); every other
 * setting is written only when its value differs from its default, and an absent one means the
 * default. A trace of a run with the defaults therefore reads as before, and an older reader
 * refuses (as an unknown key) a trace whose non-default setting it would not honour. Changing a
 * setting's default is therefore a change of the format's meaning. Threshold purges must be
 * synchronous ({@code lazy-purge=sync}): a background drain runs at moments a trace cannot record.
 *
 * @param space the address space (label, start, size, page size)
 * @param allocator the allocator provider's name
 * @param ncpus the CPU count ({@code vmapkit.ncpus})
 * @param allocatorSettings the allocator's settings as written, full keys
 *     ({@code vmapkit.allocator.lazy-purge}), in header order
 * @param policy the label of the recorded run (e.g. the simulate policy), empty for none
 */
public record TraceHeader(AddressSpace space, String allocator, int ncpus, Map<String, String> allocatorSettings,
        String policy) {

    /** The prefix of the allocator's settings, left out of header keys. */
    public static final String SETTING_PREFIX = "vmapkit.allocator.";

    /** The allocator settings every version-1 header has, by header key. */
    public static final List<String> REQUIRED_SETTINGS = List.of("lazy-max-pages", "max-notifier-rounds", "lazy-purge",
            "non-blocking-skips-notifier");

    /** The keys every header has. */
    public static final List<String> REQUIRED_KEYS = List.of("space", "start", "size", "page-size", "allocator", "ncpus",
            "lazy-max-pages", "max-notifier-rounds", "lazy-purge", "non-blocking-skips-notifier", "policy");

    /** The header keys that are not allocator settings. */
    static final List<String> FIXED_KEYS = List.of("space", "start", "size", "page-size", "allocator", "ncpus", "policy");

    /** Checks for {@code null}s and copies the settings. */
    public TraceHeader {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(policy, "policy");
        allocatorSettings = Collections.unmodifiableMap(new LinkedHashMap<>(allocatorSettings));
    }

    /**
     * The header for an allocator of {@code provider} over {@code space} created from
     * {@code settings}: every setting the provider declares under {@value #SETTING_PREFIX}, at its
     * resolved value.
     *
     * @throws IllegalArgumentException if the settings purge in the background
     */
    public static TraceHeader of(AddressSpace space, AllocatorProvider provider, Settings settings, String policy) {
        Map<String, String> recorded = new LinkedHashMap<>();
        List<Setting<?>> declared = provider.settings().stream().filter(s -> s.key().startsWith(SETTING_PREFIX)).toList();
        settings.effective(declared).forEach(recorded::put);
        String purge = recorded.get(SETTING_PREFIX + "lazy-purge");
        if (purge != null && !purge.equals("sync")) {
            throw new IllegalArgumentException("a trace needs synchronous threshold purges (vmapkit.allocator.lazy-purge=sync), "
                    + "but the allocator is configured with " + purge);
        }
        return new TraceHeader(space, provider.name(), settings.get(AllocatorProvider.NCPUS), recorded, policy);
    }

    /**
     * This header with {@code lazy-max-pages} the purge threshold the allocator computed: format
     * version 1 records the threshold itself (not {@code auto}), so a trace replays with the same
     * threshold whatever the replaying machine's CPU count.
     */
    public TraceHeader withLazyMaxPages(long pages) {
        Map<String, String> m = new LinkedHashMap<>(allocatorSettings);
        m.put(SETTING_PREFIX + "lazy-max-pages", Long.toString(pages));
        return new TraceHeader(space, allocator, ncpus, m, policy);
    }

    /**
     * The allocator settings as {@link Settings} (source {@code trace header}), with the version-1
     * meaning of an absent key: the setting's default.
     */
    public Settings settings() {
        Settings.Builder b = Settings.builder().set(AllocatorProvider.NCPUS.key(), Integer.toString(ncpus), "trace header");
        allocatorSettings.forEach((k, v) -> b.set(k, v, "trace header"));
        return b.build();
    }

    /** The header line, without a newline; settings other than the required ones only where they differ from their default. */
    public String line() {
        return line(Map.of());
    }

    /**
     * The header line, leaving out each non-required setting whose value equals
     * {@code defaults.get(key)} (the declared defaults, by full key).
     */
    String line(Map<String, String> defaults) {
        StringBuilder sb = new StringBuilder(TraceFormat.MAGIC + " " + TraceFormat.VERSION
                + " space=" + TraceFormat.word(space.name())
                + " start=" + hex(space.start())
                + " size=" + hex(space.size())
                + " page-size=" + space.pageSize()
                + " allocator=" + TraceFormat.word(allocator)
                + " ncpus=" + ncpus);
        for (String key : REQUIRED_SETTINGS) {
            String v = allocatorSettings.get(SETTING_PREFIX + key);
            sb.append(' ').append(key).append('=').append(TraceFormat.word(v == null ? "" : v));
        }
        allocatorSettings.forEach((full, v) -> {
            String key = full.substring(SETTING_PREFIX.length());
            if (!REQUIRED_SETTINGS.contains(key) && !v.equals(defaults.get(full))) {
                sb.append(' ').append(key).append('=').append(TraceFormat.word(v));
            }
        });
        return sb.append(" policy=").append(TraceFormat.word(policy)).toString();
    }

    /** The declared defaults of {@code provider}'s allocator settings, as written, by full key. */
    static Map<String, String> defaults(AllocatorProvider provider) {
        Map<String, String> m = new LinkedHashMap<>();
        provider.settings().forEach(s -> m.put(s.key(), s.defaultText()));
        return m;
    }
}
