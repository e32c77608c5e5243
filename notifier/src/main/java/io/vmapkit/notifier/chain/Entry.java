package io.vmapkit.notifier.chain;

import io.vmapkit.api.notifier.NotifierBlock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One registration of a block on a chain: the block, what was read from it once at registration
 * (priority, name), the raw chain's {@code next} link, and the failure state behind the quarantine
 * policy.
 *
 * <p>A new entry is made for every registration, so a block unregistered and registered again
 * starts with a clean failure record, and an old {@link io.vmapkit.api.Registration} handle can
 * never remove a newer registration of the same block.
 *
 * <p><b>Threading.</b> {@link #block}, {@link #priority} and {@link #name} are final. The failure
 * state is updated atomically, since several threads may call one block at once. {@link #next}
 * is used by {@link RawChain} only, whose caller serialises every access.
 */
final class Entry<T> {

    private static final VarHandle CONSECUTIVE;
    private static final VarHandle TOTAL;
    private static final VarHandle QUARANTINED;
    private static final VarHandle LOGGED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CONSECUTIVE = l.findVarHandle(Entry.class, "consecutiveFailures", int.class);
            TOTAL = l.findVarHandle(Entry.class, "totalFailures", long.class);
            QUARANTINED = l.findVarHandle(Entry.class, "quarantined", boolean.class);
            LOGGED = l.findVarHandle(Entry.class, "logged", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final NotifierBlock<? super T> block;
    final int priority;
    final String name;

    /** The raw chain's link; left intact when the entry is unlinked (§8.7). */
    Entry<T> next;

    private volatile int consecutiveFailures;
    private volatile long totalFailures;
    private volatile boolean quarantined;
    private volatile boolean logged;

    Entry(NotifierBlock<? super T> block, int priority, String name) {
        this.block = block;
        this.priority = priority;
        this.name = name;
    }

    /** Reads what the chain keeps from {@code block}: its priority and a non-blank name. */
    static <T> Entry<T> of(NotifierBlock<? super T> block) {
        int priority = block.priority();
        String name = block.name();
        if (name == null || name.isBlank()) {
            name = block.getClass().getName();
        }
        return new Entry<>(block, priority, name);
    }

    boolean isQuarantined() {
        return quarantined;
    }

    /** A callback returned normally: the run of failures, if any, is over. Allocation- and write-free when there was none. */
    void succeeded() {
        if (consecutiveFailures != 0) {
            CONSECUTIVE.setVolatile(this, 0);
        }
    }

    /** A callback threw; returns the consecutive failures including this one. */
    int failed() {
        TOTAL.getAndAdd(this, 1L);
        return (int) CONSECUTIVE.getAndAdd(this, 1) + 1;
    }

    /** Moves the entry into quarantine; {@code true} only for the call that did it (so it is reported once). */
    boolean quarantine() {
        return QUARANTINED.compareAndSet(this, false, true);
    }

    /** Takes the entry out of quarantine with its consecutive count reset; {@code true} if it was quarantined. */
    boolean release() {
        if (QUARANTINED.compareAndSet(this, true, false)) {
            CONSECUTIVE.setVolatile(this, 0);
            return true;
        }
        return false;
    }

    /** {@code true} exactly once per entry: the first failure is logged with its stack trace, later ones are not. */
    boolean firstLog() {
        return !logged && LOGGED.compareAndSet(this, false, true);
    }

    @Override
    public String toString() {
        return "Entry[" + name + ", priority " + priority + ", failures " + totalFailures
                + (quarantined ? ", quarantined" : "") + "]";
    }
}
