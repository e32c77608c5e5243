package io.vmapkit.runtime.fakes;

import io.vmapkit.api.Errno;
import io.vmapkit.api.Registration;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.api.spi.NotifierConfig;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A test-only notifier chain: priority order with FIFO ties, calls under a read lock and changes
 * under the write lock (so unregister waits for calls in flight, as a blocking chain does), a
 * same-thread register/unregister during a call refused, exceptions contained and counted,
 * quarantine after the configured number of consecutive failures. The real chains live in
 * vmapkit-notifier.
 */
final class SimpleChain<T> implements NotifierChain<T> {

    private final String name;
    private final ChainKind kind;
    private final VmapListener listener;
    private final int quarantineAfter;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile List<NotifierBlock<? super T>> blocks = List.of();
    private final Map<NotifierBlock<?>, Integer> failures = new IdentityHashMap<>(); // guarded by itself
    private final Map<NotifierBlock<?>, Boolean> quarantined = new IdentityHashMap<>(); // guarded by failures

    SimpleChain(String name, ChainKind kind, NotifierConfig config) {
        this.name = name;
        this.kind = kind;
        this.listener = config.listener();
        this.quarantineAfter = config.quarantineAfter();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChainKind kind() {
        return kind;
    }

    @Override
    public Registration register(NotifierBlock<? super T> block) {
        return add(block, false);
    }

    @Override
    public Registration registerUniquePriority(NotifierBlock<? super T> block) {
        return add(block, true);
    }

    private Registration add(NotifierBlock<? super T> block, boolean unique) {
        checkNotInCall("register");
        lock.writeLock().lock();
        try {
            List<NotifierBlock<? super T>> list = new ArrayList<>(blocks);
            for (NotifierBlock<? super T> b : list) {
                if (b == block) {
                    throw new RegistrationException(Errno.EEXIST, block.name() + " is already on " + name);
                }
                if (unique && b.priority() == block.priority()) {
                    throw new RegistrationException(Errno.EBUSY, "priority " + block.priority() + " taken on " + name);
                }
            }
            int at = 0;
            while (at < list.size() && list.get(at).priority() >= block.priority()) {
                at++;
            }
            list.add(at, block);
            blocks = List.copyOf(list);
        } finally {
            lock.writeLock().unlock();
        }
        return () -> {
            if (blocks.stream().anyMatch(b -> b == block)) {
                unregister(block);
            }
        };
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        checkNotInCall("unregister");
        lock.writeLock().lock();
        try {
            List<NotifierBlock<? super T>> list = new ArrayList<>(blocks);
            if (!list.removeIf(b -> b == block)) {
                throw new RegistrationException(Errno.ENOENT, block.name() + " is not on " + name);
            }
            blocks = List.copyOf(list);
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (failures) {
            failures.remove(block);
            quarantined.remove(block);
        }
    }

    private void checkNotInCall(String what) {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException(what + " on " + name + " from inside its own call would deadlock");
        }
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        if (nrToCall < -1) {
            throw new IllegalArgumentException("nrToCall " + nrToCall + " is below -1");
        }
        int result = Notify.DONE;
        List<NotifierBlock<? super T>> snapshot = blocks;
        if (snapshot.isEmpty()) {
            return result;
        }
        lock.readLock().lock();
        try {
            int called = 0;
            for (NotifierBlock<? super T> b : blocks) {
                if (nrToCall != ALL && called >= nrToCall) {
                    break;
                }
                if (isQuarantined(b)) {
                    listener.notifierBlockSkipped(name, b.name());
                    continue;
                }
                NotifierCallObserver observer = data instanceof NotifierCallObserver ? (NotifierCallObserver) data : null;
                if (observer != null) {
                    observer.enterCallback(b);
                }
                long t0 = System.nanoTime();
                Throwable failure = null;
                try {
                    result = b.notifierCall(action, data);
                } catch (RuntimeException e) {
                    failure = e;
                    result = Notify.DONE;
                } finally {
                    if (observer != null) {
                        observer.exitCallback(b, result, failure);
                    }
                }
                called++;
                if (nrCalls != null) {
                    nrCalls.increment();
                }
                if (failure != null) {
                    int n;
                    synchronized (failures) {
                        n = failures.merge(b, 1, Integer::sum);
                        if (quarantineAfter > 0 && n >= quarantineAfter) {
                            quarantined.put(b, true);
                        }
                    }
                    listener.notifierCallFailed(name, b.name(), failure, n);
                    if (quarantineAfter > 0 && n == quarantineAfter) {
                        listener.notifierBlockQuarantined(name, b.name(), n);
                    }
                } else {
                    synchronized (failures) {
                        failures.remove(b);
                    }
                    listener.notifierCall(name, b.name(), action, result, System.nanoTime() - t0);
                }
                if (Notify.isStop(result)) {
                    break;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return result;
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        NrCalls nr = new NrCalls();
        int ret = call(actionUp, data, ALL, nr);
        if (Notify.isStop(ret) && nr.get() > 1) {
            call(actionDown, data, nr.get() - 1, null);
        }
        return ret;
    }

    @Override
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    @Override
    public List<NotifierBlock<? super T>> blocks() {
        return blocks;
    }

    @Override
    public boolean isQuarantined(NotifierBlock<?> block) {
        synchronized (failures) {
            return quarantined.containsKey(block);
        }
    }

    @Override
    public boolean release(NotifierBlock<?> block) {
        synchronized (failures) {
            failures.remove(block);
            return quarantined.remove(block) != null;
        }
    }

    @Override
    public String toString() {
        return "SimpleChain[" + name + ", " + kind + ", " + blocks.size() + " blocks]";
    }
}
