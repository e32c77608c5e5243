package io.vmapkit.workloads.simulate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses which load performs the next operation when a scenario runs several loads together:
 * load {@code i} is chosen with probability {@code weight[i] / (sum of the weights of the loads not
 * yet finished)}, from a {@link SplittableRandom} seeded with the run's seed, so one seed gives one
 * interleaving. With a single load no random number is drawn: it is chosen every time, so a
 * one-load scenario steps its workload exactly as a run without a scheduler did.
 *
 * <p>Not thread-safe: the thread that steps the run owns it.
 */
public final class LoadScheduler {

    private final int[] weights;
    private final boolean[] finished;
    private final SplittableRandom random;
    private int active;
    private long activeWeight;

    /**
     * A scheduler of {@code weights.length} loads.
     *
     * @param weights each load's weight, at least 1
     * @param seed the seed of the choices
     * @throws IllegalArgumentException if there is no load or a weight is below 1
     */
    public LoadScheduler(int[] weights, long seed) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no load to schedule");
        }
        this.weights = weights.clone();
        for (int w : this.weights) {
            if (w < 1) {
                throw new IllegalArgumentException("a load's weight must be at least 1, not " + w + " in " + Arrays.toString(weights));
            }
            activeWeight += w;
        }
        this.finished = new boolean[weights.length];
        this.active = weights.length;
        this.random = new SplittableRandom(seed);
    }

    /** The load to step next, or {@code -1} once every load has finished. */
    public int next() {
        if (active == 0) {
            return -1;
        }
        if (weights.length == 1) {
            return 0;
        }
        long r = random.nextLong(activeWeight);
        for (int i = 0; i < weights.length; i++) {
            if (finished[i]) {
                continue;
            }
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights " + Arrays.toString(weights));
    }

    /** Load {@code i} has no operations left: it is never chosen again. */
    public void finished(int i) {
        if (!finished[i]) {
            finished[i] = true;
            active--;
            activeWeight -= weights[i];
        }
    }
}
