package io.vmapkit.api.spi;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The seams an {@link AllocatorProvider} wires its allocator to: the clock, the listener, the purge
 * notifier chain, the fault injector and the executor for background drains. It holds no policy
 * (those are {@linkplain AllocatorProvider#settings() settings}). Immutable; the host owns every
 * object it holds and the allocator uses them for its lifetime. Build with {@link #builder()}.
 */
public final class AllocatorContext {

    private static final AllocatorContext DEFAULTS = builder().build();

    private final VmapClock clock;
    private final VmapListener listener;
    private final NotifierChain<VmapPurgeEvent> purgeChain;
    private final FaultInjector faults;
    private final Executor drainExecutor;

    private AllocatorContext(Builder b) {
        this.clock = b.clock;
        this.listener = b.listener;
        this.purgeChain = b.purgeChain;
        this.faults = b.faults;
        this.drainExecutor = b.drainExecutor;
    }

    /** The system clock, no listener, no purge chain, no faults, the common pool for drains. */
    public static AllocatorContext defaults() {
        return DEFAULTS;
    }

    /** A builder holding {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The clock for rate limits and timings. */
    public VmapClock clock() {
        return clock;
    }

    /** Where events go. */
    public VmapListener listener() {
        return listener;
    }

    /** The purge notifier chain to call on exhaustion; empty means the overflow path only purges. */
    public Optional<NotifierChain<VmapPurgeEvent>> purgeChain() {
        return Optional.ofNullable(purgeChain);
    }

    /** The fault-injection seam. */
    public FaultInjector faults() {
        return faults;
    }

    /** The executor for background drains; empty means {@link java.util.concurrent.ForkJoinPool#commonPool()}. */
    public Optional<Executor> drainExecutor() {
        return Optional.ofNullable(drainExecutor);
    }

    /** Builds an {@link AllocatorContext}. Not thread-safe. */
    public static final class Builder {
        private VmapClock clock = VmapClock.system();
        private VmapListener listener = VmapListener.NOOP;
        private NotifierChain<VmapPurgeEvent> purgeChain;
        private FaultInjector faults = FaultInjector.NONE;
        private Executor drainExecutor;

        private Builder() {}

        /** The clock (default {@link VmapClock#system()}). */
        public Builder clock(VmapClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The listener (default {@link VmapListener#NOOP}). */
        public Builder listener(VmapListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The purge notifier chain (default: none). */
        public Builder purgeChain(NotifierChain<VmapPurgeEvent> chain) {
            this.purgeChain = Objects.requireNonNull(chain, "purgeChain");
            return this;
        }

        /** The fault injector (default {@link FaultInjector#NONE}). */
        public Builder faults(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** The executor for background drains (default: the common fork-join pool). */
        public Builder drainExecutor(Executor executor) {
            this.drainExecutor = Objects.requireNonNull(executor, "drainExecutor");
            return this;
        }

        /** The context. */
        public AllocatorContext build() {
            return new AllocatorContext(this);
        }
    }
}
