package io.vmapkit.allocator.nodes;

import com.google.auto.service.AutoService;
import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.VmapApi;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code vmap-nodes}: the 6.9+ allocator (docs/fidelity.md §18): the global free tree of
 * {@code free-tree}, with the busy side split into {@code struct vmap_node}s (busy areas, lazy
 * areas and size pools, each behind its own lock). Priority -2, so it is chosen only by name or
 * by a 6.9+ kernel preset. Stateless and thread-safe; every {@link #create} returns an
 * independent allocator.
 */
@AutoService(AllocatorProvider.class)
public final class VmapNodesAllocatorProvider implements AllocatorProvider {

    /** The provider name. */
    public static final String NAME = "vmap-nodes";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public VmapNodesAllocatorProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -2;
    }

    @Override
    public String description() {
        return "6.9+ vmap nodes: per-node busy/lazy lists and locks, size pools filled at purge, the global free tree";
    }

    @Override
    public int apiVersion() {
        return VmapApi.MAJOR_VERSION;
    }

    /** {@link NodesSettings#ALL}. */
    @Override
    public List<Setting<?>> settings() {
        return NodesSettings.ALL;
    }

    /** {@link NodesSettings#preset(String)}. */
    @Override
    public Map<String, String> preset(String kernelRelease) {
        return NodesSettings.preset(kernelRelease);
    }

    @Override
    public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
        AllocatorConfig config = AllocatorConfig.from(Objects.requireNonNull(space, "space"),
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(context, "context"));
        return create(config, settings.get(NodesSettings.NODES), settings.get(NodesSettings.POOL_DECAY));
    }

    /**
     * A new allocator built from {@code config} directly (tests and benchmarks), with
     * {@code nodes} nodes (0: the kernel's count for the config's CPUs and space) and {@code decay}.
     * A thread's "CPU" ({@code raw_smp_processor_id()}) is fixed the first time it calls the
     * allocator: the threads are numbered 0, 1, 2, ... in the order of their first call, modulo
     * {@link AllocatorConfig#ncpus()}, as if each ran pinned to its own CPU. A single-threaded run
     * is therefore always CPU 0, and two threads are on two CPUs.
     */
    public VmapAllocator create(AllocatorConfig config, int nodes, PoolDecay decay) {
        Objects.requireNonNull(config, "config");
        int ncpus = config.ncpus();
        AtomicInteger next = new AtomicInteger();
        ThreadLocal<int[]> cpu = ThreadLocal.withInitial(() -> new int[] {next.getAndIncrement() % ncpus});
        return new NodesAllocator(NAME, config, NodesSettings.nodes(nodes, ncpus, bits(config.space())),
                Objects.requireNonNull(decay, "decay"), () -> cpu.get()[0]);
    }

    /**
     * Runs the debug checks of a {@code vmap-nodes} allocator now (the free tree's invariants, the
     * snapshot's, every busy area in its address's node, the lazy counter), whatever its
     * configuration: for stress tests in other packages. Takes every lock of the allocator.
     *
     * @throws IllegalArgumentException if {@code allocator} is not a {@code vmap-nodes} allocator
     * @throws IllegalStateException naming the first violated invariant
     */
    public static void checkInvariants(VmapAllocator allocator) {
        if (!(allocator instanceof NodesAllocator)) {
            throw new IllegalArgumentException(allocator + " is not a " + NAME + " allocator");
        }
        ((NodesAllocator) allocator).checkInvariants();
    }

    /**
     * {@code BITS_PER_LONG} of the machine a space belongs to: 64 if the space ends above 4 GiB
     * (unsigned), else 32 (the {@code x86_32} space ends below 4 GiB).
     */
    static int bits(AddressSpace space) {
        return Long.compareUnsigned(space.end(), 1L << 32) > 0 ? 64 : 32;
    }
}
