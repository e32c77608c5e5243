package io.vmapkit.notifier.chain;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.notifier.NotifierConfig;
import java.util.Arrays;
import java.util.List;

/**
 * A chain whose blocks live in an immutable, copy-on-write array published through a volatile
 * field: the storage of the blocking, atomic and SRCU kinds.
 *
 * <p>A call reads the array once and walks it, so it sees one consistent chain; an empty array is
 * the lock-free fast path. Subclasses decide which lock writers hold when they
 * {@linkplain #insert insert} or {@linkplain #unlink unlink}, and what a call does to exclude or
 * outwait writers.
 */
abstract class SnapshotChain<T> extends AbstractChain<T> {

    private static final Entry<?>[] EMPTY = new Entry<?>[0];

    /** The blocks in call order. Written only by {@link #insert} and {@link #unlink}, under the subclass's writer lock. */
    volatile Entry<T>[] entries = empty();

    SnapshotChain(String name, ChainKind kind, NotifierConfig config) {
        super(name, kind, config);
    }

    @SuppressWarnings("unchecked")
    private static <T> Entry<T>[] empty() {
        return (Entry<T>[]) EMPTY;
    }

    /**
     * Links {@code e} before the first entry of strictly lower priority (§8.2). The caller holds
     * the writer lock.
     *
     * @return the handle, or {@link #IGNORED} for a duplicate under WARN_AND_IGNORE
     */
    final Registration insert(Entry<T> e, boolean unique) {
        Entry<T>[] cur = entries;
        for (Entry<T> x : cur) {
            if (x.block == e.block) {
                return duplicate(e);
            }
        }
        int at = cur.length;
        for (int i = 0; i < cur.length; i++) {
            if (unique && cur[i].priority == e.priority) {
                throw priorityTaken(e, cur[i]);
            }
            if (cur[i].priority < e.priority && at == cur.length) {
                at = i;
            }
        }
        @SuppressWarnings("unchecked")
        Entry<T>[] next = (Entry<T>[]) new Entry<?>[cur.length + 1];
        System.arraycopy(cur, 0, next, 0, at);
        next[at] = e;
        System.arraycopy(cur, at, next, at + 1, cur.length - at);
        entries = next;
        return handle(e);
    }

    /**
     * Unlinks the first entry of {@code block} (when {@code entry} is {@code null}) or exactly
     * {@code entry}. The caller holds the writer lock.
     *
     * @return the unlinked entry, or {@code null} if there was none
     */
    final Entry<T> unlink(Object block, Entry<T> entry) {
        Entry<T>[] cur = entries;
        for (int i = 0; i < cur.length; i++) {
            if (entry != null ? cur[i] == entry : cur[i].block == block) {
                Entry<T> found = cur[i];
                Entry<T>[] next;
                if (cur.length == 1) {
                    next = empty();
                } else {
                    next = Arrays.copyOf(cur, cur.length - 1);
                    System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
                }
                entries = next;
                return found;
            }
        }
        return null;
    }

    @Override
    final Entry<T> find(Object block) {
        for (Entry<T> e : entries) {
            if (e.block == block) {
                return e;
            }
        }
        return null;
    }

    @Override
    public final boolean isEmpty() {
        return entries.length == 0;
    }

    @Override
    public final List<NotifierBlock<? super T>> blocks() {
        return blocksOf(entries);
    }
}
