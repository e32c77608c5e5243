package io.vmapkit.testsupport;

import java.util.concurrent.CompletableFuture;

/** Test threads whose outcome a test can wait for. */
public final class Threads {
    private Threads() {}

    /**
     * Runs {@code task} on a new, started daemon thread named {@code name}; {@code done} completes
     * normally when the task returns, exceptionally with whatever it throws.
     *
     * @param name the thread's name
     * @param task what the thread runs
     * @param done completed when the task ends: normally, or exceptionally with what it threw
     * @return the started thread
     */
    public static Thread start(String name, Runnable task, CompletableFuture<Void> done) {
        Thread t = new Thread(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
