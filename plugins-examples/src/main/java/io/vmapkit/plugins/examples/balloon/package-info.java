/**
 * The balloon example: holds a share of the vmap address space, gives it back a few chunks per
 * purge-notifier call, and takes it again on {@link io.vmapkit.plugins.examples.balloon.Balloon#tick()}
 * once no pressure has been seen for a quiet period on the system's clock.
 * {@link io.vmapkit.plugins.examples.balloon.BalloonPlugin} is the stateless factory; installing it
 * returns the system's {@link io.vmapkit.plugins.examples.balloon.Balloon}, which the system owns
 * and closes on uninstall (giving every chunk back).
 *
 * <p>Contract: the balloon never makes others reclaim (it inflates only with non-blocking requests
 * that fit while leaving headroom free), never deflates for its own requests, and adds the number of
 * chunks it gave back to {@code freed}. {@link io.vmapkit.plugins.examples.balloon.BalloonStats} is a
 * consistent reading. Its locks are never held while calling into vmapkit.
 */
package io.vmapkit.plugins.examples.balloon;
