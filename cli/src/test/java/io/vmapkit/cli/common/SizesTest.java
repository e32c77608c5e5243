package io.vmapkit.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line sizes read with the configuration's syntax: hex and {@code _} work here too. */
class SizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "4096|4096",
        "120M|125829120",      // 120 * 2^20
        "0x7800000|125829120", // the same number in hex: 0x78 * 2^20
        "0x10|16",             // refused before: the CLI took no hex below a unit
        "64_M|67108864",       // 64 * 2^20, with a separator
        "2GiB|2147483648",     // 2^31
        "1_000|1000",
    })
    void sizes(String text, long expected) {
        assertThat(Sizes.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lots|'lots' is not a size (examples: 120M, 2GiB, 0x7800000, 4096): is not an integer",
        "0|'0' is not a size (examples: 120M, 2GiB, 0x7800000, 4096); it must be positive",
        "-4K|'-4K' is not a size (examples: 120M, 2GiB, 0x7800000, 4096); it must be positive",
        "8388608T|'8388608T' is not a size (examples: 120M, 2GiB, 0x7800000, 4096): does not fit in 64 bits",
    })
    void badSizes(String text, String message) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
