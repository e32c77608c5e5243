/**
 * The foundation of vmapkit's stable contract: error codes ({@link io.vmapkit.api.Errno}), the
 * base exception, registration handles, the clock seam, fault-injection seam, unsigned 64-bit
 * address arithmetic ({@link io.vmapkit.api.Addresses}), and the kernel's message rate limit on that
 * clock ({@link io.vmapkit.api.Ratelimit}).
 *
 * <p>The whole {@code api} module depends on the JDK only. Its sub-packages build on this one:
 * {@code notifier} (notifier chains), {@code vmap} (address spaces, requests, areas, the
 * allocator), {@code shrinker}, {@code page} (the physical page pool), {@code event} (the
 * observability listener) and {@code spi} (plugins and providers). There are no package cycles.
 *
 * <p>Unless a type says otherwise, value types here are immutable and thread-safe, interfaces are
 * implemented by vmapkit's modules or by plugins, and {@code null} is never a legal argument.
 */
package io.vmapkit.api;
