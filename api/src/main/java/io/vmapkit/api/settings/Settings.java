package io.vmapkit.api.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolved settings: an immutable map from key to the value as written, each remembering where it
 * came from. A reader asks for a declared {@link Setting} ({@link #get}) and gets the value
 * parsed, or the setting's default when the key is not set; a bad value is a
 * {@link SettingException} naming key, value and source.
 *
 * <p>Sources are short phrases for messages: {@value #SYSTEM_PROPERTY}, {@value #COMMAND_LINE}
 * ({@code -D} on the command line), {@code file F line N} ({@link #file}), {@value #BUILDER},
 * {@code preset 4.7} ({@link #preset}), {@value #DEFAULT}.
 *
 * <p>Layering: {@link #overriddenBy} puts one set of settings on top of another (the upper one
 * wins key by key), so a host builds "explicit value &gt; preset &gt; default" without knowing what
 * any key means. {@link #check} refuses keys of a namespace that no declared setting has, with "did
 * you mean".
 *
 * <p>Immutable and thread-safe.
 */
public final class Settings {

    /** The source of a value from {@link System#getProperties()}. */
    public static final String SYSTEM_PROPERTY = "system property";
    /** The source of a {@code -D key=value} on the command line. */
    public static final String COMMAND_LINE = "-D";
    /** The source of a value set in code. */
    public static final String BUILDER = "builder";
    /** The source of a value nobody set. */
    public static final String DEFAULT = "default";

    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, Entry> entries;

    private record Entry(String value, String source) {}

    private Settings(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** No settings: every {@link #get} gives the default. */
    public static Settings empty() {
        return EMPTY;
    }

    /** The entries of {@code values}, all from {@code source}. */
    public static Settings of(Map<String, String> values, String source) {
        Builder b = builder();
        values.forEach((k, v) -> b.set(k, v, source));
        return b.build();
    }

    /** A builder of settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The source phrase of line {@code line} of the file {@code file}: {@code file F line N}. */
    public static String file(Object file, int line) {
        return "file " + file + " line " + line;
    }

    /** The source phrase of a kernel preset's value: {@code preset 4.7}. */
    public static String preset(String release) {
        return "preset " + release;
    }

    /**
     * The value of {@code setting}: its entry parsed, or its default if it has none.
     *
     * @throws SettingException naming the key, the value as written and its source, if the entry
     *     does not parse or breaks the setting's rules
     */
    public <T> T get(Setting<T> setting) {
        Entry e = entries.get(setting.key());
        return e == null ? setting.defaultValue() : setting.parse(e.value, e.source);
    }

    /** Whether {@code key} has an entry (a default is not an entry). */
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key} as written, if set. */
    public Optional<String> raw(String key) {
        Entry e = entries.get(key);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /** Where the value of {@code key} came from: its source, or {@value #DEFAULT} if not set. */
    public String source(String key) {
        Entry e = entries.get(key);
        return e == null ? DEFAULT : e.source;
    }

    /** The keys set, sorted. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
    }

    /** The entries, key to value as written, sorted by key. */
    public Map<String, String> asMap() {
        Map<String, String> m = new TreeMap<>();
        entries.forEach((k, e) -> m.put(k, e.value));
        return Collections.unmodifiableMap(m);
    }

    /** The entries whose keys start with {@code prefix} (keys unchanged). */
    public Settings startingWith(String prefix) {
        Map<String, Entry> m = new LinkedHashMap<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix)) {
                m.put(k, e);
            }
        });
        return m.size() == entries.size() ? this : new Settings(Collections.unmodifiableMap(m));
    }

    /** These settings with every entry of {@code upper} put on top (upper wins key by key). */
    public Settings overriddenBy(Settings upper) {
        if (upper.entries.isEmpty()) {
            return this;
        }
        if (entries.isEmpty()) {
            return upper;
        }
        Map<String, Entry> m = new LinkedHashMap<>(entries);
        m.putAll(upper.entries);
        return new Settings(Collections.unmodifiableMap(m));
    }

    /**
     * Checks the entries under {@code namespace} against {@code declared}: every key starting with
     * {@code namespace} must be a declared setting's key, and every declared setting that is set
     * must parse.
     *
     * @param owner who declares the namespace, for the message, e.g. {@code allocator 'free-tree'}
     * @throws SettingException for the first unknown key (sorted order; with the closest declared
     *     key) or bad value
     */
    public void check(String namespace, String owner, Collection<? extends Setting<?>> declared) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        declared.forEach(s -> byKey.put(s.key(), s));
        for (String key : keys()) {
            if (!key.startsWith(namespace)) {
                continue;
            }
            Setting<?> s = byKey.get(key);
            Entry e = entries.get(key);
            if (s == null) {
                throw SettingException.unknownKey("setting", key, e.value, e.source, byKey.keySet(),
                        "; " + owner + " knows " + new TreeSet<>(byKey.keySet()));
            }
            s.parse(e.value, e.source);
        }
    }

    /**
     * The effective value of each of {@code declared}, written as the setting reads it (so
     * {@code 0x10} reads back as {@code 16}, a default as its default text), by key in the order
     * given: what a trace or a report records so it can be read back exactly.
     *
     * @throws SettingException if an entry does not parse
     */
    public Map<String, String> effective(Collection<? extends Setting<?>> declared) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : declared) {
            m.put(s.key(), canonical(s));
        }
        return Collections.unmodifiableMap(m);
    }

    private <T> String canonical(Setting<T> s) {
        return s.format(get(s));
    }

    /**
     * {@code setting} for messages: {@code key=value (source)}, the value as written or the default.
     */
    public String describe(Setting<?> setting) {
        Entry e = entries.get(setting.key());
        return setting.key() + "=" + (e == null ? setting.defaultText() : e.value) + " (" + source(setting.key()) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings && ((Settings) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** Every entry, {@code key=value (source)}, sorted by key. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Settings[");
        new TreeMap<>(entries).forEach((k, e) -> sb.append(sb.length() > 9 ? ", " : "").append(k).append('=')
                .append(e.value).append(" (").append(e.source).append(')'));
        return sb.append(']').toString();
    }

    /** Builds {@link Settings}; a later entry for a key replaces an earlier one. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /** Sets {@code key} to the text {@code value} from {@code source}. */
        public Builder set(String key, String value, String source) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, key);
            entries.put(key, new Entry(value, Objects.requireNonNull(source, "source")));
            return this;
        }

        /**
         * Sets {@code setting} to {@code value} (source {@value Settings#BUILDER}), written as the
         * setting reads it.
         *
         * @throws SettingException if {@code value} breaks the setting's rules; the builder is unchanged
         */
        public <T> Builder set(Setting<T> setting, T value) {
            String text = setting.format(value);
            setting.parse(text, BUILDER);
            return set(setting.key(), text, BUILDER);
        }

        /** Every entry of {@code settings}, keeping their sources. */
        public Builder setAll(Settings settings) {
            entries.putAll(settings.entries);
            return this;
        }

        /** Removes {@code key}'s entry, if any. */
        public Builder remove(String key) {
            entries.remove(key);
            return this;
        }

        /** The settings. */
        public Settings build() {
            return entries.isEmpty() ? EMPTY : new Settings(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }
}
