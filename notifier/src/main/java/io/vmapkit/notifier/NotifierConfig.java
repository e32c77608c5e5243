package io.vmapkit.notifier;

import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.NotifierContext;
import io.vmapkit.notifier.watchdog.CallbackWatchdog;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything this module's chains and shrinker registries are built from. The provider builds it
 * from {@link Settings} and a {@link NotifierContext} ({@link #from}); tests build it with
 * {@link #builder()}. The policy keys are declared in {@link NotifierSettings}. Immutable.
 */
public final class NotifierConfig {

    /** The default number of consecutive failures after which a block is quarantined. */
    public static final int DEFAULT_QUARANTINE_AFTER = 3;

    /**
     * The default of {@link NotifierSettings#CALLBACK_TIMEOUT}, the bound on one plugin callback in
     * a system configured without a kernel preset: 30 s (the kernel presets wait forever, as the
     * kernel does). A config made with {@link #builder()} directly waits forever unless given
     * {@link Builder#callbackTimeout}: its chains keep their allocation-free call path.
     */
    public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(30);

    /** What registering a block already on the chain does. */
    public enum DuplicatePolicy {
        /** Refuse with {@code -EEXIST} (≈5.17 and later; the default). */
        REJECT,
        /** Warn and return without inserting (the 2019 to ≈5.16 behaviour). */
        WARN_AND_IGNORE
    }

    /**
     * Which era's {@code do_shrink_slab} arithmetic shrinker registries run: 3.12–4.15 (pressure
     * from LRU pages scanned / eligible, {@code nr + delta} with the {@code freeable / 4} clamp),
     * 4.16–5.12 ({@code delta} from the priority, still {@code nr + delta}), or 5.13+ (the default:
     * {@code (nr >> priority) + delta}, deferred work capped at {@code 2 * freeable}).
     */
    public enum ShrinkerArithmetic {
        /** 3.12–4.15. */
        KERNEL_3_12("3.12"),
        /** 4.16–5.12. */
        KERNEL_4_16("4.16"),
        /** 5.13 and later (the default). */
        KERNEL_5_13("5.13");

        private final String value;

        ShrinkerArithmetic(String value) {
            this.value = value;
        }

        /** The first release of the form, as written in configuration: {@code 3.12}, {@code 4.16} or {@code 5.13}. */
        public String value() {
            return value;
        }

        /**
         * The form spelled {@code value}.
         *
         * @throws IllegalArgumentException naming the value and every valid one
         */
        public static ShrinkerArithmetic fromValue(String value) {
            for (ShrinkerArithmetic a : values()) {
                if (a.value.equals(value.strip())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown shrinker arithmetic '" + value + "'; use one of 3.12, 4.16, 5.13");
        }
    }

    private final VmapListener listener;
    private final VmapClock clock;
    private final int quarantineAfter;
    private final DuplicatePolicy duplicatePolicy;
    private final ShrinkerArithmetic shrinkerArithmetic;
    private final CallbackWatchdog watchdog;

    private NotifierConfig(Builder b) {
        this.listener = b.listener;
        this.clock = b.clock;
        this.quarantineAfter = b.quarantineAfter;
        this.duplicatePolicy = b.duplicatePolicy;
        this.shrinkerArithmetic = b.shrinkerArithmetic;
        this.watchdog = CallbackWatchdog.of(b.callbackTimeout);
    }

    /** A builder with every value at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration with every value at its default. */
    public static NotifierConfig defaults() {
        return builder().build();
    }

    /**
     * The configuration {@code settings} and {@code context} give: every {@link NotifierSettings}
     * key at its value or default, the seams from the context.
     *
     * @throws io.vmapkit.api.settings.SettingException naming key, value and source of a bad value
     */
    public static NotifierConfig from(Settings settings, NotifierContext context) {
        return builder().listener(context.listener()).clock(context.clock())
                .quarantineAfter(settings.get(NotifierSettings.QUARANTINE_AFTER))
                .duplicatePolicy(settings.get(NotifierSettings.DUPLICATE_BLOCKS))
                .shrinkerArithmetic(settings.get(NotifierSettings.SHRINKER_ARITHMETIC))
                .callbackTimeout(settings.get(NotifierSettings.CALLBACK_TIMEOUT)).build();
    }

    /** Where chain and shrinker events go. */
    public VmapListener listener() {
        return listener;
    }

    /** The clock for call durations. */
    public VmapClock clock() {
        return clock;
    }

    /**
     * Consecutive failures (exceptions, or for shrinkers nonsense results) after which a notifier
     * block or shrinker is quarantined; 0 means never.
     */
    public int quarantineAfter() {
        return quarantineAfter;
    }

    /** What registering a duplicate block does. */
    public DuplicatePolicy duplicatePolicy() {
        return duplicatePolicy;
    }

    /** The {@code do_shrink_slab} arithmetic of shrinker registries (default {@link ShrinkerArithmetic#KERNEL_5_13}). */
    public ShrinkerArithmetic shrinkerArithmetic() {
        return shrinkerArithmetic;
    }

    /** The watchdog bounding each block's and shrinker's call ({@link CallbackWatchdog#WAIT_FOREVER} for none). */
    public CallbackWatchdog watchdog() {
        return watchdog;
    }

    @Override
    public String toString() {
        return "NotifierConfig[quarantineAfter=" + quarantineAfter + ", duplicatePolicy=" + duplicatePolicy + "]";
    }

    /** Builds a {@link NotifierConfig}. Not thread-safe. */
    public static final class Builder {
        private VmapListener listener = VmapListener.NOOP;
        private VmapClock clock = VmapClock.system();
        private int quarantineAfter = DEFAULT_QUARANTINE_AFTER;
        private DuplicatePolicy duplicatePolicy = DuplicatePolicy.REJECT;
        private ShrinkerArithmetic shrinkerArithmetic = ShrinkerArithmetic.KERNEL_5_13;
        private Duration callbackTimeout = Duration.ZERO;

        private Builder() {}

        /**
         * The bound on one callback; {@link Duration#ZERO} waits forever (the default here; systems
         * read {@link NotifierSettings#CALLBACK_TIMEOUT}, whose default is
         * {@link #DEFAULT_CALLBACK_TIMEOUT}). A timed call costs one small allocation and a timer
         * operation.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder callbackTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "callbackTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("callback timeout " + timeout + " must not be negative (0 waits forever)");
            }
            this.callbackTimeout = timeout;
            return this;
        }

        /** The listener (default {@link VmapListener#NOOP}). */
        public Builder listener(VmapListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock (default {@link VmapClock#system()}). */
        public Builder clock(VmapClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Consecutive failures before quarantine; 0 disables quarantine (default 3).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder quarantineAfter(int failures) {
            if (failures < 0) {
                throw new IllegalArgumentException("quarantine threshold " + failures + " must not be negative (0 disables)");
            }
            this.quarantineAfter = failures;
            return this;
        }

        /** The duplicate-registration policy (default {@link DuplicatePolicy#REJECT}). */
        public Builder duplicatePolicy(DuplicatePolicy policy) {
            this.duplicatePolicy = Objects.requireNonNull(policy, "duplicatePolicy");
            return this;
        }

        /** The {@code do_shrink_slab} arithmetic (default {@link ShrinkerArithmetic#KERNEL_5_13}). */
        public Builder shrinkerArithmetic(ShrinkerArithmetic arithmetic) {
            this.shrinkerArithmetic = Objects.requireNonNull(arithmetic, "shrinkerArithmetic");
            return this;
        }

        /** The configuration. */
        public NotifierConfig build() {
            return new NotifierConfig(this);
        }
    }
}
