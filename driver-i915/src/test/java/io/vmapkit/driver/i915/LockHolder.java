package io.vmapkit.driver.i915;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Another thread that holds struct_mutex until released. */
final class LockHolder implements AutoCloseable {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;

    LockHolder(Device device) throws InterruptedException {
        thread = new Thread(() -> {
            device.structMutex().lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                device.structMutex().unlock();
                released.countDown();
            }
        }, "struct_mutex-holder");
        thread.setDaemon(true);
        thread.start();
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("holder thread did not get struct_mutex");
        }
    }

    /** Releases the lock and waits until it is released. */
    void releaseNow() {
        release.countDown();
        try {
            if (!released.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("holder thread did not release struct_mutex");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        releaseNow();
    }
}
