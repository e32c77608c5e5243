/**
 * Helpers for vmapkit's own tests, one copy for every module: {@link io.vmapkit.testsupport.LogCapture}
 * (what a {@code System.Logger} wrote), {@link io.vmapkit.testsupport.Threads} (test threads whose
 * outcome a test can wait for), {@link io.vmapkit.testsupport.Seeds} (seeds of randomized tests that
 * print and replay) and {@link io.vmapkit.testsupport.OpLog} (the last operations of a randomized run,
 * for its failure message).
 *
 * <p>The module depends on nothing but the JDK, so every module's tests can use it, the api's
 * included; it is a test-scope dependency everywhere except the testkit, which offers
 * {@code LogCapture} to plugin authors as {@code io.vmapkit.testkit.LogCapture}. Every class is
 * thread-safe.
 */
package io.vmapkit.testsupport;
