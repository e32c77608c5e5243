/**
 * The one settings reader of vmapkit: declared, typed, documented keys ({@link
 * io.vmapkit.api.settings.Setting}), resolved values that remember where each came from ({@link
 * io.vmapkit.api.settings.Settings}), and the error that names key, value, source and the closest
 * known key ({@link io.vmapkit.api.settings.SettingException}).
 *
 * <p>Contract: every module that reads a setting declares it here-typed and lists it (providers in
 * {@code settings()}), so the runtime merges explicit value &gt; preset &gt; default, refuses
 * unknown keys and records settings in traces without knowing what any key means. One value syntax
 * holds everywhere (configuration files, system properties, {@code -D}, CLI options, plugin
 * settings): decimal or {@code 0x} hex with {@code _} separators, sizes with {@code K/M/G/T},
 * unsigned 64-bit where declared, booleans, enumerations in any case, durations such as
 * {@code 250ms}, round caps ({@code unlimited} or at least 1).
 *
 * <p>Everything here is immutable and thread-safe; no global state.
 */
package io.vmapkit.api.settings;
