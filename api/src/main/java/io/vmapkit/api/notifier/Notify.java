package io.vmapkit.api.notifier;

/**
 * The notifier result codes of {@code include/linux/notifier.h} and their errno conversions.
 *
 * <p>A callback returns one of these (or {@link #fromErrno(int)} of an error). A result with
 * {@link #STOP_MASK} set ends the walk of the chain.
 */
public final class Notify {
    /** "Don't care" (0x0000). */
    public static final int DONE = 0x0000;
    /** Suits me (0x0001). */
    public static final int OK = 0x0001;
    /** Set in a result to stop the walk (0x8000). */
    public static final int STOP_MASK = 0x8000;
    /** Veto: stop, with an error (0x8002). */
    public static final int BAD = STOP_MASK | 0x0002;
    /** Clean way to return from the notifier and stop further calls (0x8001). */
    public static final int STOP = OK | STOP_MASK;

    private Notify() {}

    /** Whether {@code result} ends the walk ({@code result & STOP_MASK}). */
    public static boolean isStop(int result) {
        return (result & STOP_MASK) != 0;
    }

    /**
     * The kernel's {@code notifier_from_errno(err)}: 0 gives {@link #OK}; a negative errno gives
     * {@code STOP_MASK | (OK - err)}, e.g. -16 gives 0x8011.
     *
     * @param err 0 or a negative errno, as the kernel passes it
     */
    public static int fromErrno(int err) {
        if (err == 0) {
            return OK;
        }
        return STOP_MASK | (OK - err);
    }

    /**
     * The kernel's {@code notifier_to_errno(ret)}: strips {@link #STOP_MASK}; a remainder greater
     * than {@link #OK} becomes the negative errno {@code OK - remainder}, anything else 0.
     */
    public static int toErrno(int ret) {
        int r = ret & ~STOP_MASK;
        return r > OK ? OK - r : 0;
    }

    /** A result as text: its symbolic name where it has one, else hex. */
    public static String toString(int result) {
        switch (result) {
            case DONE: return "NOTIFY_DONE";
            case OK: return "NOTIFY_OK";
            case BAD: return "NOTIFY_BAD";
            case STOP: return "NOTIFY_STOP";
            default: return "0x" + Integer.toHexString(result);
        }
    }
}
