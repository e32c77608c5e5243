package io.vmapkit.plugins.generic.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.api.spi.Workload;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.plugins.generic.GenericPlugin;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.VmapKitTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code layout} workload in a real system: a 64 MiB space at {@code 0x10000000} with one CPU,
 * so {@code lazy_max_pages} is {@code fls(1) * 32 MiB / 4 KiB} = 8192 pages (32 MiB) and the
 * 9,277,440 lazy bytes of the shipped snapshot's 453 unpurged areas trigger no purge.
 */
@VmapKitTest(plugins = GenericPlugin.class, spaceSize = 64L << 20)
class LayoutWorkloadTest {

    private static final long PAGE = 4096;

    private static long steps(Workload w) {
        long n = 0;
        while (w.step()) {
            n++;
        }
        return n;
    }

    /**
     * The shipped snapshot has hashed addresses, so auto places it in file order. Counted from the raw
     * file (see ShippedSnapshotTest): 775 lines, 322 areas of 20,647,936 bytes and 453 unpurged of
     * 9,277,440 bytes. Each line reserves exactly its printed size: {@code size - page} requested plus
     * the guard page the allocator adds.
     */
    @Test
    void theShippedSnapshotIsRecreatedInFileOrderAndHeld(VmapSystem system, VmapAllocator allocator) {
        Workload w = system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of());

        assertThat(steps(w)).isEqualTo(775);
        assertThat(w.step()).as("complete: nothing left").isFalse();
        assertThat(w.counters()).containsEntry("ops", 775L).containsEntry("areas", 775L)
                .containsEntry("bytes", 29925376L).containsEntry("exact", 0L).containsEntry("unpurged", 453L);
        assertThat(allocator.stats().liveBytes()).isEqualTo(20647936L);
        assertThat(allocator.stats().lazyBytes()).isEqualTo(9277440L);
        assertThat(allocator.snapshot().ranges().stream()
                .filter(r -> r.kind() == VmapSnapshot.Kind.BUSY).allMatch(r -> r.owner().equals("generic"))).isTrue();

        w.finish();
        assertThat(allocator.stats().liveBytes()).as("finish frees what the layout holds").isZero();
    }

    @Test
    void operationsCapsTheAreasPlaced(VmapSystem system) {
        Workload w = system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("operations", "10"));
        assertThat(steps(w)).isEqualTo(10);
        assertThat(w.counters()).containsEntry("areas", 10L);
    }

    /**
     * Real addresses inside the space: auto places every area exactly at its printed start. The
     * second line is an ioremap at 0x10100000 (8 KiB with its guard page), far above the first, so an
     * allocator placing by itself would have put it right after the first (0x10005000).
     */
    @Test
    void realAddressesArePlacedExactly(VmapSystem system, VmapAllocator allocator, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("real");
        Files.writeString(f, "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc N0=4\n"
                + "0x10100000-0x10102000    8192 pci_iomap+0x10/0x20 phys=0x00000000fe000000 ioremap\n"
                + "0x10200000-0x10240000  262144 vm_map_ram\n");
        Workload w = system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", f.toString()));

        assertThat(steps(w)).isEqualTo(3);
        assertThat(w.counters()).containsEntry("exact", 3L).containsEntry("vmMapRam", 1L)
                .containsEntry("bytes", 20480L + 8192 + 262144);
        assertThat(allocator.snapshot().ranges().stream().filter(r -> r.kind() == VmapSnapshot.Kind.BUSY)
                .map(r -> Long.toHexString(r.start()) + "-" + Long.toHexString(r.end())))
                .containsExactly("10000000-10005000", "10100000-10102000", "10200000-10240000");
    }

    @Test
    void fileOrderIgnoresRealAddresses(VmapSystem system, VmapAllocator allocator, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("real");
        Files.writeString(f, "0x10100000-0x10105000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n");
        Workload w = system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", f.toString(), "mode", "file-order"));

        assertThat(steps(w)).isEqualTo(1);
        // the lowest fit in an empty space is its start
        assertThat(allocator.snapshot().ranges().get(0))
                .isEqualTo(new VmapSnapshot.Range(0x10000000L, 0x10005000L, VmapSnapshot.Kind.BUSY, "generic"));
        assertThat(w.counters()).containsEntry("exact", 0L);
    }

    @Test
    void exactRefusesHashedAddressesAndAddressesOutsideTheSpace(VmapSystem system, @TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("mode", "exact")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mode exact needs real addresses, but classpath:vmallocinfo-6.18-x86_64.txt has hashed addresses");
        Path f = dir.resolve("outside");
        // the space is [0x10000000, 0x14000000)
        Files.writeString(f, "0x20000000-0x20005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", f.toString(), "mode", "exact")))
                .hasMessageContaining(f + ":1: [0x20000000, 0x20005000) is outside the space");
    }

    @Test
    void overlappingExactAreasFailNamingTheLine(VmapSystem system, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("overlap");
        Files.writeString(f, "0x10000000-0x10005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc\n"
                + "0x10004000-0x10006000    8192 n_tty_open+0x1/0x2 pages=1 vmalloc\n");
        Workload w = system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", f.toString()));
        assertThat(w.step()).isTrue();
        assertThatThrownBy(w::step).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("workload 'layout': " + f + ":2: cannot place 8192 bytes (n_tty_open) at 0x10004000: ");
    }

    @Test
    void badParametersAndSizesAreNamed(VmapSystem system, @TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("mode", "exakt")))
                .hasMessageContaining("workload 'layout' of plugin 'generic': parameter mode = 'exakt': must be one of auto, exact, file-order (did you mean 'exact'?)");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("flie", "x")))
                .hasMessageContaining("unknown parameter 'flie' (did you mean 'file'?); known: [file, mode, operations]");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layuot", 1, Map.of()))
                .hasMessageContaining("plugin 'generic' offers no workload 'layuot'").hasMessageContaining("layout");
        Path f = dir.resolve("guard-only");
        Files.writeString(f, "0x10000000-0x10001000    4096 kernel_clone+0xb8/0x400 vmalloc\n");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", f.toString())))
                .hasMessageContaining(f + ":1: size 4096 leaves nothing besides the guard page (4096 bytes)");
        Path g = dir.resolve("odd");
        Files.writeString(g, "0x10000000-0x10001800    6144 kernel_clone+0xb8/0x400 vmalloc\n");
        assertThatThrownBy(() -> system.newWorkload(GenericPlugin.NAME, "layout", 1, Map.of("file", g.toString())))
                .hasMessageContaining(g + ":1: size 6144 is not a multiple of the space's page size " + PAGE);
    }
}
