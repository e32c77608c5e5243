/**
 * The shrinker registry ({@code mm/shrinker.c}), created with
 * {@link io.vmapkit.notifier.shrinker.ShrinkerRegistries#create}: registration, reclaim passes with
 * the {@code do_shrink_slab} arithmetic of one era ({@link io.vmapkit.notifier.shrinker.SlabForm}:
 * 3.12–4.15, 4.16–5.12 or, by default, 5.13+), {@code reclaim(target)}
 * running priorities 12 → 0 for the page pool, the {@code mm_shrink_slab_start/end} events
 * (listener and JFR {@code vmap.ShrinkStart} / {@code vmap.ShrinkEnd}), and containment of
 * shrinkers that throw or return nonsense.
 *
 * <p>Shrinker callbacks run on the reclaiming thread with no registry lock held; see
 * {@code DefaultShrinkerRegistry} for the arithmetic, the misbehaviour table and the quarantine
 * policy. The implementation is package-private.
 */
package io.vmapkit.notifier.shrinker;
