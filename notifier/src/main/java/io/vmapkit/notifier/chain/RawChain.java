package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.notifier.NotifierConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link ChainKind#RAW}: the kernel's {@code raw_notifier_head}. No locking and no snapshot: the
 * blocks form a singly linked list walked exactly like {@code notifier_call_chain}, and the caller
 * serialises every call and change (typically under its own lock, which callbacks then run under).
 *
 * <p>The walk reads an entry's {@code next} <em>before</em> running its callback, and unlinking
 * leaves the removed entry's own {@code next} intact, which gives the kernel's visit rules
 * (§8.7) for changes made by a callback during a walk:
 * <ul>
 *   <li>a callback may unregister itself: the walk goes on with the saved next;</li>
 *   <li>a block inserted right after the current one (between it and the saved next) is not
 *       visited in this walk; one inserted further down is;</li>
 *   <li>a block removed while it is the saved next is still visited, and the walk continues from
 *       its old {@code next}.</li>
 * </ul>
 * Nothing here throws {@link IllegalStateException} for re-entry: with no lock there is no
 * deadlock to prevent.
 */
final class RawChain<T> extends AbstractChain<T> {

    private Entry<T> head;
    private int size;

    RawChain(String name, NotifierConfig config) {
        super(name, ChainKind.RAW, config);
    }

    @Override
    Registration register(NotifierBlock<? super T> block, boolean unique) {
        Entry<T> e = newEntry(block);
        for (Entry<T> x = head; x != null; x = x.next) {
            if (x.block == e.block) {
                return duplicate(e);
            }
        }
        if (unique) {
            for (Entry<T> x = head; x != null; x = x.next) {
                if (x.priority == e.priority) {
                    throw priorityTaken(e, x);
                }
            }
        }
        Entry<T> prev = null;
        Entry<T> cur = head;
        while (cur != null && cur.priority >= e.priority) {
            prev = cur;
            cur = cur.next;
        }
        e.next = cur;
        if (prev == null) {
            head = e;
        } else {
            prev.next = e;
        }
        size++;
        return handle(e);
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        Objects.requireNonNull(block, "block");
        if (unlink(block, null) == null) {
            throw notRegistered(block);
        }
    }

    @Override
    void close(Entry<T> entry) {
        unlink(null, entry);
    }

    /** Unlinks like the kernel's RCU pointer store: the predecessor skips it, its own {@code next} stays. */
    private Entry<T> unlink(Object block, Entry<T> entry) {
        Entry<T> prev = null;
        for (Entry<T> x = head; x != null; prev = x, x = x.next) {
            if (entry != null ? x == entry : x.block == block) {
                if (prev == null) {
                    head = x.next;
                } else {
                    prev.next = x.next;
                }
                size--;
                return x;
            }
        }
        return null;
    }

    @Override
    Entry<T> find(Object block) {
        for (Entry<T> x = head; x != null; x = x.next) {
            if (x.block == block) {
                return x;
            }
        }
        return null;
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        checkNrToCall(nrToCall);
        Entry<T> e = head;
        if (e == null) {
            return Notify.DONE;
        }
        NotifierCallObserver observer = observerOf(data);
        boolean jfr = reporter.jfrEnabled();
        int ret = Notify.DONE;
        while (e != null && nrToCall != 0) {
            Entry<T> next = e.next;
            if (e.isQuarantined()) {
                reporter.skipped(e);
                e = next;
                continue;
            }
            ret = invoke(e, action, data, observer, jfr);
            if (nrCalls != null) {
                nrCalls.increment();
            }
            if ((ret & Notify.STOP_MASK) != 0) {
                break;
            }
            e = next;
            if (nrToCall > 0) {
                nrToCall--;
            }
        }
        return ret;
    }

    /**
     * {@code raw_notifier_call_chain_robust}: the up pass counts the callbacks it ran ({@code nr});
     * if one vetoes (STOP_MASK), the down pass is an ordinary walk of the chain <em>as it stands
     * now</em> limited to {@code nr - 1} callbacks, as the kernel's
     * {@code notifier_call_chain(nl, val_down, v, nr - 1, NULL)} (kernel/notifier.c
     * {@code notifier_call_chain_robust}, read at torvalds/linux 037dd1308c6d). A raw chain's
     * callbacks may unlink themselves during the up pass, so the blocks called down need not be
     * those called up: with A unlinking itself and B vetoing, the calls are
     * {@code [A:up, B:up, B:down]}. Quarantined blocks are skipped without counting in either pass.
     */
    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        NrCalls nr = new NrCalls();
        int ret = call(actionUp, data, -1, nr);
        if ((ret & Notify.STOP_MASK) != 0) {
            call(actionDown, data, nr.get() - 1, null);
        }
        return ret;
    }

    @Override
    public boolean isEmpty() {
        return head == null;
    }

    @Override
    public List<NotifierBlock<? super T>> blocks() {
        List<NotifierBlock<? super T>> out = new ArrayList<>(size);
        for (Entry<T> x = head; x != null; x = x.next) {
            out.add(x.block);
        }
        return List.copyOf(out);
    }
}
