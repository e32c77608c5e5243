/**
 * The msm example: a GPU buffer-object cache whose purge notifier block unmaps a bounded number of
 * cached vmaps per call (kernel-model §15) and whose shrinker purges objects the host no longer needs.
 *
 * <p>Contract: {@link io.vmapkit.plugins.examples.msm.MsmPlugin} is the plugin and the host's handle on
 * the cache; {@link io.vmapkit.plugins.examples.msm.MsmObject} is a buffer object that only its plugin
 * operates on; {@link io.vmapkit.plugins.examples.msm.MsmStats} is a consistent reading of the cache. A
 * pinned mapping is never unmapped, a pinned or WILLNEED object never purged. The notifier adds the
 * <em>number of objects</em> it unmapped to {@code freed} (msm's unit), at most
 * {@code max-unmaps-per-call} per call; the shrinker counts and frees pages. The plugin's one lock is
 * never held while calling into vmapkit, so its callbacks may wait for it; see the plugin's Javadoc
 * for which lock each callback runs under.
 */
package io.vmapkit.plugins.examples.msm;
