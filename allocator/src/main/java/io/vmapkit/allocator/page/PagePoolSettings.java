package io.vmapkit.allocator.page;

import io.vmapkit.api.settings.Setting;
import java.util.List;
import java.util.Map;

/**
 * The settings of the default page pool: every {@code vmapkit.page-pool.*} key it reads, and what
 * each kernel preset means for them (no cap on OOM-chain rounds: no known kernel cap, D21).
 * {@link DefaultPagePoolProvider} lists {@link #ALL}; {@link PagePoolConfig#from} reads them.
 * Stateless.
 */
public final class PagePoolSettings {

    /** The default pool size in pages: 1 GiB of 4 KiB pages. */
    public static final long DEFAULT_PAGES = 262_144;

    /** Pages in the physical page pool, at least 1 (default 262144). */
    public static final Setting<Long> PAGES = Setting.longInteger("vmapkit.page-pool.pages", DEFAULT_PAGES,
            "pages in the physical page pool").between(1, Long.MAX_VALUE, "must be at least 1 page");

    /** Cap on OOM-chain rounds per page allocation, or {@code unlimited} (D21; default 8). */
    public static final Setting<Integer> MAX_OOM_ROUNDS = Setting.roundCap("vmapkit.page-pool.max-oom-rounds",
            PagePoolConfig.DEFAULT_MAX_OOM_ROUNDS, "cap on OOM-chain rounds per page allocation, then ENOMEM");

    /** Every setting of the default page pool. */
    public static final List<Setting<?>> ALL = List.of(PAGES, MAX_OOM_ROUNDS);

    private PagePoolSettings() {}

    /** What kernel preset {@code release} sets; empty for an unknown release. */
    public static Map<String, String> preset(String release) {
        return switch (release) {
            case "4.7", "5.2", "6.x", "6.9", "6.12", "6.18" -> Map.of(MAX_OOM_ROUNDS.key(), MAX_OOM_ROUNDS.format(Setting.UNLIMITED));
            default -> Map.of();
        };
    }
}
