package io.vmapkit.notifier.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.testsupport.Threads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link GracePeriod}'s read-side scheme on one record: each outermost section moves the
 * thread's sequence from even to the next odd number and back to the next even one (so every
 * section has its own odd value, which a waiting writer compares against), a nested section changes
 * nothing, and each thread reads through its own record even when another thread holds the bias.
 */
class GracePeriodSequenceTest {

    @Test
    void everyOutermostSectionHasItsOwnOddSequenceNumber() {
        GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);
        GracePeriod.Reader r = gp.enter();
        assertThat(r.seq).as("first section").isEqualTo(1);
        assertThat(gp.enter()).as("a nested section gets no record").isNull();
        assertThat(r.seq).as("nested: unchanged").isEqualTo(1);
        gp.exit(null);
        assertThat(r.seq).isEqualTo(1);
        gp.exit(r);
        assertThat(r.seq).as("outside again").isEqualTo(2);
        assertThat(gp.enter()).isSameAs(r);
        assertThat(r.seq).as("second section: 3, not 1 again").isEqualTo(3);
        gp.exit(r);
        assertThat(r.seq).isEqualTo(4);
    }

    /** Another thread reads first and takes the bias; this thread still gets a record of its own. */
    @Test
    void aThreadReadsThroughItsOwnRecordWhileAnotherHoldsTheBias() throws Exception {
        GracePeriod gp = new GracePeriod(GracePeriod.Wait.PARK);
        GracePeriod.Reader[] theirs = new GracePeriod.Reader[1];
        CompletableFuture<Void> done = new CompletableFuture<>();
        Threads.start("first reader", () -> {
            theirs[0] = gp.enter();
            gp.exit(theirs[0]);
        }, done);
        done.get(20, TimeUnit.SECONDS);

        GracePeriod.Reader mine = gp.enter();
        try {
            assertThat(mine).isNotSameAs(theirs[0]);
            assertThat(mine.owner).isSameAs(Thread.currentThread());
            assertThat(gp.insideReadSection()).isTrue();
            assertThat(theirs[0].seq).as("the other thread's record is untouched").isEqualTo(2);
        } finally {
            gp.exit(mine);
        }
        assertThat(gp.insideReadSection()).isFalse();
        assertThat(gp.readerCount()).isEqualTo(2);
    }
}
