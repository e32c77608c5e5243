/**
 * The msm example: a GPU buffer-object cache whose purge notifier block unmaps a bounded number of
 * cached vmaps per call (docs/fidelity.md §15) and whose shrinker purges objects the host no longer needs.
 *
 * <p>Contract: {@link io.vmapkit.plugins.examples.msm.MsmPlugin} is the plugin, a stateless factory;
 * installing it returns {@link io.vmapkit.plugins.examples.msm.MsmDriver}, the system's cache and the
 * host's handle on it, which the system owns and closes on uninstall; {@link io.vmapkit.plugins.examples.msm.MsmObject} is a buffer object that only its driver
 * operates on; {@link io.vmapkit.plugins.examples.msm.MsmStats} is a consistent reading of the cache. A
 * pinned mapping is never unmapped, a pinned or WILLNEED object never purged, and an object being
 * mapped is pinned before its mapping is allocated, so no callback unmaps it. The notifier adds the
 * <em>number of objects</em> it unmapped to {@code freed} (msm's unit), at most
 * {@code max-unmaps-per-call} per call; the shrinker counts and frees pages.
 *
 * <p>Locks: one cache lock (msm's {@code struct_mutex}) guards the cache. The callbacks run on the
 * thread that ran out (the notifier under the purge chain's read lock, the shrinker under no vmapkit
 * lock); how they get the cache lock is the setting {@code vmapkit.plugin.msm.lock}:
 * <ul>
 *   <li>{@code wait} (default, D17 in {@code docs/fidelity.md}): the cache lock is never held while the
 *       plugin calls into vmapkit, so the notifier block and the shrinker's scan wait for it and the
 *       count reads without it; a callback never gives up;</li>
 *   <li>{@code trylock} (the kernel's {@code msm_gem_shrinker_lock}): {@code newObject} and
 *       {@code getVaddr} hold the cache lock across their allocations; a callback on that same thread
 *       proceeds under the caller's hold without releasing it, a callback on any other thread
 *       try-locks it and, if it is held, gives up (notifier: nothing added, NOTIFY_DONE; count: 0;
 *       scan: SHRINK_STOP), counted in the stats and logged rate-limited.</li>
 * </ul>
 * The plugin's Javadoc has the full table.
 */
package io.vmapkit.plugins.examples.msm;
