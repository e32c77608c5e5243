package io.vmapkit.allocator.nodes;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a purge that is not a full decay shrinks each non-empty pool ({@code decay_va_pool_node},
 * {@code mm/vmalloc.c}): both variants take about a quarter ({@code len >> 2}) of the pool from
 * its head back to the free tree; they differ for a pool of fewer than 4 areas.
 */
public enum PoolDecay {
    /**
     * 6.9 as merged: {@code n_decay = len >> 2}, and the loop stops when {@code --n_decay} reaches 0.
     * With {@code len < 4} {@code n_decay} starts at 0, the decrement wraps, and the whole pool
     * goes back to the free tree (acknowledged on linux-mm, Feb 2024: "Last three objects do not
     * play a big game").
     */
    V6_9("6.9"),
    /**
     * The 2025 rewrite (B. He, posted 15 Apr 2025, for ≈6.16; the release is unverified):
     * {@code n_decay = len >> 2} areas leave, tested before each ({@code if (!n_decay--) break}),
     * so a pool of fewer than 4 areas is kept whole.
     */
    V6_16("6.16");

    private final String value;

    PoolDecay(String value) {
        this.value = value;
    }

    /** The configuration spelling: {@code 6.9} or {@code 6.16}. */
    public String value() {
        return value;
    }

    /**
     * How many of a pool's {@code len} areas one purge returns to the free tree.
     *
     * @param full {@code true} for the overflow path's full decay ({@code reclaim_and_purge_vmap_areas})
     */
    public int decayed(int len, boolean full) {
        if (full) {
            return len;
        }
        int quarter = len >> 2;
        return this == V6_9 && quarter == 0 ? len : quarter;
    }

    /**
     * The variant spelled {@code value} (case-insensitive, blanks ignored).
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static PoolDecay fromValue(String value) {
        Objects.requireNonNull(value, "value");
        for (PoolDecay d : values()) {
            if (d.value.equalsIgnoreCase(value.strip())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown pool decay '" + value + "'; use one of "
                + String.join(", ", Arrays.stream(values()).map(PoolDecay::value).toList()));
    }
}
