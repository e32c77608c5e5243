package io.vmapkit.cli.common;

import io.vmapkit.api.settings.Setting;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte sizes on the command line, read with the one value syntax of the configuration
 * ({@link Setting#size}): a decimal or {@code 0x} hex number of bytes with {@code _} separators, or
 * a decimal number with a binary unit {@code K}, {@code M}, {@code G}, {@code T} (also spelt
 * {@code KiB} … {@code TiB}): {@code 64M}, {@code 64_M}, {@code 2GiB}, {@code 0x7800000}. Stateless.
 */
public final class Sizes implements ITypeConverter<Long> {

    private static final Setting<Long> SIZE = Setting.size("size", 1, "a size in bytes");

    /** The picocli converter; a bad value becomes a usage error naming the option. */
    @Override
    public Long convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException naming the text if it is not a positive size below 2^63
     */
    public static long parse(String text) {
        String why = "'" + text + "' is not a size (examples: 120M, 2GiB, 0x7800000, 4096)";
        long value;
        try {
            value = SIZE.parse(text);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new IllegalArgumentException(why + ": " + reason, e);
        }
        if (value <= 0) {
            throw new IllegalArgumentException(why + "; it must be positive");
        }
        return value;
    }
}
