package io.vmapkit.api.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one value syntax, table by table; every expected value is worked out by hand in the row's comment. */
class SettingSyntaxTest {

    private static final Setting<Long> LONG = Setting.longInteger("k.long", 0, "a long");
    private static final Setting<Integer> INT = Setting.integer("k.int", 0, "an int");
    private static final Setting<Long> SIZE = Setting.size("k.size", 0, "a size");
    private static final Setting<Long> USIZE = Setting.unsignedSize("k.usize", 0, "an unsigned size");
    private static final Setting<Long> ADDRESS = Setting.address("k.addr", 0, "an address");
    private static final Setting<Duration> DURATION = Setting.duration("k.dur", Duration.ZERO, null, "a duration");
    private static final Setting<Duration> MILLIS = Setting.duration("k.ms", Duration.ZERO, ChronoUnit.MILLIS, "ms");
    private static final Setting<Integer> CAP = Setting.roundCap("k.cap", 8, "a cap");
    private static final Setting<Boolean> BOOL = Setting.bool("k.bool", false, "a flag");

    enum Mode { SYNC, BACKGROUND, WARN_AND_IGNORE }

    private static final Setting<Mode> MODE = Setting.choice("k.mode", Mode.class, Mode.SYNC, "a mode");

    @ParameterizedTest(name = "long {0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "42|42",
        "-42|-42",
        "+7|7",
        "' 12 '|12",                                  // blanks around are ignored
        "1_000_000|1000000",                          // _ separates digits
        "0x10|16",                                    // 1*16
        "0X1f|31",                                    // 16 + 15
        "0x7fff_ffff|2147483647",                     // 2^31 - 1
        "-0x10|-16",
        "9223372036854775807|9223372036854775807",    // Long.MAX_VALUE
        "-9223372036854775808|-9223372036854775808",  // Long.MIN_VALUE
        "0x7fffffffffffffff|9223372036854775807",
    })
    void integers(String text, long expected) {
        assertThat(LONG.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "long {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "ten|is not an integer",
        "1e3|is not an integer",
        "''|is not an integer",
        "_1|is not an integer",
        "1_|is not an integer",
        "0x|is not an integer",
        "0xg|is not an integer",
        "--1|is not an integer",
        "1.5|is not an integer",
        "9223372036854775808|is too large",           // 2^63
        "0xffffffffffffffff|is too large",            // 2^64 - 1 is not a signed long
    })
    void badIntegers(String text, String reason) {
        assertThatThrownBy(() -> LONG.parse(text, "file a.properties line 2"))
                .isInstanceOf(SettingException.class)
                .hasMessage("k.long = " + text + ": " + reason + " (file a.properties line 2)");
    }

    @ParameterizedTest(name = "int {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2147483647|2147483647|",
        "-2147483648|-2147483648|",
        "0x7fff_ffff|2147483647|",
        "2147483648||must be at most 2147483647",   // 2^31
        "0x8000_0000||must be at most 2147483647",
        "-2147483649||must be at least -2147483648",
    })
    void ints(String text, Integer expected, String reason) {
        if (reason == null) {
            assertThat(INT.parse(text)).isEqualTo(expected);
        } else {
            assertThatThrownBy(() -> INT.parse(text)).hasMessage("k.int = " + text + ": " + reason);
        }
    }

    @ParameterizedTest(name = "size {0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "4096|4096",
        "1K|1024",                          // 2^10
        "1k|1024",
        "4KiB|4096",                        // 4 * 2^10
        "64M|67108864",                     // 64 * 2^20 = 2^26
        "64_M|67108864",                    // the _ before the unit is a separator
        "64 M|67108864",
        "1_024K|1048576",                   // 1024 * 1024 = 2^20
        "2GiB|2147483648",                  // 2 * 2^30 = 2^31
        "2gib|2147483648",
        "1T|1099511627776",                 // 2^40
        "0x7800000|125829120",              // 7*2^24 + 8*2^20 = 117440512 + 8388608
        "120M|125829120",                   // 120 * 2^20, the same number
        "8388607T|9223370937343148032",     // (2^23 - 1) * 2^40 = 2^63 - 2^40
    })
    void sizes(String text, long expected) {
        assertThat(SIZE.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "size {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "8388608T|does not fit in 64 bits",   // 2^23 * 2^40 = 2^63, one past Long.MAX_VALUE
        "12X|is not an integer",
        "M|is not an integer",
        "1.5G|is not an integer",
    })
    void badSizes(String text, String reason) {
        assertThatThrownBy(() -> SIZE.parse(text)).isInstanceOf(SettingException.class)
                .hasMessage("k.size = " + text + ": " + reason);
    }

    @ParameterizedTest(name = "unsigned {0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "0xffffffffffffffff|-1",                     // 2^64 - 1, same bits as -1
        "18446744073709551615|-1",                   // 2^64 - 1 in decimal
        "0x8000_0000_0000_0000|-9223372036854775808", // 2^63: the sign bit
        "16777215T|-1099511627776",                  // (2^24 - 1) * 2^40 = 2^64 - 2^40, i.e. -2^40
        "0xffffffff_ff000000|-16777216",             // 2^64 - 2^24 (the x86_64 end region)
    })
    void unsignedSizes(String text, long expectedBits) {
        assertThat(USIZE.parse(text)).isEqualTo(expectedBits);
        assertThat(USIZE.format(expectedBits)).isEqualTo(Long.toUnsignedString(expectedBits));
    }

    @ParameterizedTest(name = "unsigned {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "0x1_0000_0000_0000_0000|does not fit in 64 bits",   // 2^64
        "16777216T|does not fit in 64 bits",                 // 2^24 * 2^40 = 2^64
        "-1|must not be negative",
    })
    void badUnsignedSizes(String text, String reason) {
        assertThatThrownBy(() -> USIZE.parse(text)).hasMessage("k.usize = " + text + ": " + reason);
    }

    @ParameterizedTest(name = "address {0}")
    @CsvSource(delimiter = '|', value = {
        "0xffffc90000000000|-60473139527680|0xffffc90000000000",   // 2^64 - 0x370000000000 = 2^64 - 60473139527680
        "0x1000|4096|0x1000",
        "4096|4096|0x1000",
    })
    void addresses(String text, long bits, String formatted) {
        assertThat(ADDRESS.parse(text)).isEqualTo(bits);
        assertThat(ADDRESS.format(bits)).isEqualTo(formatted);
    }

    @ParameterizedTest(name = "bool {0}")
    @CsvSource(delimiter = '|', value = {"true|true", "TRUE|true", "False|false", "' false '|false"})
    void booleans(String text, boolean expected) {
        assertThat(BOOL.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "bool {0}")
    @CsvSource(delimiter = '|', value = {"yes", "1", "on", "''"})
    void badBooleans(String text) {
        assertThatThrownBy(() -> BOOL.parse(text, Settings.COMMAND_LINE))
                .hasMessage("k.bool = " + text + ": must be true or false (-D)");
    }

    @ParameterizedTest(name = "enum {0}")
    @CsvSource(delimiter = '|', value = {
        "sync|SYNC", "SYNC|SYNC", "Background|BACKGROUND", "warn-and-ignore|WARN_AND_IGNORE",
        "WARN_AND_IGNORE|WARN_AND_IGNORE", "' warn-and_ignore '|WARN_AND_IGNORE"})
    void enums(String text, Mode expected) {
        assertThat(MODE.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "enum {0}")
    @CsvSource(delimiter = '|', value = {"lazy", "warn", "''"})
    void badEnumsListTheValidValues(String text) {
        assertThatThrownBy(() -> MODE.parse(text))
                .hasMessage("k.mode = " + text + ": unknown value; use one of sync, background, warn-and-ignore");
        assertThat(MODE.validValues()).containsExactly("sync", "background", "warn-and-ignore");
        assertThat(MODE.format(Mode.WARN_AND_IGNORE)).isEqualTo("warn-and-ignore");
    }

    @ParameterizedTest(name = "duration {0}")
    @CsvSource(delimiter = '|', value = {
        "250ms|250000000|250ms",       // 250 * 10^6 ns
        "2s|2000000000|2s",
        "2000ms|2000000000|2s",        // written back in the largest exact unit
        "1m|60000000000|1m",
        "1h|3600000000000|1h",
        "90s|90000000000|90s",         // not a whole minute
        "500us|500000|500us",
        "7ns|7|7ns",
        "1_500ms|1500000000|1500ms",
        "0s|0|0s",
        "0ms|0|0s",
    })
    void durations(String text, long nanos, String formatted) {
        assertThat(DURATION.parse(text).toNanos()).isEqualTo(nanos);
        assertThat(DURATION.format(Duration.ofNanos(nanos))).isEqualTo(formatted);
    }

    @ParameterizedTest(name = "duration {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "250|is not a duration (write e.g. 250ms, 2s, 1m; units ns, us, ms, s, m, h)",
        "2 days|is not a duration (write e.g. 250ms, 2s, 1m; units ns, us, ms, s, m, h)",
        "ms|is not a duration (write e.g. 250ms, 2s, 1m; units ns, us, ms, s, m, h)",
        "-5s|must not be negative",
        "9223372036854775807h|is too large",
    })
    void badDurations(String text, String reason) {
        assertThatThrownBy(() -> DURATION.parse(text)).hasMessage("k.dur = " + text + ": " + reason);
    }

    @ParameterizedTest(name = "bare duration {0}")
    @CsvSource(delimiter = '|', value = {"250|250000000", "2s|2000000000"})
    void aBareDurationCountsInTheDeclaredUnit(String text, long nanos) {
        assertThat(MILLIS.parse(text).toNanos()).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "cap {0}")
    @CsvSource(delimiter = '|', value = {
        "1|1", "8|8", "unlimited|-1", "UNLIMITED|-1", "-1|-1", "0x10|16", "2_147_483_647|2147483647"})
    void roundCaps(String text, int expected) {
        assertThat(CAP.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "cap {0}")
    @CsvSource(delimiter = '|', value = {
        "0|must be at least 1, or unlimited",
        "-2|must be at least 1, or unlimited",
        "many|is not an integer",
        "2147483648|must be at least 1, or unlimited",   // 2^31: out of an int
    })
    void badRoundCaps(String text, String reason) {
        assertThatThrownBy(() -> CAP.parse(text)).hasMessage("k.cap = " + text + ": " + reason);
        assertThat(CAP.format(-1)).isEqualTo("unlimited");
        assertThat(CAP.format(3)).isEqualTo("3");
    }

    @ParameterizedTest(name = "range {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "at-least-1|0|must be at least 1",
        "at-least-0|-1|must be at least 0",
        "between|11|must be between 1 and 10",
        "between|0|must be between 1 and 10",
        "message|0|must be at least 1 page",
    })
    void ranges(String which, String text, String reason) {
        Setting<Long> s = switch (which) {
            case "at-least-1" -> LONG.atLeast(1);
            case "at-least-0" -> LONG.atLeast(0);
            case "between" -> LONG.between(1, 10, null);
            default -> LONG.between(1, Long.MAX_VALUE, "must be at least 1 page");
        };
        assertThatThrownBy(() -> s.parse(text)).hasMessage("k.long = " + text + ": " + reason);
    }

    @ParameterizedTest(name = "keyword {0}")
    @CsvSource(delimiter = '|', value = {"auto|0", "AUTO|0", "0|0", "100|100"})
    void aKeywordSpellsItsValueAndIsWrittenAsIt(String text, long expected) {
        Setting<Long> pages = LONG.atLeast(0).orKeyword("auto", 0L);
        assertThat(pages.parse(text)).isEqualTo(expected);
        assertThat(pages.format(0L)).isEqualTo("auto");
        assertThat(pages.validValues()).containsExactly("auto");
    }
}
