/**
 * What plugin authors need to unit-test their plugins.
 *
 * <ul>
 *   <li>{@link io.vmapkit.testkit.VmapKitTest} — a JUnit 5 meta-annotation: each test gets a fresh,
 *       small, started system (4 MiB space, 1 CPU, a {@link io.vmapkit.testkit.ManualClock}, a
 *       {@link io.vmapkit.testkit.RecordingListener}), its parts and the listed plugins'
 *       installations injected as test parameters; closed after the test.</li>
 *   <li>{@link io.vmapkit.testkit.Pressure} — fill the space, run a purge-notifier round, an OOM round
 *       or a shrink pass directly.</li>
 *   <li>{@link io.vmapkit.testkit.RecordingListener} and {@link io.vmapkit.testkit.VmapAssertions} —
 *       every listener event as a typed {@link io.vmapkit.testkit.VmapEvent}, with fluent checks of the
 *       sequence built from {@link io.vmapkit.testkit.Events} matchers.</li>
 *   <li>Fault injection, as the kernel's failslab: {@link io.vmapkit.testkit.SeededFaultInjector} (a
 *       seeded {@link io.vmapkit.api.FaultInjector} with per-site rates, for the allocator's descriptor,
 *       the free tree's NE node and the page pool), {@link io.vmapkit.testkit.FaultyNotifierBlock}
 *       (a block that throws, lies about what it freed, or sleeps) and
 *       {@link io.vmapkit.testkit.FaultyShrinker} (a shrinker that throws or returns nonsense); what
 *       they throw is an {@link io.vmapkit.testkit.InjectedFault} naming the culprit.</li>
 *   <li>{@link io.vmapkit.testkit.LogCapture} — what a plugin logs through {@code System.Logger}
 *       (its kernel-log messages), captured for assertions.</li>
 * </ul>
 *
 * <p>The testkit depends on {@code vmapkit-api}, {@code vmapkit-runtime}, {@code vmapkit-test-support}
 * (JDK only; the home of {@code LogCapture}) and {@code junit-jupiter-api} only. Its assertions are its own (they throw {@link java.lang.AssertionError}), so users are not
 * made to take AssertJ or Hamcrest; they combine with whatever assertion library a project uses.
 * Every api interface is an interface with no final methods, so Mockito mocks any of them (mind
 * that a bare mock of a {@link io.vmapkit.api.spi.Discoverable} answers 0 for {@code apiVersion()},
 * which discovery refuses: stub it to 1).
 */
package io.vmapkit.testkit;
