package io.vmapkit.allocator;

import io.vmapkit.api.Registration;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.NotifierCallObserver;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.NrCalls;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only blocking chain, just enough for the allocator's tests (the real chains are the
 * notifier module's): blocks run in registration order, the data is told which block runs, a
 * callback that throws is contained, and STOP_MASK ends the walk.
 */
final class TestChain<T> implements NotifierChain<T> {

    private final String name;
    private final List<NotifierBlock<? super T>> blocks = new CopyOnWriteArrayList<>();

    TestChain(String name) {
        this.name = name;
    }

    @SafeVarargs
    static <T> TestChain<T> of(String name, NotifierBlock<? super T>... blocks) {
        TestChain<T> chain = new TestChain<>(name);
        for (NotifierBlock<? super T> b : blocks) {
            chain.register(b);
        }
        return chain;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChainKind kind() {
        return ChainKind.BLOCKING;
    }

    @Override
    public Registration register(NotifierBlock<? super T> block) {
        blocks.add(block);
        return () -> blocks.remove(block);
    }

    @Override
    public Registration registerUniquePriority(NotifierBlock<? super T> block) {
        return register(block);
    }

    @Override
    public void unregister(NotifierBlock<? super T> block) {
        blocks.remove(block);
    }

    @Override
    public int call(long action, T data, int nrToCall, NrCalls nrCalls) {
        int ret = Notify.DONE;
        for (NotifierBlock<? super T> b : blocks) {
            if (nrToCall == 0) {
                break;
            }
            NotifierCallObserver observer = data instanceof NotifierCallObserver ? (NotifierCallObserver) data : null;
            if (observer != null) {
                observer.enterCallback(b);
            }
            Throwable failure = null;
            try {
                ret = b.notifierCall(action, data);
            } catch (RuntimeException e) {
                failure = e;
                ret = Notify.DONE;
            } finally {
                if (observer != null) {
                    observer.exitCallback(b, ret, failure);
                }
            }
            if (nrCalls != null) {
                nrCalls.increment();
            }
            if (Notify.isStop(ret)) {
                break;
            }
            nrToCall--;
        }
        return ret;
    }

    @Override
    public int callRobust(long actionUp, long actionDown, T data) {
        throw new UnsupportedOperationException("not needed by the allocator tests");
    }

    @Override
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    @Override
    public List<NotifierBlock<? super T>> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public boolean isQuarantined(NotifierBlock<?> block) {
        return false;
    }

    @Override
    public boolean release(NotifierBlock<?> block) {
        return false;
    }
}
