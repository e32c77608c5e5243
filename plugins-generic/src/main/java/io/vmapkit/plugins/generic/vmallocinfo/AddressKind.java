package io.vmapkit.plugins.generic.vmallocinfo;

/**
 * What the addresses of a vmallocinfo file are, decided from the file alone.
 *
 * <p>The kernel prints each range with {@code %pK}. Whether a reader sees real addresses depends on
 * {@code kernel.kptr_restrict} and its privileges: with {@code kptr_restrict=1} a reader holding
 * {@code CAP_SYSLOG} (root) sees real addresses; with {@code kptr_restrict=0} the kernel hashes them
 * (since Linux 4.15, unless booted with {@code no_hash_pointers}); with {@code kptr_restrict=2}, or
 * without the privilege, it prints zeros. The file does not say which, so the parser decides:
 * <ul>
 *   <li>{@link #ZEROED}: every start and every end is 0;</li>
 *   <li>{@link #REAL}: every line's {@code end - start} equals its printed size and no start is 0
 *       (each range is an address range of exactly the printed size);</li>
 *   <li>{@link #HASHED}: anything else. A hash maps start and end independently, so a hashed line
 *       matches its size by chance with probability about 2<sup>-32</sup>; a file of hashed lines
 *       that all match is not a practical concern.</li>
 * </ul>
 */
public enum AddressKind {
    /** Real kernel virtual addresses: areas can be placed exactly where the file says. */
    REAL,
    /** Hashed pointers: only sizes, callers, flags and the order are usable. */
    HASHED,
    /** Zeroed pointers (an unprivileged reader or {@code kptr_restrict=2}). */
    ZEROED
}
