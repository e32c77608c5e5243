package io.vmapkit.api.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One declared setting: its key, value type, default, a one-line description and the rules its
 * values obey. The module that reads a setting declares it (as a constant) and lists it, so the
 * runtime can check, document and trace settings without knowing what they mean.
 *
 * <p>Every setting reads its text with the one value syntax of vmapkit: integers in decimal or
 * {@code 0x} hex with {@code _} separators ({@code 1_000}, {@code 0x7fff_ffff}); sizes with binary
 * units ({@code 64M}, {@code 64_M}, {@code 2GiB}); booleans {@code true}/{@code false} in any case;
 * enumerations in any case, listing the valid values on error; durations with a unit
 * ({@code 250ms}, {@code 2s}); round caps ({@code unlimited} or at least 1). Surrounding blanks are
 * ignored. A bad value is a {@link SettingException} naming the key, the value as written, the
 * rule it breaks and, when known, where it came from.
 *
 * <p>Build one with a factory ({@link #bool}, {@link #integer}, {@link #longInteger}, {@link #size},
 * {@link #choice}, {@link #duration}, {@link #roundCap}, {@link #text}, {@link #of}) and refine it
 * with {@link #atLeast}, {@link #between} or {@link #orKeyword}; each returns a new setting.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {

    /** The value of a {@linkplain #roundCap round cap} meaning "no cap" (spelt {@code unlimited}). */
    public static final int UNLIMITED = -1;

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final Function<String, ?> parser;
    private final Function<T, String> formatter;
    private final List<String> validValues;
    private final Long min;
    private final Long max;
    private final String rangeMessage;
    private final Map<String, T> keywords;

    private Setting(String key, Class<T> type, T defaultValue, String description, Function<String, ?> parser,
            Function<T, String> formatter, List<String> validValues, Long min, Long max, String rangeMessage,
            Map<String, T> keywords) {
        this.key = checkKey(key);
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.description = Objects.requireNonNull(description, "description");
        this.parser = parser;
        this.formatter = formatter;
        this.validValues = List.copyOf(validValues);
        this.min = min;
        this.max = max;
        this.rangeMessage = rangeMessage;
        this.keywords = Map.copyOf(keywords);
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=' || c == ':')) {
            throw new IllegalArgumentException("setting key '" + key + "' must be non-blank without spaces, '=' or ':'");
        }
        return key;
    }

    // ---- factories ----------------------------------------------------------------------------

    /** A boolean: {@code true} or {@code false} in any case. */
    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.class, defaultValue, description, Syntax::bool, String::valueOf,
                List.of("true", "false"), null, null, null, Map.of());
    }

    /** A 32-bit integer: decimal or {@code 0x} hex, {@code _} separators. */
    public static Setting<Integer> integer(String key, int defaultValue, String description) {
        return new Setting<>(key, Integer.class, defaultValue, description, t -> Syntax.integer(t, false), String::valueOf,
                List.of(), (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, null, Map.of());
    }

    /** A signed 64-bit integer: decimal or {@code 0x} hex, {@code _} separators. */
    public static Setting<Long> longInteger(String key, long defaultValue, String description) {
        return new Setting<>(key, Long.class, defaultValue, description, t -> Syntax.integer(t, false), String::valueOf,
                List.of(), null, null, null, Map.of());
    }

    /**
     * An unsigned 64-bit integer (an address): decimal or {@code 0x} hex up to
     * {@code 0xffff_ffff_ffff_ffff}, held in a {@code long} with the same bits.
     */
    public static Setting<Long> address(String key, long defaultValue, String description) {
        return new Setting<>(key, Long.class, defaultValue, description, t -> Syntax.integer(t, true),
                v -> "0x" + Long.toHexString(v), List.of(), null, null, null, Map.of());
    }

    /** A signed size in bytes: an integer, or a decimal with a unit {@code K}, {@code M}, {@code G}, {@code T} (or {@code KiB} … {@code TiB}). */
    public static Setting<Long> size(String key, long defaultValue, String description) {
        return new Setting<>(key, Long.class, defaultValue, description, t -> Syntax.size(t, false), String::valueOf,
                List.of(), null, null, null, Map.of());
    }

    /** An unsigned 64-bit size, as {@link #size} up to 2^64 - 1 (held in a {@code long} with the same bits). */
    public static Setting<Long> unsignedSize(String key, long defaultValue, String description) {
        return new Setting<>(key, Long.class, defaultValue, description, t -> Syntax.size(t, true), Long::toUnsignedString,
                List.of(), null, null, null, Map.of());
    }

    /**
     * An enumeration spelt as its constants' names in lower case with {@code -} for {@code _}
     * ({@code WARN_AND_IGNORE} is {@code warn-and-ignore}); read in any case, {@code _} and
     * {@code -} alike.
     */
    public static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, E defaultValue, String description) {
        return choice(key, type, defaultValue, e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'), description);
    }

    /** An enumeration with its own spelling of each constant (read in any case, {@code _} and {@code -} alike). */
    public static <E extends Enum<E>> Setting<E> choice(String key, Class<E> type, E defaultValue,
            Function<E, String> spelling, String description) {
        List<E> constants = Arrays.asList(type.getEnumConstants());
        return new Setting<>(key, type, defaultValue, description, t -> Syntax.choice(t, constants, spelling), spelling,
                constants.stream().map(spelling).toList(), null, null, null, Map.of());
    }

    /**
     * A non-negative duration with a unit: {@code 250ms}, {@code 2s}, {@code 1m} (units {@code ns},
     * {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}); a bare integer counts in
     * {@code bareUnit}, or is refused if it is {@code null}.
     */
    public static Setting<Duration> duration(String key, Duration defaultValue, ChronoUnit bareUnit, String description) {
        return new Setting<>(key, Duration.class, defaultValue, description, t -> Syntax.duration(t, bareUnit),
                Syntax::duration, List.of(), null, null, null, Map.of());
    }

    /**
     * A cap on callback rounds: an integer of at least 1, or {@code unlimited} ({@link #UNLIMITED},
     * also accepted as {@code -1}) for no cap.
     */
    public static Setting<Integer> roundCap(String key, int defaultValue, String description) {
        return integer(key, defaultValue, description).orKeyword("unlimited", UNLIMITED)
                .between(1, Integer.MAX_VALUE, "must be at least 1, or unlimited");
    }

    /** Free text (blanks around it removed). */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, String.class, defaultValue, description, t -> t, t -> t, List.of(), null, null, null,
                Map.of());
    }

    /**
     * A setting with its own syntax: {@code parser} reads the text (blanks removed) and throws
     * {@link IllegalArgumentException} with the reason; {@code formatter} is its inverse.
     */
    public static <T> Setting<T> of(String key, Class<T> type, T defaultValue, Function<String, T> parser,
            Function<T, String> formatter, List<String> validValues, String description) {
        return new Setting<>(key, type, defaultValue, description, Objects.requireNonNull(parser, "parser"),
                Objects.requireNonNull(formatter, "formatter"), validValues, null, null, null, Map.of());
    }

    // ---- refinements ----------------------------------------------------------------------------

    /**
     * This setting with values below {@code min} refused ("must be at least {@code min}").
     *
     * @throws IllegalStateException if this setting is not numeric
     */
    public Setting<T> atLeast(long min) {
        return between(min, max == null ? Long.MAX_VALUE : max, null);
    }

    /**
     * This setting with values outside {@code [min, max]} refused; {@code message} (or, if
     * {@code null}, "must be at least …" / "must be between … and …") is the reason given. The
     * default and {@linkplain #orKeyword keyword} values are not checked against the range.
     *
     * @throws IllegalArgumentException if {@code min > max}
     * @throws IllegalStateException if this setting is not numeric
     */
    public Setting<T> between(long min, long max, String message) {
        if (type != Integer.class && type != Long.class) {
            throw new IllegalStateException(key + " is not numeric; a range needs an integer or size setting");
        }
        if (min > max) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] of setting " + key + " is empty");
        }
        return new Setting<>(key, type, defaultValue, description, parser, formatter, validValues, min, max, message,
                keywords);
    }

    /**
     * This setting also accepting {@code word} (in any case) for {@code value}, which it is written
     * as: e.g. {@code auto}, {@code unlimited}.
     */
    public Setting<T> orKeyword(String word, T value) {
        Map<String, T> k = new LinkedHashMap<>(keywords);
        k.put(word.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
        return new Setting<>(key, type, defaultValue, description, parser, formatter, validValues, min, max, rangeMessage, k);
    }

    /** This setting with another default (same key, rules and description). */
    public Setting<T> withDefault(T value) {
        return new Setting<>(key, type, value, description, parser, formatter, validValues, min, max, rangeMessage, keywords);
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * The value {@code text} spells.
     *
     * @param source where the text came from, for the message ({@code null}: not said)
     * @throws SettingException naming the key, the text, the rule it breaks and the source
     */
    public T parse(String text, String source) {
        Objects.requireNonNull(text, key);
        String t = text.strip();
        for (Map.Entry<String, T> k : keywords.entrySet()) {
            if (k.getKey().equalsIgnoreCase(t)) {
                return k.getValue();
            }
        }
        Object value;
        try {
            value = parser.apply(t);
        } catch (IllegalArgumentException e) {
            throw new SettingException(key, text, source, e.getMessage(), e);
        }
        if (type == Integer.class) {
            value = narrow(text, source, ((Number) value).longValue());
        }
        if (min != null && !keywords.containsValue(value)) {
            long v = ((Number) value).longValue();
            if (v < min || v > max) {
                throw new SettingException(key, text, source, rangeMessage != null ? rangeMessage : rangeReason(v), null);
            }
        }
        return type.cast(value);
    }

    /** {@link #parse(String, String)} with no source. */
    public T parse(String text) {
        return parse(text, null);
    }

    private Integer narrow(String text, String source, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new SettingException(key, text, source, rangeMessage != null ? rangeMessage : rangeReason(v), null);
        }
        return (int) v;
    }

    private String rangeReason(long v) {
        long typeMax = type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long typeMin = type == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
        if (min != typeMin && max != typeMax) {
            return "must be between " + min + " and " + max;
        }
        if (v < min) {
            return "must be at least " + min;
        }
        return "must be at most " + max;
    }

    /** {@code value} written as this setting reads it (keywords as their word). */
    public String format(T value) {
        Objects.requireNonNull(value, key);
        for (Map.Entry<String, T> k : keywords.entrySet()) {
            if (k.getValue().equals(value)) {
                return k.getKey();
            }
        }
        return formatter.apply(value);
    }

    // ---- description --------------------------------------------------------------------------

    /** The key, e.g. {@code vmapkit.allocator.lazy-purge}. */
    public String key() {
        return key;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The value when nothing sets it. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as written. */
    public String defaultText() {
        return format(defaultValue);
    }

    /** One line saying what the setting does. */
    public String description() {
        return description;
    }

    /** The spellings an enumeration or boolean accepts (in order), plus any keywords; empty for free values. */
    public List<String> validValues() {
        if (keywords.isEmpty()) {
            return validValues;
        }
        List<String> all = new java.util.ArrayList<>(validValues);
        all.addAll(keywords.keySet());
        return List.copyOf(all);
    }

    /** Equal if the keys are equal: a key means one setting. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Setting && ((Setting<?>) o).key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** {@code key (default D): description}. */
    @Override
    public String toString() {
        return key + " (default " + defaultText() + "): " + description;
    }
}
