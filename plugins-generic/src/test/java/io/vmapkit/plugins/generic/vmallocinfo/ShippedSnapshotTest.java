package io.vmapkit.plugins.generic.vmallocinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped snapshot: the build machine's {@code /proc/vmallocinfo} (Linux 6.18, x86_64), copied
 * unchanged. The expected figures were counted from the raw file with standard tools, not with the
 * parser:
 * <pre>
 * wc -l                                          775 lines
 * awk '$3=="unpurged"{n++; s+=$2} END{print n, s}'   453 9277440
 * awk '$3!="unpurged"{n++; s+=$2} END{print n, s}'   322 20647936
 * grep -c kernel_clone                           181
 * grep -c ' ioremap'                              29
 * grep -c vpages                                   3
 * head -4 | tail -1   0x000000008b186ae5-0x00000000ec5471e0   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4
 * </pre>
 * Line 4's end is below its start, so the addresses are hashed.
 */
class ShippedSnapshotTest {

    private static final String SPEC = VmallocInfoSource.CLASSPATH + VmallocInfoSource.SHIPPED;

    @Test
    void theShippedSnapshotParsesCompletely() {
        VmallocInfo info = VmallocInfoSource.read(SPEC);

        assertThat(info.source()).isEqualTo(SPEC);
        assertThat(info.entries()).hasSize(775);
        assertThat(info.entries().stream().filter(e -> e.kind() == EntryKind.UNPURGED).count()).isEqualTo(453);
        assertThat(info.entries().stream().filter(e -> e.kind() == EntryKind.AREA).count()).isEqualTo(322);
        assertThat(info.entries().stream().filter(e -> e.kind() == EntryKind.VM_MAP_RAM).count()).isZero();
        assertThat(info.totalBytes()).isEqualTo(9277440L + 20647936L);
        assertThat(info.byFunction().get("kernel_clone")).hasSize(181);
        assertThat(info.entries().stream().filter(e -> e.has("ioremap")).count()).isEqualTo(29);
        assertThat(info.entries().stream().filter(e -> e.has("vpages")).count()).isEqualTo(3);
        assertThat(info.addresses()).isEqualTo(AddressKind.HASHED);
        VmallocEntry line4 = info.entries().get(3);
        assertThat(line4.line()).isEqualTo(4);
        assertThat(line4.start()).isEqualTo(0x8b186ae5L);
        assertThat(line4.end()).isEqualTo(0xec5471e0L);
        assertThat(line4.pages()).hasValue(4);
        assertThat(line4.numa()).containsEntry(0, 4L);
    }

    @Test
    void anUnknownShippedNameListsTheShippedOnes() {
        assertThatThrownBy(() -> VmallocInfoSource.read("classpath:nope.txt"))
                .isInstanceOf(VmallocInfoException.class)
                .hasMessage("classpath:nope.txt: no shipped snapshot named 'nope.txt' (shipped: " + VmallocInfoSource.SHIPPED + ")");
    }

    @Test
    void aMissingFileOrADirectoryIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> VmallocInfoSource.read(missing.toString()))
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> VmallocInfoSource.read(dir.toString()))
                .hasMessage(dir + ": is a directory, not a vmallocinfo file");
    }

    @Test
    void aFileIsReadFromItsPathAndErrorsNameIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vmallocinfo");
        Files.writeString(f, "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n"
                + "0x10005000-0x10007000    8192 ioremapp\n");
        assertThatThrownBy(() -> VmallocInfoSource.read(f.toString()))
                .hasMessageStartingWith(f + ":2: column 31: unknown token 'ioremapp' (did you mean 'ioremap'?)");
    }
}
