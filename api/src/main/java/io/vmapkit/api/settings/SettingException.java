package io.vmapkit.api.settings;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * A setting that cannot be used: a bad value ({@code vmapkit.ncpus = 0: must be at least 1 (file
 * vmapkit.properties line 3)}) or an unknown key ({@code unknown configuration key 'vmapkit.ncpu'
 * (did you mean 'vmapkit.ncpus'?)}). The message names the key, the value as written, why it is
 * refused, where it came from when that is known, and for an unknown key the closest known key.
 *
 * <p>Immutable; thrown before anything is changed, so whatever was being configured is as before.
 */
public class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String source;
    private final String suggestion;

    /**
     * A bad value.
     *
     * @param key the setting's key
     * @param value the value as written
     * @param source where it came from, e.g. {@code file vmapkit.properties line 3}; {@code null} if unknown
     * @param reason the rule it breaks, e.g. {@code must be at least 1}
     * @param cause the parser's exception, or {@code null}
     */
    public SettingException(String key, String value, String source, String reason, Throwable cause) {
        super(key + " = " + value + ": " + reason + from(source), cause);
        this.key = key;
        this.value = value;
        this.source = source;
        this.suggestion = null;
    }

    private SettingException(String message, String key, String value, String source, String suggestion) {
        super(message);
        this.key = key;
        this.value = value;
        this.source = source;
        this.suggestion = suggestion;
    }

    private static String from(String source) {
        return source == null ? "" : " (" + source + ")";
    }

    /**
     * An unknown key, suggesting the closest of {@code known} if it looks like a typo of one
     * (within a quarter of its length in single-character edits, at least 2). A known entry
     * containing {@code <}, such as {@code vmapkit.plugin.<name>.<key>}, is a form: suggested when
     * the key's beginning is within 2 edits of the form's literal part.
     *
     * @param what what the key is, for the message: {@code configuration key}, {@code setting}
     * @param hint appended after the suggestion (e.g. {@code "; see docs/configuration.md"}), or empty
     */
    public static SettingException unknownKey(String what, String key, String value, String source,
            Collection<String> known, String hint) {
        Objects.requireNonNull(key, "key");
        Optional<String> closest = Spelling.closest(key, known);
        String message = "unknown " + what + " '" + key + "'"
                + closest.map(k -> " (did you mean '" + k + "'?)").orElse("") + hint + from(source);
        return new SettingException(message, key, value, source, closest.orElse(null));
    }

    /** The key. */
    public String key() {
        return key;
    }

    /** The value as written ({@code null} if none). */
    public String value() {
        return value;
    }

    /** Where the value came from, if known. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** For an unknown key, the known key (or form) it was probably meant to be. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }
}
