package io.vmapkit.plugins.generic.vmallocinfo;

/** The three kinds of line the kernel prints in {@code /proc/vmallocinfo}. */
public enum EntryKind {
    /**
     * A busy area with its {@code vm_struct}: {@code 0xSTART-0xEND SIZE [CALLER] [pages=N]
     * [phys=0x..] [flags] [N<node>=<pages>...]}. Its size includes the guard page.
     */
    AREA,
    /**
     * A busy {@code vm_map_ram} block (no {@code vm_struct}, no guard page):
     * {@code 0xSTART-0xEND SIZE vm_map_ram}.
     */
    VM_MAP_RAM,
    /**
     * A lazily freed area waiting for the next purge: {@code 0xSTART-0xEND SIZE unpurged vm_area}.
     * Its size is the whole reserved range, guard page included.
     */
    UNPURGED
}
