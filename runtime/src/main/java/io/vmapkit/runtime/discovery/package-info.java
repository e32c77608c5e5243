/**
 * Finding plugins and providers with {@link java.util.ServiceLoader}, never by class-path scanning.
 *
 * <p>{@link io.vmapkit.runtime.discovery.ServiceDiscovery} reads the {@code META-INF/services} entries
 * of one service type from an explicit class loader (never the thread-context loader), one entry at a
 * time, so a broken entry (a missing class, a class that does not implement the service, a
 * constructor that throws, a {@code name()} that throws or is blank, an api version it cannot serve)
 * becomes a {@link io.vmapkit.runtime.discovery.ReportEntry} naming the class and the jar or
 * directory it came from, while the other entries load. What is usable is sorted by priority
 * (higher first), then name; two entries of one kind with the same name are a
 * {@link io.vmapkit.runtime.discovery.DiscoveryException} naming both classes and sources.
 *
 * <p>Whether a problem is fatal (strict mode) and which candidates are used is decided by the caller,
 * {@link io.vmapkit.runtime.VmapKit}; this package only finds and describes. A
 * {@link io.vmapkit.runtime.discovery.DiscoveryReport} is what {@code vmapkit plugins} prints.
 *
 * <p>Everything here is immutable or confined to the calling thread; discovery performs I/O (reading
 * services files) and instantiates providers, so it runs once, at startup, never in a Guice
 * {@code configure()} method.
 */
package io.vmapkit.runtime.discovery;
