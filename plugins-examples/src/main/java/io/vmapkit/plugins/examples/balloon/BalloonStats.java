package io.vmapkit.plugins.examples.balloon;

/**
 * A consistent reading of the balloon, taken under its lock.
 *
 * @param targetChunks the chunks the balloon aims to hold ({@code share} of the space)
 * @param chunks the chunks it holds now
 * @param chunkBytes the size of one chunk (no guard page)
 * @param deflations purge-notifier calls in which it gave chunks back
 * @param chunksReturned chunks given back in total (the sum of what it added to {@code freed})
 * @param reinflations ticks that took chunks again
 * @param chunksReinflated chunks taken again in total
 * @param pressureSeen whether a purge-notifier call has ever reached the balloon
 * @param lastPressureNanos the clock reading of the last such call (meaningless if none)
 */
public record BalloonStats(
        long targetChunks,
        long chunks,
        long chunkBytes,
        long deflations,
        long chunksReturned,
        long reinflations,
        long chunksReinflated,
        boolean pressureSeen,
        long lastPressureNanos) {

    /** The address space the balloon holds now: {@code chunks * chunkBytes}. */
    public long reservedBytes() {
        return chunks * chunkBytes;
    }
}
