package io.vmapkit.allocator.page;

import io.vmapkit.api.page.PageRun;
import java.util.Optional;

/**
 * A run of pages handed out by a {@link DefaultPagePool}: the handle and the pool's record at once.
 * {@code freed} is written under the pool's lock and is volatile so {@link #isFreed()} is safe from
 * any thread.
 */
final class PoolRun implements PageRun {

    final DefaultPagePool pool;
    private final long nrPages;
    private final String owner;
    volatile boolean freed;

    PoolRun(DefaultPagePool pool, long nrPages, String owner) {
        this.pool = pool;
        this.nrPages = nrPages;
        this.owner = owner;
    }

    @Override
    public long nrPages() {
        return nrPages;
    }

    @Override
    public Optional<String> owner() {
        return owner.isEmpty() ? Optional.empty() : Optional.of(owner);
    }

    @Override
    public boolean isFreed() {
        return freed;
    }

    @Override
    public String toString() {
        return "PageRun[" + nrPages + " pages" + (owner.isEmpty() ? "" : ", owner=" + owner) + (freed ? ", freed" : "") + "]";
    }
}
