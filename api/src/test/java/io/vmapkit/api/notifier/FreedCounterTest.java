package io.vmapkit.api.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FreedCounterTest {

    private static final NotifierBlock<FreedCounter> I915 = NotifierBlock.of("i915", 0, (a, d) -> Notify.DONE);
    private static final NotifierBlock<FreedCounter> MSM = NotifierBlock.of("msm", 0, (a, d) -> Notify.DONE);

    @Test
    void freedStartsAtZeroAndOnlyGrows() {
        FreedCounter freed = FreedCounter.create();
        assertThat(freed.freed()).isZero();
        freed.add(5);
        freed.add(0);
        freed.add(3);
        assertThat(freed.freed()).isEqualTo(8);
    }

    @Test
    void freedIsAddOnlyNegativeAdditionsAreRefusedAndChangeNothing() {
        FreedCounter freed = FreedCounter.create();
        freed.enterCallback(I915);
        freed.add(4);
        assertThatThrownBy(() -> freed.add(-4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("freed may only grow: add(-4) from i915");
        assertThat(freed.freed()).isEqualTo(4);
        assertThat(freed.contributions()).containsExactly(java.util.Map.entry("i915", 4L));
    }

    @Test
    void freedSaturatesInsteadOfWrappingToZero() {
        FreedCounter freed = FreedCounter.create();
        freed.add(Long.MAX_VALUE);
        freed.add(Long.MAX_VALUE);
        assertThat(freed.freed()).isEqualTo(Long.MAX_VALUE);
        assertThat(freed.contributions().get(FreedCounter.OUTSIDE_CALLBACK)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void contributionsAreAttributedToTheRunningBlock() {
        FreedCounter freed = FreedCounter.create();
        freed.enterCallback(I915);
        freed.add(10);
        freed.exitCallback(I915, Notify.DONE, null);
        freed.enterCallback(MSM);
        freed.exitCallback(MSM, Notify.DONE, null);
        freed.enterCallback(MSM);
        freed.add(2);
        freed.exitCallback(MSM, Notify.DONE, null);
        freed.enterCallback(I915);
        freed.add(1);
        freed.exitCallback(I915, Notify.DONE, new RuntimeException());
        freed.add(7);
        assertThat(freed.contributions()).containsExactly(
                java.util.Map.entry("i915", 11L), java.util.Map.entry("msm", 2L),
                java.util.Map.entry(FreedCounter.OUTSIDE_CALLBACK, 7L));
        assertThat(freed.contributors()).containsExactly("i915", "msm", FreedCounter.OUTSIDE_CALLBACK);
        assertThat(freed.freed()).isEqualTo(20);
    }

    @Test
    void blocksThatAddNothingAreNotContributors() {
        FreedCounter freed = FreedCounter.create();
        freed.enterCallback(I915);
        freed.add(0);
        freed.exitCallback(I915, Notify.DONE, null);
        assertThat(freed.contributors()).isEmpty();
        assertThat(freed.contributions()).isEmpty();
    }

    @Test
    void contributionViewsAreImmutableCopies() {
        FreedCounter freed = FreedCounter.create();
        freed.add(1);
        var view = freed.contributions();
        freed.add(1);
        assertThat(view.get(FreedCounter.OUTSIDE_CALLBACK)).isEqualTo(1L);
        assertThatThrownBy(() -> view.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void concurrentAdditionsAreNotLost() throws InterruptedException {
        FreedCounter freed = FreedCounter.create();
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    freed.add(1);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(freed.freed()).isEqualTo((long) threads * perThread);
    }
}
