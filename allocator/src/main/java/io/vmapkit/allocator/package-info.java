/**
 * The vmap address-space allocators: {@code free-tree} (the 5.2+ augmented free tree) and
 * {@code busy-list} (the pre-5.2 first fit with the free_vmap_cache hint), lazy free and purge,
 * the overflow path that calls the purge notifier chain, and the physical page pool with reclaim.
 *
 * <p>Implementations are package-private and reached through providers registered with
 * {@code @AutoService}. This module depends on the api only.
 */
package io.vmapkit.allocator;
