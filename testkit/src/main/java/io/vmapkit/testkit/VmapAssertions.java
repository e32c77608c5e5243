package io.vmapkit.testkit;

import io.vmapkit.api.notifier.FreedCounter;

/**
 * Entry points of the testkit's own fluent assertions (no AssertJ needed; they throw
 * {@link AssertionError}, which every test framework reports): {@code import static
 * io.vmapkit.testkit.VmapAssertions.assertThat;}.
 */
public final class VmapAssertions {

    private VmapAssertions() {}

    /** Assertions on what {@code recorder} recorded. */
    public static RecorderAssert assertThat(RecordingListener recorder) {
        return new RecorderAssert(recorder);
    }

    /** What a recorder offers: {@link #events()}. */
    public static final class RecorderAssert {
        private final RecordingListener recorder;

        RecorderAssert(RecordingListener recorder) {
            this.recorder = recorder;
        }

        /** Checks on the whole event sequence, as recorded now. */
        public EventSequenceAssert events() {
            return new EventSequenceAssert(recorder.events());
        }
    }

    /**
     * The block (or plugin) named {@code block} added at least {@code atLeast} to {@code counter}
     * (a {@link io.vmapkit.api.vmap.VmapPurgeEvent} or {@link io.vmapkit.api.page.OomEvent}).
     */
    public static void assertFreedAtLeast(FreedCounter counter, String block, long atLeast) {
        long got = counter.contributions().getOrDefault(block, 0L);
        if (got < atLeast) {
            throw new AssertionError("expected '" + block + "' to free at least " + atLeast + ", but it freed " + got
                    + "; contributions: " + counter.contributions());
        }
    }

    /** The block named {@code block} added nothing to {@code counter}: it gave up. */
    public static void assertGaveUp(FreedCounter counter, String block) {
        Long got = counter.contributions().get(block);
        if (got != null) {
            throw new AssertionError("expected '" + block + "' to give up (free nothing), but it freed " + got
                    + "; contributions: " + counter.contributions());
        }
    }
}
