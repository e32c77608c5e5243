package io.vmapkit.plugins.generic.workload;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.spi.PluginContext;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.plugins.generic.vmallocinfo.AddressKind;
import io.vmapkit.plugins.generic.vmallocinfo.EntryKind;
import io.vmapkit.plugins.generic.vmallocinfo.VmallocEntry;
import io.vmapkit.plugins.generic.vmallocinfo.VmallocInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code layout}: recreates the areas of a vmallocinfo file, one per step, and holds them, so a run
 * starts from a real machine's layout. {@link #step()} returns {@code false} once every area is
 * placed.
 *
 * <p>Each line becomes one allocation owned by the plugin {@code generic}:
 * <ul>
 *   <li>an area ({@link EntryKind#AREA}): its printed size includes the guard page, so it is
 *       requested as {@code size - page} bytes with the guard the allocator adds;</li>
 *   <li>{@code vm_map_ram}: {@code size} bytes with {@link AllocFlag#NO_GUARD};</li>
 *   <li>{@code unpurged vm_area}: allocated like an area and freed at once, so it waits lazily for a
 *       purge, as on the machine.</li>
 * </ul>
 * In mode {@code exact} each allocation's window is exactly its printed range
 * {@code [start, start + size)}; in {@code file-order} the allocator places it, in file order.
 * {@code auto} picks {@code exact} when the file's addresses are {@link AddressKind#REAL real} and
 * every range lies in the space, else {@code file-order}.
 *
 * <p>Unlike the other generic workloads, a layout that cannot be placed fails: {@link #step()} throws
 * {@link IllegalStateException} naming the file, line, size and caller and the allocator's reason.
 * Counters: {@code areas} placed, {@code bytes} reserved (guard pages included), {@code exact} (placed
 * at their printed address), {@code unpurged} (placed and freed lazily), {@code vmMapRam}.
 */
public final class LayoutWorkload extends CountingWorkload {

    /** Workload name. */
    public static final String NAME = "layout";
    /** Parameter: the file. */
    public static final String FILE = "file";
    /** Parameter: the placement mode. */
    public static final String MODE = "mode";
    /** The modes. */
    public static final List<String> MODES = List.of("auto", "exact", "file-order");

    private final PluginContext context;
    private final VmallocInfo info;
    private final boolean exact;
    private final long page;
    private final List<VmapArea> held = new ArrayList<>();
    private int next;

    LayoutWorkload(PluginContext context, VmallocInfo info, String mode, long operations) {
        super(NAME, operations, "areas", "bytes", "exact", "unpurged", "vmMapRam");
        this.context = context;
        this.info = info;
        AddressSpace space = context.allocator().space();
        this.page = space.pageSize();
        for (VmallocEntry e : info.entries()) {
            checkSize(e);
        }
        boolean fits = info.entries().stream().allMatch(e -> space.contains(e.start(), e.start() + e.size()));
        switch (mode) {
            case "exact":
                if (info.addresses() != AddressKind.REAL) {
                    throw new IllegalArgumentException("workload 'layout': mode exact needs real addresses, but "
                            + info.source() + " has " + info.addresses().name().toLowerCase()
                            + " addresses (some line's end - start differs from its size); use mode file-order or auto");
                }
                info.entries().stream().filter(e -> !space.contains(e.start(), e.start() + e.size())).findFirst()
                        .ifPresent(e -> {
                            throw new IllegalArgumentException("workload 'layout': mode exact: " + info.where(e)
                                    + ": [" + Addresses.hex(e.start()) + ", " + Addresses.hex(e.start() + e.size())
                                    + ") is outside the space " + space);
                        });
                exact = true;
                break;
            case "file-order":
                exact = false;
                break;
            default:
                exact = info.addresses() == AddressKind.REAL && fits;
        }
    }

    private void checkSize(VmallocEntry e) {
        if (e.size() % page != 0) {
            throw new IllegalArgumentException("workload 'layout': " + info.where(e) + ": size " + e.size()
                    + " is not a multiple of the space's page size " + page);
        }
        if (e.kind() != EntryKind.VM_MAP_RAM && e.size() <= page) {
            throw new IllegalArgumentException("workload 'layout': " + info.where(e) + ": size " + e.size()
                    + " leaves nothing besides the guard page (" + page + " bytes)");
        }
    }

    /** Whether areas are placed at their printed addresses (after {@code auto} resolved). */
    public boolean exact() {
        return exact;
    }

    /** The parsed file. */
    public VmallocInfo info() {
        return info;
    }

    @Override
    boolean step(long op) {
        if (next >= info.entries().size()) {
            return false;
        }
        VmallocEntry e = info.entries().get(next++);
        boolean ram = e.kind() == EntryKind.VM_MAP_RAM;
        VmapRequest.Builder b = VmapRequest.builder(ram ? e.size() : e.size() - page);
        if (ram) {
            b.flags(AllocFlag.NO_GUARD);
        }
        if (exact) {
            b.window(e.start(), e.start() + e.size());
        }
        VmapArea area;
        try {
            area = context.allocator().allocate(b.build());
        } catch (VmapAllocationException | IllegalArgumentException ex) {
            throw new IllegalStateException("workload 'layout': " + info.where(e) + ": cannot place "
                    + e.size() + " bytes (" + e.function() + ")" + (exact ? " at " + Addresses.hex(e.start()) : "")
                    + ": " + ex.getMessage(), ex);
        }
        add("areas", 1);
        add("bytes", area.reservedSize());
        if (exact) {
            add("exact", 1);
        }
        if (ram) {
            add("vmMapRam", 1);
        }
        if (e.kind() == EntryKind.UNPURGED) {
            context.allocator().free(area);
            add("unpurged", 1);
        } else {
            held.add(area);
        }
        return true;
    }

    @Override
    public void finish() {
        for (VmapArea a : held) {
            context.allocator().free(a);
        }
        held.clear();
    }
}
