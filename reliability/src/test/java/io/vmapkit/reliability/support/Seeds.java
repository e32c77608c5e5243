package io.vmapkit.reliability.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds of randomized tests: {@code -Dvmapkit.seed=<seed>} replays a run, otherwise a fresh seed is
 * drawn; every test prints the seed it uses and puts it in its assertion messages.
 */
public final class Seeds {

    /** The system property that replays a seed. */
    public static final String PROPERTY = "vmapkit.seed";

    private Seeds() {}

    /** The seed for {@code test}: the replayed one or a fresh one; printed either way. */
    public static long seed(String test) {
        String given = System.getProperty(PROPERTY);
        long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim())
                : ThreadLocalRandom.current().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }

    /** "seed=S (replay with -Dvmapkit.seed=S)", for messages. */
    public static String replay(long seed) {
        return "seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }

    /** A long system property, or {@code dflt}. */
    public static long longProperty(String name, long dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : Long.parseLong(v.trim().replace("_", ""));
    }
}
