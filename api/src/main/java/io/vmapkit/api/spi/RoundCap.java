package io.vmapkit.api.spi;

/**
 * The one representation of a cap on callback rounds, shared by
 * {@link AllocatorConfig#maxNotifierRounds()} (D1) and {@link PagePoolConfig#maxOomRounds()}
 * (D21): a count of at least 1, or {@link #UNLIMITED} for the kernel's unbounded loop. Stateless.
 */
final class RoundCap {

    /** "No cap": the kernel's behaviour. */
    static final int UNLIMITED = -1;

    private RoundCap() {}

    /**
     * Returns {@code rounds} if it is a legal cap.
     *
     * @param what the setting, for the message (e.g. "max notifier rounds")
     * @throws IllegalArgumentException naming {@code what} and the value, for 0 or anything below -1
     */
    static int check(String what, int rounds) {
        if (rounds < 1 && rounds != UNLIMITED) {
            throw new IllegalArgumentException(what + " " + rounds + " must be at least 1, or " + UNLIMITED + " for unlimited");
        }
        return rounds;
    }

    /** The cap for messages: the count, or "unlimited". */
    static String describe(int cap) {
        return cap == UNLIMITED ? "unlimited" : Integer.toString(cap);
    }
}
