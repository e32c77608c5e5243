/**
 * Notifier chains: the kernel's priority-ordered callback lists ({@code kernel/notifier.c}).
 *
 * <p>A {@link io.vmapkit.api.notifier.NotifierChain} holds {@link io.vmapkit.api.notifier.NotifierBlock}s
 * in priority order (higher first, equal priorities in registration order) and calls them in turn
 * with an action and a data object, stopping when a callback's result has
 * {@link io.vmapkit.api.notifier.Notify#STOP_MASK} set. The four {@link io.vmapkit.api.notifier.ChainKind}s
 * differ only in locking; each kind's Javadoc states which lock a callback runs under.
 *
 * <p>Data objects that accumulate progress (the {@link io.vmapkit.api.notifier.FreedCounter}
 * interface: the vmap purge chain's {@link io.vmapkit.api.vmap.VmapPurgeEvent}, the OOM chain's
 * {@link io.vmapkit.api.page.OomEvent}, or a plain counter from
 * {@link io.vmapkit.api.notifier.FreedCounter#create()}) are add-only, and learn from the chain
 * which block is running through {@link io.vmapkit.api.notifier.NotifierCallObserver}, so
 * contributions can be attributed. The counting itself is vmapkit's and final: the events delegate
 * to it rather than extend a public base class.
 *
 * <p>Implementations live in the {@code notifier} module and are created through
 * {@link io.vmapkit.api.spi.NotifierProvider}.
 */
package io.vmapkit.api.notifier;
