/**
 * The physical page pool plugins take backing storage from ({@code default} provider).
 *
 * <p>A pool has a fixed number of pages handed out in runs. An allocation that cannot be met
 * (or that the {@link io.vmapkit.api.FaultInjector#PAGE_POOL} fault turns into a shortage) runs,
 * if the caller allows reclaim: the shrinker registry's {@code shrinkSlab} from priority 12 down to
 * 0, stopping as soon as enough pages are free; then the OOM notifier chain with a fresh
 * {@link io.vmapkit.api.page.OomEvent}, retrying after each round that freed something, at most 8
 * rounds; then it fails with {@link io.vmapkit.api.page.PageAllocationException} (ENOMEM).
 *
 * <p>Reclaim and the OOM chain run on the allocating thread without the pool's lock, so shrinkers
 * and OOM callbacks may free runs back into the pool. The pool depends only on the api interfaces
 * {@link io.vmapkit.api.shrinker.ShrinkerRegistry} and {@link io.vmapkit.api.notifier.NotifierChain}.
 */
package io.vmapkit.allocator.page;
