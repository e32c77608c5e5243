package io.vmapkit.api.shrinker;

/**
 * A cache that can give objects back under memory pressure: the kernel's {@code struct shrinker}
 * with split callbacks.
 *
 * <p><b>Threading.</b> The registry calls {@link #countObjects} and {@link #scanObjects} on the
 * thread that runs reclaim (often one that is allocating pages), with no vmapkit lock held, and
 * may call one shrinker from several threads at once. Callbacks may block briefly (take a lock);
 * a shrinker that cannot make progress now returns {@link #SHRINK_STOP} from scan rather than
 * waiting. A callback that throws, or returns a negative value other than the two constants, is
 * contained and reported by the registry.
 */
public interface Shrinker {

    /** Returned by {@link #scanObjects}: no progress possible now; ends this shrinker's loop. {@code ~0UL}. */
    long SHRINK_STOP = -1L;

    /** Returned by {@link #countObjects}: no objects at all. {@code ~0UL - 1}. */
    long SHRINK_EMPTY = -2L;

    /** The default cost of recreating an object. */
    int DEFAULT_SEEKS = 2;

    /** The scan batch used when {@link #batch()} returns 0. */
    long SHRINK_BATCH = 128;

    /**
     * How many objects could be freed ({@code count_objects}). Must be cheap and must not wait for
     * locks: return 0 ("skip for now") if the count cannot be taken.
     *
     * @return a count ≥ 0, or {@link #SHRINK_EMPTY}
     */
    long countObjects(ShrinkControl sc);

    /**
     * Frees up to {@link ShrinkControl#nrToScan()} objects ({@code scan_objects}). May lower
     * {@link ShrinkControl#setNrScanned(long)} to report how many were actually examined.
     *
     * @return the number freed (≥ 0), or {@link #SHRINK_STOP}
     */
    long scanObjects(ShrinkControl sc);

    /** The cost of recreating an object; 0 means "zero-seek" (scan half the cache at any priority). Default 2. */
    default int seeks() {
        return DEFAULT_SEEKS;
    }

    /** The scan batch; 0 means {@link #SHRINK_BATCH}. Read on every pass, so it may be retuned. */
    default long batch() {
        return 0;
    }

    /** A name for events and reports. Default: the class name. */
    default String name() {
        return getClass().getName();
    }
}
