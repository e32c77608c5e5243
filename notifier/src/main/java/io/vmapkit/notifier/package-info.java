/**
 * Notifier chains (blocking, atomic, raw, SRCU) and the shrinker registry, implementing the api's
 * {@code notifier} and {@code shrinker} contracts with the kernel's semantics.
 *
 * <p>Implementations are package-private and reached through a provider registered with
 * {@code @AutoService}. This module depends on the api only.
 */
package io.vmapkit.notifier;
