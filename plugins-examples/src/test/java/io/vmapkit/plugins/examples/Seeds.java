package io.vmapkit.plugins.examples;

import java.util.SplittableRandom;

/**
 * Seeds for randomized tests: {@code -Dvmapkit.seed=<seed>} replays a run, otherwise a fresh seed is
 * drawn. Either way it is printed, and tests put it in their assertion messages.
 */
public final class Seeds {

    private Seeds() {}

    /** The seed for {@code test}, printed with how to replay it. */
    public static long seed(String test) {
        Long fixed = Long.getLong("vmapkit.seed");
        long seed = fixed != null ? fixed : new SplittableRandom().nextLong();
        System.out.println(test + ": seed " + seed + " (replay with -Dvmapkit.seed=" + seed + ")");
        return seed;
    }
}
