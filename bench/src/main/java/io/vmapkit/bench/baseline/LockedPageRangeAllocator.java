package io.vmapkit.bench.baseline;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link PageRangeAllocator} shared between threads the way a Java user would share it: every
 * method under one {@link ReentrantLock} (non-fair). The two-thread benchmark uses it as the
 * reference for what one global lock costs, next to vmapkit's allocators.
 *
 * <p>Thread-safe; the wrapped allocator must not be used directly any more.
 */
public final class LockedPageRangeAllocator implements PageRangeAllocator {

    private final PageRangeAllocator delegate;
    private final ReentrantLock lock = new ReentrantLock();

    /** Wraps {@code delegate}, which this wrapper now owns. */
    public LockedPageRangeAllocator(PageRangeAllocator delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public long alloc(int pages) {
        lock.lock();
        try {
            return delegate.alloc(pages);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void free(long page, int pages) {
        lock.lock();
        try {
            delegate.free(page, pages);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isFree(long page) {
        lock.lock();
        try {
            return delegate.isFree(page);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long capacity() {
        return delegate.capacity();
    }

    @Override
    public long freePages() {
        lock.lock();
        try {
            return delegate.freePages();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Locked[" + delegate + "]";
    }
}
