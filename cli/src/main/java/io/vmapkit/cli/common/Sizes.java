package io.vmapkit.cli.common;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Byte sizes as the configuration reference writes them: a decimal or {@code 0x} hex number of
 * bytes, or a decimal number with a binary unit {@code K}, {@code M}, {@code G}, {@code T} (also
 * spelt {@code KiB} … {@code TiB}): {@code 64M}, {@code 2GiB}, {@code 0x7800000}. Stateless.
 */
public final class Sizes implements ITypeConverter<Long> {

    private static final String[] UNITS = {"K", "M", "G", "T"};

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
        String t = text.strip();
        String why = "'" + text + "' is not a size (examples: 120M, 2GiB, 0x7800000, 4096)";
        try {
            long value;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                value = Long.parseLong(t.substring(2), 16);
            } else {
                String upper = t.toUpperCase(Locale.ROOT);
                int shift = 0;
                for (int i = 0; i < UNITS.length; i++) {
                    if (upper.endsWith(UNITS[i] + "IB") || upper.endsWith(UNITS[i])) {
                        shift = 10 * (i + 1);
                        upper = upper.substring(0, upper.length() - (upper.endsWith("IB") ? 3 : 1));
                        break;
                    }
                }
                long n = Long.parseLong(upper.strip());
                if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                    throw new IllegalArgumentException(why);
                }
                value = n << shift;
            }
            if (value <= 0) {
                throw new IllegalArgumentException(why + "; it must be positive");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(why, e);
        }
    }
}
