package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.shrinker.Shrinker;

/**
 * The pure arithmetic of {@code do_shrink_slab}, kept apart from the loop so each formula can be
 * checked against hand-computed values: the 5.13+ form ({@link #delta}, {@link #totalScan},
 * {@link #nextDeferred}) and the pieces the older forms add ({@link #pressureDelta},
 * {@link #totalScanNrPlusDelta}, {@link #nextDeferredUncapped}); {@link SlabForm} picks per era.
 *
 * <p>All inputs are non-negative. The kernel computes in {@code unsigned long}; where a product or
 * sum would pass {@link Long#MAX_VALUE} (only for caches of more than 2^61 objects) the model
 * saturates instead of wrapping, and the caps of steps 4 and 7 then apply as usual.
 */
final class SlabArithmetic {

    private SlabArithmetic() {}

    /** Step 3: {@code (freeable >> priority) * 4 / seeks}; {@code freeable / 2} for zero-seek shrinkers. */
    static long delta(long freeable, int priority, int seeks) {
        if (seeks == 0) {
            return freeable / 2;
        }
        long q = freeable >> priority;
        if (q > Long.MAX_VALUE / 4) {
            return Long.MAX_VALUE / seeks;
        }
        return q * 4 / seeks;
    }

    /** {@code 2 * freeable}, the cap of steps 4 and 7. */
    static long cap(long freeable) {
        return freeable > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * freeable;
    }

    /** Step 4: {@code (nr >> priority) + delta}, capped at {@code 2 * freeable}. */
    static long totalScan(long nr, int priority, long delta, long freeable) {
        return Math.min(saturatingAdd(nr >> priority, delta), cap(freeable));
    }

    /** Step 5: the scan batch, {@link Shrinker#SHRINK_BATCH} when the shrinker says 0. */
    static long batchSize(long batch) {
        return batch != 0 ? batch : Shrinker.SHRINK_BATCH;
    }

    /** Step 6's loop condition: another batch runs while {@code totalScan >= batchSize || totalScan >= freeable}. */
    static boolean scanAnother(long totalScan, long batchSize, long freeable) {
        return totalScan >= batchSize || totalScan >= freeable;
    }

    /** Step 7: {@code max(nr + delta - scanned, 0)}, capped at {@code 2 * freeable}. */
    static long nextDeferred(long nr, long delta, long scanned, long freeable) {
        long owed = saturatingAdd(nr, delta);
        long next = owed > scanned ? owed - scanned : 0;
        return Math.min(next, cap(freeable));
    }

    /**
     * 3.12–4.15 step 3: {@code (4 * nrScanned / seeks) * freeable / (nrEligible + 1)}, the division
     * by {@code seeks} truncating first as the kernel's does; {@code freeable / 2} for zero-seek
     * shrinkers (the kernel would divide by zero). Saturates instead of wrapping.
     */
    static long pressureDelta(long freeable, long nrScanned, long nrEligible, int seeks) {
        if (seeks == 0) {
            return freeable / 2;
        }
        long perSeek = nrScanned > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / seeks : 4 * nrScanned / seeks;
        long numerator = perSeek != 0 && freeable > Long.MAX_VALUE / perSeek ? Long.MAX_VALUE : perSeek * freeable;
        return numerator / saturatingAdd(nrEligible, 1);
    }

    /**
     * 3.12–5.12 step 4: {@code nr + delta}; when {@code delta < freeable / 4} at most
     * {@code freeable / 2} (so a deferred backlog alone cannot empty the cache); then at most
     * {@code 2 * freeable}.
     */
    static long totalScanNrPlusDelta(long nr, long delta, long freeable) {
        long total = saturatingAdd(nr, delta);
        if (delta < freeable / 4) {
            total = Math.min(total, freeable / 2);
        }
        return Math.min(total, cap(freeable));
    }

    /**
     * 3.12–5.12 step 7: {@code max(nr + delta - scanned, 0)}, taken before the clamps of step 4 and
     * <em>not</em> capped (the {@code 2 * freeable} cap on deferred work came with 5.13).
     */
    static long nextDeferredUncapped(long nr, long delta, long scanned) {
        long owed = saturatingAdd(nr, delta);
        return owed > scanned ? owed - scanned : 0;
    }

    static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
