package io.vmapkit.api.vmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressSpaceTest {

    private static final long MIB = 1L << 20;

    @Test
    void x86_32PresetIs120MiBBelowPkmapBase() {
        AddressSpace s = AddressSpace.x86_32();
        assertThat(s.name()).isEqualTo("x86_32");
        assertThat(s.end()).isEqualTo(0xff7fe000L);
        assertThat(s.start()).isEqualTo(0xf7ffe000L);
        assertThat(s.size()).isEqualTo(120 * MIB).as("VmallocTotal: 122880 kB");
        assertThat(s.size() / 1024).isEqualTo(122_880);
        assertThat(s.pageSize()).isEqualTo(4096);
        assertThat(s.pages()).isEqualTo(30_720);
    }

    @Test
    void x86_32VmallocReserveIsSizePlusVmallocOffset() {
        // vmalloc=256M on the command line sets __VMALLOC_RESERVE = 256 MiB + 8 MiB
        AddressSpace s = AddressSpace.x86_32(256 * MIB + AddressSpace.X86_32_VMALLOC_OFFSET);
        assertThat(s.size()).isEqualTo(256 * MIB);
        assertThat(s.end()).isEqualTo(AddressSpace.X86_32_VMALLOC_END);
    }

    @Test
    void x86_32RefusesReservesThatLeaveNoVmallocSpaceOrNoLowMemory() {
        assertThatThrownBy(() -> AddressSpace.x86_32(8 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8388608 bytes (8.0 MiB)")
                .hasMessageContaining("larger than VMALLOC_OFFSET");
        assertThatThrownBy(() -> AddressSpace.x86_32(128 * MIB + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page multiple");
        assertThatThrownBy(() -> AddressSpace.x86_32(1000 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of low memory; at least 16 MiB is needed");
    }

    @Test
    void x86_64PresetIs32TiBAtVmallocStart() {
        AddressSpace s = AddressSpace.x86_64();
        assertThat(s.start()).isEqualTo(0xffffc90000000000L);
        assertThat(s.size()).isEqualTo(32L << 40);
        assertThat(s.end()).isEqualTo(0xffffe90000000000L);
        assertThat(s.contains(0xffffc90000000000L)).isTrue();
        assertThat(s.contains(0xffffe90000000000L)).isFalse();
        assertThat(s.contains(0x1000L)).isFalse();
        assertThat(s).hasToString("x86_64[0xffffc90000000000, 0xffffe90000000000) 32.0 TiB, page 4096");
    }

    @Test
    void presetsByName() {
        assertThat(AddressSpace.preset("x86_32")).isEqualTo(AddressSpace.x86_32());
        assertThat(AddressSpace.preset("x86_64")).isEqualTo(AddressSpace.x86_64());
        assertThatThrownBy(() -> AddressSpace.preset("arm64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown address space preset 'arm64' (known: x86_32, x86_64)");
    }

    @Test
    void theHighestSpaceEndsOnePageBelow2To64() {
        AddressSpace top = AddressSpace.of("top", -(1L << 20), (1L << 20) - 4096, 4096);
        assertThat(top.end()).isEqualTo(-4096L);
        assertThat(top.contains(-4097L)).isTrue();
        assertThatThrownBy(() -> AddressSpace.of(-(1L << 20), 1L << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reaches or wraps past 2^64");
        assertThatThrownBy(() -> AddressSpace.of(-(1L << 20), 2L << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reaches or wraps past 2^64");
    }

    @Test
    void spaceValidationNamesTheBadValue() {
        assertThatThrownBy(() -> AddressSpace.of("", 0, 4096, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("address space name must not be blank");
        assertThatThrownBy(() -> AddressSpace.of("s", 0, 4096, 3000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page size 3000 is not a power of two between 256 and 1073741824");
        assertThatThrownBy(() -> AddressSpace.of("s", 0, 4096, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page size 128");
        assertThatThrownBy(() -> AddressSpace.of(0x1001, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address space start 0x1001 is not aligned to the page size 4096");
        assertThatThrownBy(() -> AddressSpace.of(0x1000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("address space size must not be 0");
        assertThatThrownBy(() -> AddressSpace.of(0x1000, 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address space size 5000 bytes is not a multiple of the page size 4096");
    }

    @Test
    void containsRangeIsUnsignedAndRejectsInversion() {
        AddressSpace s = AddressSpace.x86_64();
        assertThat(s.contains(s.start(), s.end())).isTrue();
        assertThat(s.contains(s.end(), s.start())).isFalse();
        assertThat(s.contains(s.start() - 4096, s.end())).isFalse();
        assertThat(s.contains(s.start(), s.end() + 4096)).isFalse();
    }

    @Test
    void equalityIsByValue() {
        assertThat(AddressSpace.of(0x1000, 0x2000)).isEqualTo(AddressSpace.of(0x1000, 0x2000))
                .hasSameHashCodeAs(AddressSpace.of(0x1000, 0x2000))
                .isNotEqualTo(AddressSpace.of(0x1000, 0x3000))
                .isNotEqualTo(AddressSpace.of("other", 0x1000, 0x2000, 4096));
    }
}
