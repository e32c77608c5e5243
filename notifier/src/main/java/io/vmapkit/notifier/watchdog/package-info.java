/**
 * The callback watchdog: a bound on how long a plugin's callback (a notifier block's call, a
 * shrinker's {@code count_objects} or {@code scan_objects}, a plugin's install or uninstall) may run
 * before it is reported as hung.
 *
 * <p>Contract: {@link io.vmapkit.notifier.watchdog.CallbackWatchdog#enter} starts timing a call on
 * the calling thread and {@link io.vmapkit.notifier.watchdog.CallbackWatchdog.Call#exit} ends it. A
 * call still running when the timeout ({@code vmapkit.notifier.callback-timeout}) elapses is
 * reported once, from the watchdog's own daemon thread: a
 * {@link io.vmapkit.notifier.watchdog.CallbackTimeoutException} naming the callback, whose stack
 * trace is the hung thread's stack at that moment, is logged as a warning and handed to every
 * {@linkplain io.vmapkit.notifier.watchdog.CallbackWatchdog#onTimeout registered sink}; then the hung
 * thread is interrupted. Nothing can stop a Java thread that ignores interrupts, so the call may
 * still never return; if it does, {@code exit} hands the same exception back and the caller treats
 * the call as failed (chains and shrinker registries quarantine the callback at once, the runtime
 * fails the install or reports the uninstall). A timeout of {@code none} waits forever, as the
 * kernel does (the kernel presets select it).
 *
 * <p>Thread-safe. The watchdog keeps one daemon timer thread per JVM, started on the first timed
 * call; the sinks are process-wide (an application that must stop on a hang, such as the
 * {@code vmapkit} command, registers one for the duration of its run).
 */
package io.vmapkit.notifier.watchdog;
