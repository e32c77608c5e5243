package io.vmapkit.notifier.shrinker;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.shrinker.ShrinkControl;
import io.vmapkit.api.shrinker.Shrinker;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.notifier.NotifierConfig;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shrinker registry with the {@code do_shrink_slab} arithmetic of one era ({@link SlabForm};
 * 5.13+ unless the creator chose another).
 *
 * <p><b>Storage and locking.</b> Shrinkers live in a copy-on-write array in registration order
 * (the kernel's {@code list_add_tail}); a short lock serialises writers and is never held while a
 * shrinker runs. A pass walks the array it read at its start (the 6.7 lockless walk), so shrinkers
 * may be registered and unregistered while passes run. Each call of a shrinker holds a reference
 * on its entry; {@link #unregister} unlinks the entry, refuses new calls and waits for those in
 * flight, so the shrinker is never called after it returns. Its deferred work is dropped.
 * Unregistering a shrinker from inside its own callback (directly or through a nested pass) on the
 * same thread would wait for itself and throws {@link IllegalStateException}.
 *
 * <p><b>One shrinker, one pass</b> ({@link #shrinkOne}): {@code freeable = count_objects}; 0 or
 * SHRINK_EMPTY skip it; {@code nr = xchg(nr_deferred, 0)}; {@code delta}, {@code total_scan} and
 * the batch as in {@link SlabArithmetic}; batches of {@code min(batch, total_scan)} while
 * {@code total_scan >= batch || total_scan >= freeable}, each with {@code nr_to_scan} set and
 * {@code nr_scanned} preset to it, stopping on SHRINK_STOP, decreasing {@code total_scan} by the
 * callee-reported {@code nr_scanned}; then {@code max(nr + delta - scanned, 0)}, capped at
 * {@code 2 * freeable}, is added back to {@code nr_deferred} atomically. Events
 * {@code mm_shrink_slab_start} / {@code _end} bracket the loop (listener and JFR).
 *
 * <p><b>Misbehaviour</b> is contained, reported with
 * {@link io.vmapkit.api.event.VmapListener#shrinkerMisbehaved} (logged once per registration) and,
 * where it is a <em>failure</em>, counted towards quarantine:
 * <table>
 *   <caption>What a misbehaving shrinker gets</caption>
 *   <tr><th>behaviour</th><th>treated as</th><th>failure?</th></tr>
 *   <tr><td>count, scan, seeks or batch throws</td><td>count: skip the shrinker; scan: SHRINK_STOP
 *       (the work taken is deferred again)</td><td>yes</td></tr>
 *   <tr><td>count negative other than SHRINK_EMPTY</td><td>0 (skip)</td><td>yes</td></tr>
 *   <tr><td>scan negative other than SHRINK_STOP</td><td>SHRINK_STOP</td><td>yes</td></tr>
 *   <tr><td>seeks or batch negative (re-read every pass)</td><td>skip the shrinker</td><td>yes</td></tr>
 *   <tr><td>{@code nr_scanned} raised above {@code nr_to_scan}</td><td>clamped to {@code nr_to_scan}
 *       (the kernel's unsigned {@code total_scan} would wrap)</td><td>yes</td></tr>
 *   <tr><td>{@code nr_scanned} lowered to 0 (no progress)</td><td>ends the loop: the kernel would
 *       spin forever. With this guard every batch lowers {@code total_scan} by at least 1, so the
 *       loop runs at most {@code total_scan <= 2 * freeable} batches</td><td>yes</td></tr>
 *   <tr><td>{@value #MAX_EMPTY_BATCHES} consecutive batches free nothing (e.g. {@code count_objects}
 *       claimed far more than the cache holds)</td><td>ends the loop; the rest of {@code total_scan} is
 *       deferred as usual. The kernel would go on: with a count of {@code Long.MAX_VALUE} one pass
 *       would run about 2^55 batches, hanging the reclaiming thread and every shrinker after it</td>
 *       <td>yes</td></tr>
 *   <tr><td>scan frees more than {@code nr_to_scan}</td><td>accepted, as the kernel does (a
 *       shrinker freeing whole objects, like i915 counting pages, overshoots legitimately);
 *       reported as suspicious</td><td>no</td></tr>
 * </table>
 * After {@link NotifierConfig#quarantineAfter()} consecutive failing passes (0 = never) a shrinker
 * is quarantined: reported once, skipped by every later pass until {@link #release} or until it is unregistered; registering
 * it again starts afresh. A pass without failure resets the count. {@link VirtualMachineError}s are
 * rethrown (after the deferred work has been put back).
 *
 * <p>vmapkit models node 0 only ({@code nid} 0, one {@code nr_deferred}), and reclaim may block.
 */
final class DefaultShrinkerRegistry implements ShrinkerRegistry {

    static final int NID = 0;
    /**
     * Consecutive scan batches that free nothing after which a pass gives up on a shrinker: a
     * count of {@code Long.MAX_VALUE} would otherwise keep one pass scanning 2^55 batches.
     */
    static final int MAX_EMPTY_BATCHES = 1024;
    private static final ShrinkerEntry[] NONE = new ShrinkerEntry[0];

    private final ReentrantLock writers = new ReentrantLock();
    private volatile ShrinkerEntry[] entries = NONE;
    private final ShrinkReporter reporter;
    private final int quarantineAfter;
    private final CallbackWatchdog watchdog;
    private final SlabForm form;
    /** The shrinker callbacks running on this thread, innermost first (for the self-wait check). */
    private final ThreadLocal<Frame> running = new ThreadLocal<>();

    private static final class Frame {
        final ShrinkerEntry entry;
        final Frame outer;

        Frame(ShrinkerEntry entry, Frame outer) {
            this.entry = entry;
            this.outer = outer;
        }
    }

    DefaultShrinkerRegistry(NotifierConfig config) {
        this(config, SlabForm.KERNEL_5_13);
    }

    DefaultShrinkerRegistry(NotifierConfig config, SlabForm form) {
        this.reporter = new ShrinkReporter(config.listener());
        this.quarantineAfter = config.quarantineAfter();
        this.watchdog = config.watchdog();
        this.form = Objects.requireNonNull(form, "form");
    }

    /** The arithmetic this registry runs. */
    SlabForm form() {
        return form;
    }

    // ---- registration -------------------------------------------------------------------------

    @Override
    public Registration register(Shrinker shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        String name = shrinker.name();
        if (name == null || name.isBlank()) {
            name = shrinker.getClass().getName();
        }
        int seeks = shrinker.seeks();
        if (seeks < 0) {
            throw new IllegalArgumentException("shrinker '" + name + "' has negative seeks " + seeks
                    + " (0 = zero-seek, default " + Shrinker.DEFAULT_SEEKS + ")");
        }
        long batch = shrinker.batch();
        if (batch < 0) {
            throw new IllegalArgumentException("shrinker '" + name + "' has negative batch " + batch
                    + " (0 = " + Shrinker.SHRINK_BATCH + ")");
        }
        ShrinkerEntry e = new ShrinkerEntry(shrinker, name);
        writers.lock();
        try {
            ShrinkerEntry[] cur = entries;
            for (ShrinkerEntry x : cur) {
                if (x.shrinker == shrinker) {
                    throw new RegistrationException(Errno.EEXIST, "shrinker '" + name
                            + "' is already registered (EEXIST); the registry is unchanged");
                }
            }
            ShrinkerEntry[] next = Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = e;
            entries = next;
        } finally {
            writers.unlock();
        }
        return new ShrinkerRegistration(this, e);
    }

    @Override
    public void unregister(Shrinker shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        ShrinkerEntry e = find(shrinker);
        if (e != null) {
            checkNotRunning(e);
        }
        e = unlink(shrinker, null);
        if (e == null) {
            throw new RegistrationException(Errno.ENOENT, "shrinker '" + shrinker.name()
                    + "' is not registered (ENOENT)");
        }
        e.retireAndAwaitCalls();
    }

    /** Closes a registration handle: unlinks exactly {@code e} if still linked, and waits for its calls. */
    void close(ShrinkerEntry e) {
        checkNotRunning(e);
        unlink(null, e);
        e.retireAndAwaitCalls();
    }

    private ShrinkerEntry unlink(Shrinker shrinker, ShrinkerEntry entry) {
        writers.lock();
        try {
            ShrinkerEntry[] cur = entries;
            for (int i = 0; i < cur.length; i++) {
                if (entry != null ? cur[i] == entry : cur[i].shrinker == shrinker) {
                    ShrinkerEntry found = cur[i];
                    ShrinkerEntry[] next = new ShrinkerEntry[cur.length - 1];
                    System.arraycopy(cur, 0, next, 0, i);
                    System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                    entries = next;
                    return found;
                }
            }
            return null;
        } finally {
            writers.unlock();
        }
    }

    private void checkNotRunning(ShrinkerEntry e) {
        for (Frame f = running.get(); f != null; f = f.outer) {
            if (f.entry == e) {
                throw new IllegalStateException("unregistering shrinker '" + e.name + "' from inside its own callback on thread '"
                        + Thread.currentThread().getName() + "' would wait for that very call forever");
            }
        }
    }

    private ShrinkerEntry find(Shrinker shrinker) {
        for (ShrinkerEntry e : entries) {
            if (e.shrinker == shrinker) {
                return e;
            }
        }
        return null;
    }

    @Override
    public List<Shrinker> shrinkers() {
        ShrinkerEntry[] cur = entries;
        List<Shrinker> out = new ArrayList<>(cur.length);
        for (ShrinkerEntry e : cur) {
            out.add(e.shrinker);
        }
        return List.copyOf(out);
    }

    @Override
    public long deferred(Shrinker shrinker) {
        ShrinkerEntry e = find(Objects.requireNonNull(shrinker, "shrinker"));
        return e == null ? 0 : e.nrDeferred.get();
    }

    @Override
    public boolean isQuarantined(Shrinker shrinker) {
        ShrinkerEntry e = find(Objects.requireNonNull(shrinker, "shrinker"));
        return e != null && e.isQuarantined();
    }

    @Override
    public boolean release(Shrinker shrinker) {
        ShrinkerEntry e = find(Objects.requireNonNull(shrinker, "shrinker"));
        return e != null && e.release();
    }

    // ---- reclaim ------------------------------------------------------------------------------

    @Override
    public long shrinkSlab(int priority) {
        if (priority < 0 || priority > DEF_PRIORITY) {
            throw new IllegalArgumentException("reclaim priority " + priority + " is outside 0.." + DEF_PRIORITY);
        }
        ShrinkControl sc = new ShrinkControl(NID, priority, true);
        long freed = 0;
        for (ShrinkerEntry e : entries) {
            if (e.isQuarantined() || !e.tryAcquire()) {
                continue;
            }
            Frame outer = running.get();
            running.set(new Frame(e, outer));
            try {
                freed = SlabArithmetic.saturatingAdd(freed, shrinkOne(e, sc, priority));
            } finally {
                if (outer == null) {
                    running.remove();
                } else {
                    running.set(outer);
                }
                e.releaseCall();
            }
        }
        return freed;
    }

    @Override
    public long reclaim(long targetObjects) {
        if (targetObjects <= 0) {
            throw new IllegalArgumentException("reclaim target " + targetObjects + " must be positive");
        }
        long freed = 0;
        for (int priority = DEF_PRIORITY; priority >= 0 && freed < targetObjects; priority--) {
            freed = SlabArithmetic.saturatingAdd(freed, shrinkSlab(priority));
        }
        return freed;
    }

    /** {@code do_shrink_slab} for one shrinker; returns the objects it freed. */
    private long shrinkOne(ShrinkerEntry e, ShrinkControl sc, int priority) {
        Shrinker s = e.shrinker;
        int seeks;
        long batch;
        long freeable;
        try {
            seeks = s.seeks();
            batch = s.batch();
            if (seeks < 0 || batch < 0) {
                return fail(e, "seeks() " + seeks + " / batch() " + batch + " is negative; shrinker skipped", null);
            }
            sc.setNrToScan(0);
            CallbackWatchdog.Call call = timed(e, "count_objects");
            Throwable thrown = null;
            long counted = 0;
            try {
                counted = s.countObjects(sc);
            } catch (VirtualMachineError fatal) {
                call.exit();
                throw fatal;
            } catch (Throwable t) {
                thrown = t;
            }
            CallbackTimeoutException late = call.exit();
            if (late != null) {
                if (thrown != null) {
                    late.addSuppressed(thrown);
                }
                return overran(e, late);
            }
            if (thrown != null) {
                throw thrown; // reported below as count_objects having thrown
            }
            freeable = counted;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            return fail(e, "count_objects (or seeks/batch) threw " + t + "; shrinker skipped", t);
        }
        if (freeable == 0 || freeable == Shrinker.SHRINK_EMPTY) {
            e.succeeded();
            return 0;
        }
        if (freeable < 0) {
            return fail(e, "count_objects returned " + freeable
                    + ", a negative value other than SHRINK_EMPTY (-2); treated as 0", null);
        }

        long nr = e.nrDeferred.getAndSet(0);
        long delta = form.delta(freeable, priority, seeks);
        long totalScan = form.totalScan(nr, priority, delta, freeable);
        long batchSize = SlabArithmetic.batchSize(batch);
        ShrinkEndEvent end = reporter.start(e.name, NID, nr, freeable, delta, totalScan, priority);

        long freed = 0;
        long scanned = 0;
        int emptyBatches = 0;
        boolean failed = false;
        boolean putBack = false;
        try {
            while (SlabArithmetic.scanAnother(totalScan, batchSize, freeable)) {
                long nrToScan = Math.min(batchSize, totalScan);
                sc.setNrToScan(nrToScan);
                long ret;
                CallbackWatchdog.Call call = timed(e, "scan_objects");
                try {
                    ret = s.scanObjects(sc);
                } finally {
                    CallbackTimeoutException late = call.exit();
                    if (late != null) {
                        failed = true;
                        overran(e, late);
                        ret = Shrinker.SHRINK_STOP; // whatever it returned: the pass stops with this shrinker
                    }
                }
                if (ret == Shrinker.SHRINK_STOP) {
                    break;
                }
                if (ret < 0) {
                    failed = true;
                    misbehaved(e, "scan_objects returned " + ret
                            + ", a negative value other than SHRINK_STOP (-1); treated as SHRINK_STOP", null);
                    break;
                }
                long nrScanned = sc.nrScanned();
                if (nrScanned > nrToScan) {
                    failed = true;
                    misbehaved(e, "scan_objects raised nr_scanned to " + nrScanned + ", above nr_to_scan " + nrToScan
                            + "; counted as " + nrToScan, null);
                    nrScanned = nrToScan;
                }
                if (ret > nrToScan) {
                    misbehaved(e, "suspicious: scan_objects freed " + ret + ", more than nr_to_scan " + nrToScan
                            + "; accepted as the kernel does", null);
                }
                freed = SlabArithmetic.saturatingAdd(freed, ret);
                if (nrScanned == 0) {
                    failed = true;
                    misbehaved(e, "scan_objects reported nr_scanned 0 without SHRINK_STOP; loop ended "
                            + "(the kernel would retry forever)", null);
                    break;
                }
                totalScan -= nrScanned;
                scanned += nrScanned;
                if (ret != 0) {
                    emptyBatches = 0;
                } else if (++emptyBatches >= MAX_EMPTY_BATCHES) {
                    failed = true;
                    misbehaved(e, "scan_objects freed nothing in " + MAX_EMPTY_BATCHES + " consecutive batches although "
                            + "count_objects reported " + freeable + " freeable; loop ended with total_scan " + totalScan
                            + " left over (deferred; the kernel would scan on)", null);
                    break;
                }
            }
        } catch (VirtualMachineError fatal) {
            putBack = true;
            e.addDeferred(form.nextDeferred(nr, delta, scanned, freeable));
            throw fatal;
        } catch (Throwable t) {
            failed = true;
            misbehaved(e, "scan_objects threw " + t + "; treated as SHRINK_STOP", t);
        } finally {
            if (!putBack) {
                long newNr = e.addDeferred(form.nextDeferred(nr, delta, scanned, freeable));
                reporter.end(end, e.name, NID, nr, newNr, totalScan, freed);
            }
        }
        if (failed) {
            countFailure(e);
        } else {
            e.succeeded();
        }
        return freed;
    }

    private CallbackWatchdog.Call timed(ShrinkerEntry e, String callback) {
        return watchdog.waitsForever() ? CallbackWatchdog.Call.untimed()
                : watchdog.enter("shrinker '" + e.name + "' (" + callback + ")");
    }

    /**
     * A call that overran the callback timeout: reported and the shrinker quarantined at once
     * (however many failures the quarantine rule wants), since it may hang the next pass too.
     */
    private long overran(ShrinkerEntry e, CallbackTimeoutException late) {
        misbehaved(e, late.getMessage().substring(0, late.getMessage().indexOf("; its thread")) + "; quarantined", late);
        int consecutive = e.failed();
        if (e.quarantine()) {
            reporter.quarantined(e, consecutive);
        }
        return 0;
    }

    private long fail(ShrinkerEntry e, String problem, Throwable failure) {
        misbehaved(e, problem, failure);
        countFailure(e);
        return 0;
    }

    private void misbehaved(ShrinkerEntry e, String problem, Throwable failure) {
        reporter.misbehaved(e, problem, failure, e.firstLog());
    }

    private void countFailure(ShrinkerEntry e) {
        int consecutive = e.failed();
        if (quarantineAfter > 0 && consecutive >= quarantineAfter && e.quarantine()) {
            reporter.quarantined(e, consecutive);
        }
    }

    @Override
    public String toString() {
        return "ShrinkerRegistry" + Arrays.toString(entries);
    }
}
