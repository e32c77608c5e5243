package io.vmapkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    private static final long X86_64_START = 0xffffc90000000000L;

    @Test
    void comparisonsAreUnsignedAcrossTheSignBit() {
        assertThat(X86_64_START).isNegative();
        assertThat(Addresses.lessThan(0x1000L, X86_64_START)).isTrue();
        assertThat(Addresses.greaterThan(X86_64_START, Long.MAX_VALUE)).isTrue();
        assertThat(Addresses.lessOrEqual(-1L, -1L)).isTrue();
        assertThat(Addresses.greaterOrEqual(-1L, 0L)).isTrue();
        assertThat(Addresses.min(-1L, 5L)).isEqualTo(5L);
        assertThat(Addresses.max(-1L, 5L)).isEqualTo(-1L);
    }

    @Test
    void addWrapsDetectsSumsReachingOrPassingTwoToThe64() {
        assertThat(Addresses.addWraps(-4096L, 4096L)).as("exactly 2^64 wraps to 0").isTrue();
        assertThat(Addresses.addWraps(-8192L, 4096L)).isFalse();
        assertThat(Addresses.addWraps(Long.MAX_VALUE, 1L)).as("crossing the sign bit is no wrap").isFalse();
        assertThat(Addresses.addWraps(0L, 0L)).isFalse();
    }

    @Test
    void powerOfTwoIncludesTheSignBit() {
        assertThat(Addresses.isPowerOfTwo(1L)).isTrue();
        assertThat(Addresses.isPowerOfTwo(1L << 63)).isTrue();
        assertThat(Addresses.isPowerOfTwo(0L)).isFalse();
        assertThat(Addresses.isPowerOfTwo(3L)).isFalse();
        assertThat(Addresses.isPowerOfTwo(-1L)).isFalse();
    }

    @ParameterizedTest(name = "ALIGN({0}, {1}) = {2}, wraps {3}")
    @CsvSource({
        "0x1000, 0x1000, 0x1000, false",
        "0x1001, 0x1000, 0x2000, false",
        "0x0, 0x8000000000000000, 0x0, false",
        "0x1, 0x8000000000000000, 0x8000000000000000, false",
        "0x8000000000000001, 0x8000000000000000, 0x0, true",
        "0xffffc90000001000, 0x400000, 0xffffc90000400000, false",
        "0xfffffffffffff001, 0x1000, 0x0, true",
        "0x5, 0x1, 0x5, false",
    })
    void alignUpIsTheKernelsAlignModulo2To64(String addr, String align, String expected, boolean wraps) {
        long a = Long.parseUnsignedLong(addr.substring(2), 16);
        long al = Long.parseUnsignedLong(align.substring(2), 16);
        assertThat(Addresses.alignUp(a, al)).isEqualTo(Long.parseUnsignedLong(expected.substring(2), 16));
        assertThat(Addresses.alignUpWraps(a, al)).isEqualTo(wraps);
    }

    @Test
    void alignDownAndIsAligned() {
        assertThat(Addresses.alignDown(0x1fffL, 0x1000L)).isEqualTo(0x1000L);
        assertThat(Addresses.alignDown(X86_64_START + 5, 1L << 63)).isEqualTo(1L << 63);
        assertThat(Addresses.isAligned(X86_64_START, 0x1000L)).isTrue();
        assertThat(Addresses.isAligned(X86_64_START, 1L << 63)).isFalse();
    }

    @ParameterizedTest(name = "fls({0}) = {1}")
    @CsvSource({"0,0", "1,1", "2,2", "3,2", "4,3", "7,3", "8,4", "15,4", "16,5", "64,7", "127,7"})
    void flsMatchesTheKernel(int x, int expected) {
        assertThat(Addresses.fls(x)).isEqualTo(expected);
    }

    @Test
    void formatsUnsigned() {
        assertThat(Addresses.hex(X86_64_START)).isEqualTo("0xffffc90000000000");
        assertThat(Addresses.bytes(-4096L)).isEqualTo("18446744073709547520 bytes");
        assertThat(Addresses.human(120L << 20)).isEqualTo("120.0 MiB");
        assertThat(Addresses.human(100)).isEqualTo("100 B");
    }
}
