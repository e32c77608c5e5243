package io.vmapkit.allocator.nodes;

import io.vmapkit.allocator.AllocatorSettings;
import io.vmapkit.api.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings only the {@code vmap-nodes} allocator reads, and what its kernel presets mean. It
 * also reads every {@link AllocatorSettings} key (the overflow path, the lazy threshold and the
 * free-tree search are the {@code free-tree} allocator's).
 *
 * <p>Presets: {@code 6.9}, {@code 6.12} and {@code 6.18} set every {@link AllocatorSettings} key
 * as the {@code 6.x} preset does (the free tree's search, the drain worker, no vmapkit
 * improvement) and {@link #POOL_DECAY} to the release's decay; the node count stays automatic,
 * as the kernel computes it from the CPUs. Stateless; the constants are immutable.
 */
public final class NodesSettings {

    /** The largest node count: {@code vmap_init_nodes} clamps {@code num_possible_cpus()} to 128. */
    public static final int MAX_NODES = 128;

    /**
     * {@code nr_vmap_nodes}, or {@code auto} (0): {@code clamp(ncpus, 1, 128)} on a 64-bit space,
     * 1 on a 32-bit one ({@code vmap_init_nodes}; the node layer is built only when
     * {@code BITS_PER_LONG == 64}).
     */
    public static final Setting<Integer> NODES = Setting.integer("vmapkit.allocator.nodes", 0,
            "vmap-nodes: nr_vmap_nodes; auto: clamp(ncpus, 1, 128) on a 64-bit space, 1 on a 32-bit one")
            .between(0, MAX_NODES, "must be between 1 and " + MAX_NODES + ", or auto (0) for the kernel's count")
            .orKeyword("auto", 0);

    /** How a purge decays the pools: {@code 6.9} (default) or {@code 6.16} ({@link PoolDecay}). */
    public static final Setting<PoolDecay> POOL_DECAY = Setting.of("vmapkit.allocator.pool-decay", PoolDecay.class,
            PoolDecay.V6_9, PoolDecay::fromValue, PoolDecay::value,
            List.of(PoolDecay.values()).stream().map(PoolDecay::value).toList(),
            "vmap-nodes: how a purge decays pools under 4 areas: 6.9 (all go) or 6.16 (kept)");

    /** The settings only {@code vmap-nodes} reads. */
    public static final List<Setting<?>> OWN = List.of(NODES, POOL_DECAY);

    /** Every setting {@code vmap-nodes} reads: {@link AllocatorSettings#ALL}, then {@link #OWN}. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(AllocatorSettings.ALL);
        all.addAll(OWN);
        ALL = List.copyOf(all);
    }

    private NodesSettings() {}

    /** The kernel releases with a {@code vmap-nodes} preset. */
    public static final List<String> RELEASES = List.of("6.9", "6.12", "6.18");

    /**
     * What kernel preset {@code release} sets for {@code vmap-nodes}: for {@code 6.9}, {@code 6.12}
     * and {@code 6.18}, the {@code 6.x} preset of {@link AllocatorSettings#preset} and the release's
     * {@link #POOL_DECAY}; for the older presets, {@link AllocatorSettings#preset} as it is; empty
     * for an unknown release.
     */
    public static Map<String, String> preset(String release) {
        if (!RELEASES.contains(release)) {
            return AllocatorSettings.preset(release);
        }
        Map<String, String> m = new LinkedHashMap<>(AllocatorSettings.preset(release));
        m.put(POOL_DECAY.key(), POOL_DECAY.format(release.equals("6.18") ? PoolDecay.V6_16 : PoolDecay.V6_9));
        return Map.copyOf(m);
    }

    /**
     * {@code nr_vmap_nodes} for {@code configured} nodes (0: auto), {@code ncpus} CPUs and a space of
     * {@code bits} bits.
     */
    public static int nodes(int configured, int ncpus, int bits) {
        if (configured > 0) {
            return configured;
        }
        return bits == 64 ? Math.max(1, Math.min(ncpus, MAX_NODES)) : 1;
    }
}
