/**
 * The physical page pool plugins take backing storage from.
 *
 * <p>When an allocation cannot be met, the pool reclaims through the shrinker registry (priority 12
 * down to 0), then calls the OOM notifier chain with an {@link io.vmapkit.api.page.OomEvent}, and
 * only then fails with {@link io.vmapkit.api.Errno#ENOMEM}.
 */
package io.vmapkit.api.page;
