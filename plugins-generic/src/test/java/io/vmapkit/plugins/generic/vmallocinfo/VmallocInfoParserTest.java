package io.vmapkit.plugins.generic.vmallocinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The parser on hand-written lines in the kernel's format, good and bad. */
class VmallocInfoParserTest {

    private static VmallocEntry one(String line) {
        VmallocInfo info = VmallocInfoParser.parse("t.txt", line + "\n");
        assertThat(info.entries()).hasSize(1);
        return info.entries().get(0);
    }

    @Test
    void aVmallocAreaWithEveryPartIsReadField() {
        VmallocEntry e = one("0xffffc90000010000-0xffffc90000015000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc vpages N0=3 N1=1");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.start()).isEqualTo(0xffffc90000010000L);
        assertThat(e.end()).isEqualTo(0xffffc90000015000L);
        assertThat(e.size()).isEqualTo(20480);
        assertThat(e.kind()).isEqualTo(EntryKind.AREA);
        assertThat(e.caller()).isEqualTo("kernel_clone+0xb8/0x400");
        assertThat(e.function()).isEqualTo("kernel_clone");
        assertThat(e.module()).isEmpty();
        assertThat(e.pages()).hasValue(4);
        assertThat(e.phys()).isEmpty();
        assertThat(e.flags()).containsExactly("vmalloc", "vpages");
        assertThat(e.numa()).isEqualTo(Map.of(0, 3L, 1, 1L));
    }

    @Test
    void anIoremapInAModuleHasItsPhysicalAddressAndModule() {
        VmallocEntry e = one("0xffffc90000400000-0xffffc90000421000  135168 e1000_probe+0x3a1/0x1000 [e1000] phys=0x00000000fe000000 ioremap");

        assertThat(e.caller()).isEqualTo("e1000_probe+0x3a1/0x1000");
        assertThat(e.module()).isEqualTo("e1000");
        assertThat(e.phys()).hasValue(0xfe000000L);
        assertThat(e.pages()).isEmpty();
        assertThat(e.flags()).containsExactly("ioremap");
        assertThat(e.has("ioremap")).isTrue();
    }

    @Test
    void unpurgedAndVmMapRamLinesAndAnAreaWithoutCaller() {
        VmallocInfo info = VmallocInfoParser.parse("t.txt", String.join("\n",
                "0xffffc90000020000-0xffffc90000025000   20480 unpurged vm_area",
                "0xffffc90000030000-0xffffc90000070000  262144 vm_map_ram",
                "# a comment line (vmapkit addition)",
                "0xffffc90000080000-0xffffc90000082000    8192 pages=1 vmalloc",
                "0xffffc90000090000-0xffffc90000092000    8192 0xffffffffc0a01234 vmap",
                ""));

        assertThat(info.entries()).extracting(VmallocEntry::kind)
                .containsExactly(EntryKind.UNPURGED, EntryKind.VM_MAP_RAM, EntryKind.AREA, EntryKind.AREA);
        assertThat(info.entries()).extracting(VmallocEntry::line).containsExactly(1, 2, 4, 5);
        assertThat(info.entries()).extracting(VmallocEntry::function)
                .containsExactly("unpurged", "vm_map_ram", "unknown", "0xffffffffc0a01234");
        // 20480 + 262144 + 8192 + 8192
        assertThat(info.totalBytes()).isEqualTo(299008);
    }

    @Test
    void addressesAreRealWhenEveryRangeIsExactlyItsSizeHashedOtherwiseZeroedWhenAllZero() {
        String real = "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n"
                + "0x10008000-0x1000a000    8192 unpurged vm_area\n";
        // 0x0a - 0x05 is not 20480
        String hashed = "0x000000008b186ae5-0x00000000ec5471e0   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n";
        String zeroed = "0x0000000000000000-0x0000000000000000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n";
        // one consistent line does not make a file real if another is not
        String mixed = real + hashed;

        assertThat(VmallocInfoParser.parse("r", real).addresses()).isEqualTo(AddressKind.REAL);
        assertThat(VmallocInfoParser.parse("h", hashed).addresses()).isEqualTo(AddressKind.HASHED);
        assertThat(VmallocInfoParser.parse("z", zeroed).addresses()).isEqualTo(AddressKind.ZEROED);
        assertThat(VmallocInfoParser.parse("m", mixed).addresses()).isEqualTo(AddressKind.HASHED);
    }

    @Test
    void entriesGroupByFunctionInOrderOfFirstAppearance() {
        VmallocInfo info = VmallocInfoParser.parse("t", String.join("\n",
                "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc",
                "0x10005000-0x10007000    8192 bpf_prog_alloc_no_stats+0x4a/0x2b0 pages=1 vmalloc",
                "0x10007000-0x1000c000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc",
                ""));

        assertThat(info.byFunction()).containsOnlyKeys("kernel_clone", "bpf_prog_alloc_no_stats");
        assertThat(List.copyOf(info.byFunction().keySet())).containsExactly("kernel_clone", "bpf_prog_alloc_no_stats");
        assertThat(info.byFunction().get("kernel_clone")).extracting(VmallocEntry::line).containsExactly(1, 3);
    }

    /**
     * Each bad line is line 2 of its file (line 1 is good), so the message must say {@code bad.txt:2},
     * the column where the problem starts (1-based) and the offending token or reason.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // line 2                                                                         | column | the message also says
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 pages=1 vmaloc             | 63     | unknown token 'vmaloc' (did you mean 'vmalloc'?)",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 vmalloc pages=1            | 63     | 'pages=1' after 'vmalloc'",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 vmalloc vmalloc            | 63     | 'vmalloc' is repeated",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400  vmalloc                   | 55     | two spaces in a row",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 vmalloc N1=1 N0=1          | 68     | 'N0=1': NUMA nodes are printed once each, in increasing order",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 pages=0 vmalloc            | 55     | unknown token 'pages=0'",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 page=1 vmalloc             | 55     | unknown token 'page=1' (did you mean 'pages='?)",
        "0x10008000-0x1000a000    8192 vmalloc kernel_clone+0xb8/0x400                    | 39     | unknown token 'kernel_clone+0xb8/0x400'",
        "0x10008000-0x1000a000    8192 kernel_clone+0xb8/0x400 [mod] [mod]                | 61     | '[mod]': a [module] follows the caller directly",
        "0x10008000-0x1000a000    8192 unpurged vm_area vmalloc                           | 31     | exactly 'unpurged vm_area'",
        "0x10008000-0x1000a000    8192 vm_map_ram vmalloc                                 | 42     | 'vmalloc': nothing follows 'vm_map_ram'",
        "0x10008000-0x1000a000    0 vmalloc                                               | 26     | size '0'",
        "0x10008000-0x1000a000    08192 vmalloc                                           | 26     | size '08192'",
        "0x10008000-0x1000a000    99999999999999999999 vmalloc                            | 26     | size '99999999999999999999'",
        "0x10008000-0x1000a000    8192                                                    | 30     | the line ends after the size",
        "0x10008000-0x1000a000                                                            | 22     | the line ends after the address range",
        "0x1000800-0x1000a000    8192 vmalloc                                             | 1      | address range '0x1000800-0x1000a000'",
        "0x10008000-0x000000001000a000    8192 vmalloc                                    | 1      | start and end have different widths",
        "0X10008000-0x1000a000    8192 vmalloc                                            | 1      | address range '0X10008000-0x1000a000'",
    })
    void aBadLineIsRefusedNamingFileLineColumnAndToken(String line, int column, String says) {
        String good = "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n";
        String expected = says;
        assertThatThrownBy(() -> VmallocInfoParser.parse("bad.txt", good + line.strip() + "\n"))
                .isInstanceOf(VmallocInfoException.class)
                .hasMessageStartingWith("bad.txt:2: column " + column + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(((VmallocInfoException) e).line()).isEqualTo(2));
    }

    @Test
    void whiteSpaceAndBytesTheKernelNeverPrintsAreRefused() {
        String good = "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc";
        assertThatThrownBy(() -> VmallocInfoParser.parse("w", good + " \n"))
                .hasMessage("w:1: column 70: a trailing space");
        assertThatThrownBy(() -> VmallocInfoParser.parse("w", good.replace("   20480", "\t20480") + "\n"))
                .hasMessage("w:1: column 22: a tab: parts are separated by spaces");
        assertThatThrownBy(() -> VmallocInfoParser.parse("w", good + "\r\n"))
                .hasMessage("w:1: column 70: a carriage return: lines end with a line feed only");
        assertThatThrownBy(() -> VmallocInfoParser.parse("w", good + "\n\n" + good + "\n"))
                .hasMessage("w:2: empty line");
        assertThatThrownBy(() -> VmallocInfoParser.parse("w", good.replace("kernel", "kern\u00e9l") + "\n"))
                .hasMessage("w:1: column 35: byte 0xe9, which is not printable ASCII");
    }

    @Test
    void aFileWithoutAnyAreaIsRefused() {
        assertThatThrownBy(() -> VmallocInfoParser.parse("e.txt", "# only a comment\n"))
                .isInstanceOf(VmallocInfoException.class)
                .hasMessageStartingWith("e.txt: no area");
        assertThatThrownBy(() -> VmallocInfoParser.parse("e.txt", ""))
                .hasMessageStartingWith("e.txt: no area");
    }

    @Test
    void aHugeBadTokenIsQuotedAsABoundedExcerpt() {
        String huge = "x".repeat(100_000);
        assertThatThrownBy(() -> VmallocInfoParser.parse("h", "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 " + huge + "\n"))
                .hasMessageContaining("'" + "x".repeat(VmallocInfoException.MAX_EXCERPT) + "…'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
    }
}
