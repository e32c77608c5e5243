package io.vmapkit.notifier.chain;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.FreedCounter;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What all four chain kinds share: running one callback (observer, containment, quarantine,
 * listener, JFR), the duplicate and unique-priority rules, the robust call's two passes, and the
 * {@link Registration} handles. Subclasses supply storage and locking.
 *
 * @param <T> the data type of the chain
 */
abstract class AbstractChain<T> implements NotifierChain<T> {

    /** Returned for a duplicate ignored under {@link DuplicatePolicy#WARN_AND_IGNORE}: closing it does nothing. */
    static final Registration IGNORED = () -> { };

    /**
     * Whether a data class is a {@link NotifierCallObserver}, computed once per class. A failing
     * {@code instanceof} against an interface is slow on JDK 17 (HotSpot scans the class's
     * secondary supertypes on every negative test and caches only hits): about 10 ns, more than all
     * the rest of a one-block call. A memo of a pure function of the class: no state that could
     * differ between chains or tests.
     */
    private static final ClassValue<DataType> DATA_TYPES = new ClassValue<>() {
        @Override
        protected DataType computeValue(Class<?> type) {
            return new DataType(type, NotifierCallObserver.class.isAssignableFrom(type));
        }
    };

    /** A data class and whether it is an observer. Immutable. */
    private static final class DataType {
        /** Matches no data object ({@code getClass()} never returns {@code void.class}). */
        static final DataType NONE = new DataType(void.class, false);

        final Class<?> type;
        final boolean observer;

        DataType(Class<?> type, boolean observer) {
            this.type = type;
            this.observer = observer;
        }
    }

    final String name;
    final ChainKind kind;
    final ChainReporter reporter;
    /**
     * The data type of a recent call: a chain is almost always called with one data class, so
     * this spares even the {@link ClassValue} lookup. Racy on purpose: every value is immutable
     * and safely published (final fields), and a stale one only costs a lookup.
     */
    private DataType lastDataType = DataType.NONE;
    private final VmapClock clock;
    private final int quarantineAfter;
    private final DuplicatePolicy duplicatePolicy;
    private final CallbackWatchdog watchdog;

    AbstractChain(String name, ChainKind kind, NotifierConfig config) {
        this.name = name;
        this.kind = kind;
        this.reporter = new ChainReporter(name, config.listener());
        this.clock = config.clock();
        this.quarantineAfter = config.quarantineAfter();
        this.duplicatePolicy = config.duplicatePolicy();
        this.watchdog = config.watchdog();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ChainKind kind() {
        return kind;
    }

    @Override
    public final Registration register(NotifierBlock<? super T> block) {
        return register(block, false);
    }

    @Override
    public final Registration registerUniquePriority(NotifierBlock<? super T> block) {
        return register(block, true);
    }

    /** Registers with the kind's locking; {@code unique} asks for {@code *_register_unique_prio}. */
    abstract Registration register(NotifierBlock<? super T> block, boolean unique);

    /**
     * Removes {@code entry} if it is still linked (a {@link Registration} being closed), with the
     * same waiting rules as {@link #unregister}; absent entries are ignored.
     */
    abstract void close(Entry<T> entry);

    /** The entry of {@code block} in call order, or {@code null}. */
    abstract Entry<T> find(Object block);

    @Override
    public final boolean isQuarantined(NotifierBlock<?> block) {
        Entry<T> e = find(Objects.requireNonNull(block, "block"));
        return e != null && e.isQuarantined();
    }

    @Override
    public final boolean release(NotifierBlock<?> block) {
        Entry<T> e = find(Objects.requireNonNull(block, "block"));
        if (e != null && e.release()) {
            reporter.released(e);
            return true;
        }
        return false;
    }

    // ---- registration rules ------------------------------------------------------------------

    /** Reads the block once (priority, name) outside any lock; plugin code never runs under a chain lock. */
    final Entry<T> newEntry(NotifierBlock<? super T> block) {
        return Entry.of(Objects.requireNonNull(block, "block"));
    }

    /**
     * Applies the duplicate policy when {@code e}'s block is already linked: throws EEXIST, or logs
     * and returns {@link #IGNORED}.
     */
    final Registration duplicate(Entry<T> e) {
        if (duplicatePolicy == DuplicatePolicy.WARN_AND_IGNORE) {
            reporter.duplicateIgnored(e);
            return IGNORED;
        }
        throw new RegistrationException(Errno.EEXIST, "notifier block '" + e.name + "' is already registered on "
                + describe() + " (EEXIST); the chain is unchanged");
    }

    final RegistrationException priorityTaken(Entry<T> e, Entry<T> holder) {
        return new RegistrationException(Errno.EBUSY, "priority " + e.priority + " of notifier block '" + e.name
                + "' is already taken by '" + holder.name + "' on " + describe() + " (EBUSY); the chain is unchanged");
    }

    final RegistrationException notRegistered(Object block) {
        String n = block instanceof NotifierBlock ? ((NotifierBlock<?>) block).name() : String.valueOf(block);
        return new RegistrationException(Errno.ENOENT, "notifier block '" + n + "' is not registered on "
                + describe() + " (ENOENT)");
    }

    final IllegalStateException selfDeadlock(String operation, String kernelReason) {
        return new IllegalStateException(operation + " on " + describe() + " from inside its own call on thread '"
                + Thread.currentThread().getName() + "' would deadlock in the kernel (" + kernelReason
                + "); do it from another context");
    }

    final Registration handle(Entry<T> e) {
        return new ChainRegistration<>(this, e);
    }

    final String describe() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " chain '" + name + "'";
    }

