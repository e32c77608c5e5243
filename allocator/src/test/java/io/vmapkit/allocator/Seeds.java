package io.vmapkit.allocator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for randomized tests: {@code -Dvmapkit.seed=<seed>} replays a run; otherwise a fresh seed
 * is drawn. Every test prints the seed it uses.
 */
final class Seeds {

    static final String PROPERTY = "vmapkit.seed";

    private Seeds() {}

    static long seed(String test) {
        String given = System.getProperty(PROPERTY);
        long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim())
                : ThreadLocalRandom.current().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }

    static String replay(long seed) {
        return "seed=" + seed + ", replay with -D" + PROPERTY + "=" + seed;
    }
}
