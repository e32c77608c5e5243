package io.vmapkit.allocator;

import io.vmapkit.api.event.PurgeVmapAreaLazyEvent;
import io.vmapkit.api.event.VmapListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A listener that holds every purge inside the purge lock (at its {@code purgeVmapAreaLazy} event)
 * until the test opens the gate, so a test can act while "another purge runs". Opening is final:
 * later purges pass straight through. Waits at most 30 s, so a failing test cannot hang the build.
 */
final class PurgeGate implements VmapListener {

    private final CountDownLatch purging = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void purgeVmapAreaLazy(PurgeVmapAreaLazyEvent event) {
        purging.countDown();
        try {
            open.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether a purge reached the gate within 10 s. */
    boolean awaitPurging() throws InterruptedException {
        return purging.await(10, TimeUnit.SECONDS);
    }

    /** Lets the held purge, and every later one, go on. */
    void open() {
        open.countDown();
    }
}
