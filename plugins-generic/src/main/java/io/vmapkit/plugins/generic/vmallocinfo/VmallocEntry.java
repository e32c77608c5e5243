package io.vmapkit.plugins.generic.vmallocinfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One line of a vmallocinfo file. Immutable.
 *
 * @param line the 1-based line number in its source
 * @param start the printed start address (real, hashed or zero: see {@link AddressKind})
 * @param end the printed end address, exclusive
 * @param size the printed size in bytes; for {@link EntryKind#AREA} and {@link EntryKind#UNPURGED}
 *     it includes the guard page
 * @param kind what the line describes
 * @param caller the caller as printed ({@code symbol+0xoff/0xlen} or {@code 0x<hex>}), or {@code ""}
 *     when the kernel printed none (always for {@code vm_map_ram} and {@code unpurged vm_area})
 * @param module the module the caller is in (printed as {@code [module]} after it), or {@code ""}
 * @param pages {@code pages=N}: the pages backing a vmalloc area, if printed
 * @param phys {@code phys=0x..}: the physical address of an ioremap, if printed
 * @param flags the type flags in the order printed ({@code ioremap}, {@code sparse},
 *     {@code vmalloc}, {@code vmap}, {@code user}, {@code dma-coherent}, {@code vpages})
 * @param numa {@code N<node>=<pages>}: node to pages
 */
public record VmallocEntry(int line, long start, long end, long size, EntryKind kind, String caller, String module,
        OptionalLong pages, OptionalLong phys, List<String> flags, Map<Integer, Long> numa) {

    /** Copies the collections and checks nothing is null. */
    public VmallocEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(pages, "pages");
        Objects.requireNonNull(phys, "phys");
        flags = List.copyOf(flags);
        numa = Map.copyOf(numa);
    }

    /**
     * The caller's function name without offset and module ({@code kernel_clone} for
     * {@code kernel_clone+0xb8/0x400}); {@code unpurged} or {@code vm_map_ram} for those lines, and
     * {@code unknown} for an area printed without a caller.
     */
    public String function() {
        switch (kind) {
            case UNPURGED: return "unpurged";
            case VM_MAP_RAM: return "vm_map_ram";
            default:
                if (caller.isEmpty()) {
                    return "unknown";
                }
                int plus = caller.indexOf('+');
                return plus < 0 ? caller : caller.substring(0, plus);
        }
    }

    /** Whether the flag (e.g. {@code ioremap}) was printed. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }
}
