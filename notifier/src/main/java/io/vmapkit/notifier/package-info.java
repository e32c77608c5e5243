/**
 * Notifier chains (blocking, atomic, raw, SRCU) and the shrinker registry, implementing the api's
 * {@code notifier} and {@code shrinker} contracts with the kernel's semantics.
 *
 * <p>The only entry point is {@link io.vmapkit.notifier.DefaultNotifierProvider} (provider name
 * "default"), registered with {@code @AutoService} for {@link io.vmapkit.api.spi.NotifierProvider}.
 * It delegates to two sub-packages, one per kernel subsystem:
 * <ul>
 *   <li>{@link io.vmapkit.notifier.chain}: the four chain kinds ({@code kernel/notifier.c}),
 *       their locking, the failure/quarantine policy and the {@code vmap.NotifierCall} JFR event;</li>
 *   <li>{@link io.vmapkit.notifier.shrinker}: the shrinker registry ({@code mm/shrinker.c}), the
 *       {@code do_shrink_slab} arithmetic and the {@code vmap.ShrinkStart/End} JFR events.</li>
 * </ul>
 * Each sub-package exposes one small public factory; every implementation class is
 * package-private. This module depends on the api only, and never on the allocator.
 */
package io.vmapkit.notifier;
