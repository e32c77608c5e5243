package io.vmapkit.notifier.shrinker;

/**
 * Which era's {@code do_shrink_slab} arithmetic a shrinker registry runs. The loop (batches of
 * {@code min(batch, total_scan)} while {@code total_scan >= batch || total_scan >= freeable}) is the
 * same in all three; they differ in {@code delta}, in {@code total_scan} and in what is deferred.
 *
 * <table>
 *   <caption>The three forms (read in {@code mm/vmscan.c} and {@code mm/shrinker.c}, see below)</caption>
 *   <tr><th>form</th><th>{@code delta}</th><th>{@code total_scan}</th><th>deferred afterwards</th></tr>
 *   <tr><td>{@link #KERNEL_3_12} (3.12–4.15)</td>
 *       <td>{@code (4 * nr_scanned / seeks) * freeable / (nr_eligible + 1)}</td>
 *       <td>{@code nr + delta}; if {@code delta < freeable / 4} at most {@code freeable / 2}; at most
 *       {@code 2 * freeable}</td>
 *       <td>{@code max(nr + delta - scanned, 0)}, not capped</td></tr>
 *   <tr><td>{@link #KERNEL_4_16} (4.16–5.12)</td>
 *       <td>{@code (freeable >> priority) * 4 / seeks}</td>
 *       <td>as 3.12</td><td>as 3.12</td></tr>
 *   <tr><td>{@link #KERNEL_5_13} (5.13+)</td>
 *       <td>as 4.16</td>
 *       <td>{@code (nr >> priority) + delta}, at most {@code 2 * freeable}</td>
 *       <td>{@code max(nr + delta - scanned, 0)}, at most {@code 2 * freeable}</td></tr>
 * </table>
 * Zero-seek shrinkers get {@code delta = freeable / 2} in the 4.16 and 5.13 forms; the 3.12 form has
 * no zero-seek case (it divides by {@code seeks}; vmapkit uses {@code freeable / 2} there too rather
 * than divide by zero).
 *
 * <p>Sources read: the 3.12–4.15 form in {@code mm/vmscan.c do_shrink_slab(shrinkctl, shrinker,
 * nr_scanned, nr_eligible)} as it stood before J. Bacik's "mm: use sc->priority for slab shrink
 * targets" (9092c71bb724, the 4.16 merge window), and that patch's diff; the 4.16–5.12 form in a
 * 5.10-based {@code mm/vmscan.c do_shrink_slab(shrinkctl, shrinker, priority)}; the 5.13 change in
 * Y. Shi's "mm: vmscan: shrink deferred objects proportional to priority" (total_scan becomes
 * {@code nr >> priority} plus delta, the {@code freeable / 4} clamp and the negative-total branch
 * go, next_deferred is capped); the 5.13+ form in {@code mm/shrinker.c do_shrink_slab} (6.7+).
 *
 * <p><b>Pressure of the 3.12 form.</b> 3.12–4.15 reclaim passed the LRU pages scanned and eligible
 * in this pass ({@code nr_scanned} / {@code nr_eligible}), not a priority. A page-reclaim pass at
 * priority {@code p} scans about {@code lru_size >> p} pages ({@code get_scan_count}), so a priority
 * pass of the registry uses {@code nr_eligible = }{@link #MODEL_LRU_PAGES} and
 * {@code nr_scanned = MODEL_LRU_PAGES >> priority}; the model has no LRU of its own.
 *
 * <p><b>Not reproduced.</b> The 4.x forms' "negative objects to delete" branch ({@code total_scan}
 * below zero after a signed overflow) cannot happen: vmapkit saturates instead. Before 4.13 the loop
 * subtracted {@code nr_to_scan}, not the callee's {@code nr_scanned}; every form here honours a
 * callee that lowers {@code nr_scanned} (one that leaves it alone, as every 4.7 shrinker did, sees
 * identical arithmetic).
 */
public enum SlabForm {

    /** 3.12–4.15: pressure from LRU pages scanned / eligible; {@code nr + delta} with the clamp. */
    KERNEL_3_12("3.12"),
    /** 4.16–5.12: {@code delta} from the priority; still {@code nr + delta} with the clamp. */
    KERNEL_4_16("4.16"),
    /** 5.13+: {@code (nr >> priority) + delta}; deferred work capped at {@code 2 * freeable}. */
    KERNEL_5_13("5.13");

    /**
     * The model's stand-in for the LRU pages eligible in one reclaim pass of the 3.12 form (2^20
     * pages, 4 GiB of 4 KiB pages); a pass at priority {@code p} counts {@code MODEL_LRU_PAGES >> p}
     * of them as scanned.
     */
    public static final long MODEL_LRU_PAGES = 1L << 20;

    private final String label;

    SlabForm(String label) {
        this.label = label;
    }

    /** The first release of the form: {@code 3.12}, {@code 4.16} or {@code 5.13}. */
    public String label() {
        return label;
    }

    /** The form spelled {@code label} (as {@link #label()}). */
    public static SlabForm fromLabel(String label) {
        for (SlabForm f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown shrinker arithmetic '" + label + "'; use one of 3.12, 4.16, 5.13");
    }

    /** {@code delta} of a priority pass (step 3), by form. */
    long delta(long freeable, int priority, int seeks) {
        if (this == KERNEL_3_12) {
            return SlabArithmetic.pressureDelta(freeable, MODEL_LRU_PAGES >>> priority, MODEL_LRU_PAGES, seeks);
        }
        return SlabArithmetic.delta(freeable, priority, seeks);
    }

    /** {@code total_scan} before the loop (step 4), by form. */
    long totalScan(long nr, int priority, long delta, long freeable) {
        return this == KERNEL_5_13
                ? SlabArithmetic.totalScan(nr, priority, delta, freeable)
                : SlabArithmetic.totalScanNrPlusDelta(nr, delta, freeable);
    }

    /** What is added back to {@code nr_deferred} after the loop (step 7), by form. */
    long nextDeferred(long nr, long delta, long scanned, long freeable) {
        return this == KERNEL_5_13
                ? SlabArithmetic.nextDeferred(nr, delta, scanned, freeable)
                : SlabArithmetic.nextDeferredUncapped(nr, delta, scanned);
    }

    @Override
    public String toString() {
        return label;
    }
}
