package io.vmapkit.notifier;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import io.vmapkit.notifier.NotifierConfig.ShrinkerArithmetic;
import io.vmapkit.notifier.watchdog.CallbackTimeoutException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The settings of the default notifier provider: every {@code vmapkit.notifier.*} key, and what
 * each kernel preset means for them: no quarantine (the kernel calls every block on every walk,
 * D5); duplicate registration {@code warn-and-ignore} for 4.7 and 5.2 (the closest the kernel
 * model allows: those kernels corrupt the chain, which is not reproduced) and {@code reject}
 * ({@code -EEXIST}, ≈5.17+) for 6.x (D6); the shrinker arithmetic of the release (3.12–4.15 for
 * 4.7, 4.16–5.12 for 5.2, 5.13+ for 6.x); no callback timeout (the kernel waits for a notifier
 * callback or a shrinker forever). {@link DefaultNotifierProvider} lists {@link #ALL};
 * {@link NotifierConfig#from} reads them. Stateless.
 */
public final class NotifierSettings {

    /** Consecutive failures before a notifier block or shrinker is quarantined; 0 never (D5; default 3). */
    public static final Setting<Integer> QUARANTINE_AFTER = Setting.integer("vmapkit.notifier.quarantine-after",
            NotifierConfig.DEFAULT_QUARANTINE_AFTER, "consecutive failures before a notifier block or shrinker is quarantined; 0 never")
            .between(0, Integer.MAX_VALUE, "must not be negative (0 disables quarantine)");

    /** Registering a block twice: {@code reject} (default) or {@code warn-and-ignore} (D6). */
    public static final Setting<DuplicatePolicy> DUPLICATE_BLOCKS = Setting.choice("vmapkit.notifier.duplicate-blocks",
            DuplicatePolicy.class, DuplicatePolicy.REJECT, "registering the same block twice: -EEXIST (5.17+) or a warning");

    /** The {@code do_shrink_slab} arithmetic: {@code 3.12}, {@code 4.16} or {@code 5.13} (default). */
    public static final Setting<ShrinkerArithmetic> SHRINKER_ARITHMETIC = Setting.of("vmapkit.notifier.shrinker-arithmetic",
            ShrinkerArithmetic.class, ShrinkerArithmetic.KERNEL_5_13, ShrinkerArithmetic::fromValue, ShrinkerArithmetic::value,
            List.of(ShrinkerArithmetic.values()).stream().map(ShrinkerArithmetic::value).toList(),
            "the do_shrink_slab arithmetic of shrinker registries, by the release that introduced it");

    /**
     * How long one plugin callback (a notifier block's call, a shrinker's count or scan, a plugin's
     * install or uninstall) may run before the watchdog reports it with its thread's stack,
     * interrupts it and, should it return, fails it: a duration such as {@code 500ms} or {@code 30s}
     * (a bare number counts seconds), or {@code none} to wait forever as the kernel does. Default
     * 30 s; every kernel preset sets {@code none}.
     */
    public static final Setting<Duration> CALLBACK_TIMEOUT = Setting.duration(CallbackTimeoutException.KEY,
            NotifierConfig.DEFAULT_CALLBACK_TIMEOUT, ChronoUnit.SECONDS,
            "how long one plugin callback may run before the watchdog reports and interrupts it; none waits forever")
            .orKeyword("none", Duration.ZERO);

    /** Every setting of the default notifier provider. */
    public static final List<Setting<?>> ALL = List.of(QUARANTINE_AFTER, DUPLICATE_BLOCKS, SHRINKER_ARITHMETIC, CALLBACK_TIMEOUT);

    private NotifierSettings() {}

    /** What kernel preset {@code release} sets; empty for an unknown release. */
    public static Map<String, String> preset(String release) {
        return switch (release) {
            case "4.7" -> Map.of(DUPLICATE_BLOCKS.key(), DUPLICATE_BLOCKS.format(DuplicatePolicy.WARN_AND_IGNORE),
                    QUARANTINE_AFTER.key(), "0", SHRINKER_ARITHMETIC.key(), ShrinkerArithmetic.KERNEL_3_12.value(),
                    CALLBACK_TIMEOUT.key(), "none");
            case "5.2" -> Map.of(DUPLICATE_BLOCKS.key(), DUPLICATE_BLOCKS.format(DuplicatePolicy.WARN_AND_IGNORE),
                    QUARANTINE_AFTER.key(), "0", SHRINKER_ARITHMETIC.key(), ShrinkerArithmetic.KERNEL_4_16.value(),
                    CALLBACK_TIMEOUT.key(), "none");
            case "6.x", "6.9", "6.12", "6.18" -> Map.of(DUPLICATE_BLOCKS.key(), DUPLICATE_BLOCKS.format(DuplicatePolicy.REJECT),
                    QUARANTINE_AFTER.key(), "0", SHRINKER_ARITHMETIC.key(), ShrinkerArithmetic.KERNEL_5_13.value(),
                    CALLBACK_TIMEOUT.key(), "none");
            default -> Map.of();
        };
    }
}
