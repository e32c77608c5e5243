package io.vmapkit.testsupport;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds of randomized tests: {@code -Dvmapkit.seed=<seed>} replays a run, otherwise a fresh seed is
 * drawn; every test prints the seed it uses and puts it in its assertion messages.
 */
public final class Seeds {

    /** The system property that replays a seed. */
    public static final String PROPERTY = "vmapkit.seed";

    private Seeds() {}

    /**
     * The seed for {@code test}: the replayed one or a fresh one; printed either way.
     *
     * @param test the test's name, printed with the seed
     * @return the seed
     * @throws NumberFormatException if {@code -Dvmapkit.seed} is set but not a decimal {@code long}
     */
    public static long seed(String test) {
        String given = System.getProperty(PROPERTY);
        long seed = given != null && !given.isBlank() ? Long.parseLong(given.trim())
                : ThreadLocalRandom.current().nextLong();
        System.out.println(test + ": seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }

    /**
     * The seed and how to replay it, for messages.
     *
     * @param seed the seed
     * @return {@code "seed=S (replay with -Dvmapkit.seed=S)"}
     */
    public static String replay(long seed) {
        return "seed=" + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }

    /**
     * The seed and what it replays, for messages of multi-threaded tests: the seed fixes each
     * thread's operations but not how the threads interleave, so a replay need not reproduce a
     * failure that depended on a race.
     *
     * @param seed the seed
     * @return the seed, the property that replays it, and what it does not replay
     */
    public static String replayThreads(long seed) {
        return "seed=" + seed + ", -D" + PROPERTY + "=" + seed
                + " replays each thread's operations but not the threads' interleaving";
    }

    /**
     * A {@code long} system property ({@code _} separators allowed), or {@code dflt} when it is unset
     * or blank.
     *
     * @param name the property
     * @param dflt the value when it is not set
     * @return the value
     * @throws NumberFormatException if the property is set but not a decimal {@code long}
     */
    public static long longProperty(String name, long dflt) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? dflt : Long.parseLong(v.trim().replace("_", ""));
    }
}