    static void checkNrToCall(int nrToCall) {
        if (nrToCall < ALL) {
            throw new IllegalArgumentException("nr_to_call " + nrToCall + " is below -1 (-1 calls every block)");
        }
    }

    // ---- calling --------------------------------------------------------------------------------

    /** {@code data} as a {@link NotifierCallObserver}, or {@code null} if it is none (or null). Allocation-free. */
    final NotifierCallObserver observerOf(Object data) {
        if (data == null) {
            return null;
        }
        Class<?> c = data.getClass();
        DataType t = lastDataType;
        if (t.type != c) {
            t = DATA_TYPES.get(c);
            lastDataType = t;
        }
        return t.observer ? (NotifierCallObserver) data : null;
    }

    /**
     * {@code notifier_call_chain} over an array snapshot: the walk shared by the blocking, atomic and
     * SRCU kinds. Quarantined entries are skipped without counting towards {@code nrToCall} or
     * {@code nrCalls}, as the kernel skips invalid blocks under CONFIG_DEBUG_NOTIFIERS.
     */
    final int walk(Entry<T>[] snapshot, long action, T data, int nrToCall, NrCalls nrCalls) {
        NotifierCallObserver observer = observerOf(data);
        boolean jfr = reporter.jfrEnabled();
        int ret = Notify.DONE;
        for (int i = 0, n = snapshot.length; i < n && nrToCall != 0; i++) {
            Entry<T> e = snapshot[i];
            if (e.isQuarantined()) {
                reporter.skipped(e);
                continue;
            }
            ret = invoke(e, action, data, observer, jfr);
            if (nrCalls != null) {
                nrCalls.increment();
            }
            if ((ret & Notify.STOP_MASK) != 0) {
                break;
            }
            if (nrToCall > 0) {
                nrToCall--;
            }
        }
        return ret;
    }

