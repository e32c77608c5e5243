/**
 * The shrinker API: caches that give memory back under pressure ({@code include/linux/shrinker.h},
 * {@code mm/shrinker.c}).
 *
 * <p>A {@link io.vmapkit.api.shrinker.Shrinker} reports how many objects it could free
 * ({@code count_objects}) and frees up to a requested number ({@code scan_objects}). A
 * {@link io.vmapkit.api.shrinker.ShrinkerRegistry} runs them in reclaim passes whose intensity grows
 * as the priority falls from {@link io.vmapkit.api.shrinker.ShrinkerRegistry#DEF_PRIORITY} to 0,
 * with the 6.x arithmetic of {@code do_shrink_slab}: the scan target, the batch loop and work
 * deferred to later passes.
 */
package io.vmapkit.api.shrinker;
