package io.vmapkit.reliability.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Joins worker threads with a deadline; a thread still running at the deadline is stuck, and the
 * failure carries a dump of every thread (with the locks they hold and wait for).
 */
public final class Watchdog {

    private Watchdog() {}

    /**
     * Waits for every thread until {@code timeout} has passed in total.
     *
     * @throws AssertionError naming the stuck threads, with a full thread dump, if any is still alive
     */
    public static void joinAll(List<Thread> threads, long timeout, TimeUnit unit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
        List<String> stuck = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!stuck.isEmpty()) {
            String dump = threadDump();
            threads.forEach(Thread::interrupt);
            throw new AssertionError(what + ": " + stuck.size() + " thread(s) stuck after " + timeout + " "
                    + unit.name().toLowerCase(java.util.Locale.ROOT) + ": " + stuck + "\n" + dump);
        }
    }

    /** Every live thread's stack, locked monitors and synchronizers. */
    public static String threadDump() {
        StringBuilder sb = new StringBuilder("thread dump:\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                sb.append(" waiting for ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    sb.append(" held by \"").append(info.getLockOwnerName()).append('"');
                }
            }
            sb.append('\n');
            for (StackTraceElement e : info.getStackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
            for (var s : info.getLockedSynchronizers()) {
                sb.append("    holds ").append(s).append('\n');
            }
        }
        return sb.toString();
    }
}