    /**
     * Runs one callback. The callback's exception is contained (see the package documentation);
     * an {@link VirtualMachineError} is rethrown after the observer has been told.
     *
     * @return the callback's result, or {@link Notify#DONE} if it threw
     */
    final int invoke(Entry<T> e, long action, T data, NotifierCallObserver observer, boolean jfr) {
        boolean timed = reporter.listening | jfr;
        long start = timed ? clock.nanoTime() : 0L;
        long freedBefore = jfr && data instanceof FreedCounter ? ((FreedCounter) data).freed() : 0L;
        if (observer != null) {
            observer.enterCallback(e.block);
        }
        int result;
        Throwable failure = null;
        CallbackWatchdog.Call call = watchdog.waitsForever() ? CallbackWatchdog.Call.untimed()
                : watchdog.enter("notifier block '" + e.name + "' on chain '" + name + "'");
        try {
            result = e.block.notifierCall(action, data);
        } catch (VirtualMachineError fatal) {
            call.exit();
            if (observer != null) {
                observer.exitCallback(e.block, Notify.DONE, fatal);
            }
            throw fatal;
        } catch (Throwable t) {
            failure = t;
            result = Notify.DONE;
        }
        CallbackTimeoutException late = call.exit();
        if (late != null) {
            // it overran: whatever it returned or threw, the call failed and the block is quarantined
            if (failure != null) {
                late.addSuppressed(failure);
            }
            failure = late;
            result = Notify.DONE;
        }
        if (observer != null) {
            observer.exitCallback(e.block, result, failure);
        }
        if (failure == null) {
            e.succeeded();
        } else if (late != null) {
            int consecutive = e.failed();
            reporter.failed(e, failure, consecutive, e.firstLog());
            if (e.quarantine()) {
                reporter.quarantined(e, consecutive);
            }
        } else {
            contain(e, failure);
        }
        if (timed) {
            long duration = clock.nanoTime() - start;
            if (reporter.listening) {
                reporter.called(e, action, result, duration);
            }
            if (jfr) {
                long added = data instanceof FreedCounter ? ((FreedCounter) data).freed() - freedBefore : 0L;
                reporter.recordEvent(e, action, result, duration, added);
            }
        }
        return result;
    }

    private void contain(Entry<T> e, Throwable failure) {
        int consecutive = e.failed();
        reporter.failed(e, failure, consecutive, e.firstLog());
        if (quarantineAfter > 0 && consecutive >= quarantineAfter && e.quarantine()) {
            reporter.quarantined(e, consecutive);
        }
    }

    /**
     * The robust call's second pass on a snapshot chain (blocking): the entries that ran before the
     * vetoing one, with {@code actionDown}, in the same forward order; it stops on a STOP_MASK
     * result. A blocking chain cannot change between the two passes (both run under one read hold,
     * and a callback changing its own chain is refused), so these are the first {@code nr - 1}
     * blocks of the chain as it stands, which is what the kernel's
     * {@code notifier_call_chain(nh, val_down, v, nr - 1, NULL)} walks; replaying the recorded
     * entries also reaches a block that was quarantined in between. Raw chains walk the live chain
     * instead ({@link RawChain#callRobust}).
     */
    final void rollBack(List<Entry<T>> called, long actionDown, T data) {
        NotifierCallObserver observer = observerOf(data);
        boolean jfr = reporter.jfrEnabled();
        for (int i = 0, n = called.size() - 1; i < n; i++) {
            Entry<T> e = called.get(i);
            if (e.isQuarantined()) {
                reporter.skipped(e);
                continue;
            }
            if ((invoke(e, actionDown, data, observer, jfr) & Notify.STOP_MASK) != 0) {
                return;
            }
        }
    }

    /** The up pass of a robust call over an array snapshot, recording the entries it called. */
    final int robust(Entry<T>[] snapshot, long actionUp, long actionDown, T data) {
        NotifierCallObserver observer = observerOf(data);
        boolean jfr = reporter.jfrEnabled();
        List<Entry<T>> called = new ArrayList<>(snapshot.length);
        int ret = Notify.DONE;
        for (Entry<T> e : snapshot) {
            if (e.isQuarantined()) {
                reporter.skipped(e);
                continue;
            }
            called.add(e);
            ret = invoke(e, actionUp, data, observer, jfr);
            if ((ret & Notify.STOP_MASK) != 0) {
                rollBack(called, actionDown, data);
                break;
            }
        }
        return ret;
    }

    // ---- snapshots --------------------------------------------------------------------------------

    /** The blocks of {@code entries} as an immutable list. */
    static <T> List<NotifierBlock<? super T>> blocksOf(Entry<T>[] entries) {
        List<NotifierBlock<? super T>> out = new ArrayList<>(entries.length);
        for (Entry<T> e : entries) {
            out.add(e.block);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + ", " + blocks().size() + " blocks]";
    }
}
