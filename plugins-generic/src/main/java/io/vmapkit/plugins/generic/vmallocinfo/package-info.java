/**
 * A strict reader of {@code /proc/vmallocinfo}, the kernel's list of vmalloc areas, and the real
 * snapshot vmapkit ships.
 *
 * <p>{@link io.vmapkit.plugins.generic.vmallocinfo.VmallocInfoParser} reads the format the kernel
 * prints (one area per line: address range, size including the guard page, caller, then the
 * optional {@code pages=}, {@code phys=}, the type flags in the kernel's order and the NUMA counts;
 * lazily freed areas as {@code unpurged vm_area}, {@code vm_map_ram} blocks on their own) into an
 * immutable {@link io.vmapkit.plugins.generic.vmallocinfo.VmallocInfo}. Anything else is refused with
 * a {@link io.vmapkit.plugins.generic.vmallocinfo.VmallocInfoException} naming the source, the line,
 * the column and the bad token; nothing is returned for a file with any bad line.
 *
 * <p>{@link io.vmapkit.plugins.generic.vmallocinfo.AddressKind} says whether the printed addresses
 * are real (placeable exactly), hashed or zeroed, decided from the file alone.
 * {@link io.vmapkit.plugins.generic.vmallocinfo.VmallocInfoSource} opens a file or a shipped
 * snapshot ({@code classpath:NAME}).
 *
 * <p>Contract: every type here is immutable or stateless and thread-safe; parsing reads its input
 * once, line by line, and never changes anything outside the returned value.
 */
package io.vmapkit.plugins.generic.vmallocinfo;
