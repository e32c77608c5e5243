package io.vmapkit.reliability.oracle;

import java.util.SplittableRandom;

/**
 * Where a differential run's choices come from: a seeded generator, or a fuzzer's bytes. The
 * operations are derived from these choices alone, so the same choices give the same run.
 */
public interface Choices {

    /** A value in {@code [0, bound)}; {@code bound >= 1}. */
    long below(long bound);

    /** Whether any choice is left (a seeded generator never runs dry). */
    boolean hasMore();

    /** A value in {@code [0, bound)}. */
    default int below(int bound) {
        return (int) below((long) bound);
    }

    /** {@code true} with probability {@code percent}/100. */
    default boolean percent(int percent) {
        return below(100) < percent;
    }

    /** Choices from a seeded {@link SplittableRandom}. */
    static Choices of(SplittableRandom random) {
        return new Choices() {
            @Override
            public long below(long bound) {
                return bound <= 1 ? 0 : random.nextLong(bound);
            }

            @Override
            public boolean hasMore() {
                return true;
            }
        };
    }
}
