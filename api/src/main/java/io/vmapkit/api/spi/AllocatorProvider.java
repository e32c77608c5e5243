package io.vmapkit.api.spi;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;

/**
 * Creates allocators of one algorithm, chosen by {@link #name()} (e.g. {@code free-tree},
 * {@code busy-list}). Its policy comes from settings it declares ({@link #settings()}, keys
 * {@code vmapkit.allocator.*}) and reads from the {@link Settings} it is given; its wiring from an
 * {@link AllocatorContext}. Thread-safe and stateless; {@link #create} may be called many times.
 */
public interface AllocatorProvider extends Discoverable, Configurable {

    /**
     * The modelled machine's online CPU count, {@code vmapkit.ncpus} (default 4, at least 1): a
     * system setting every allocator may read, e.g. for {@code lazy_max_pages()}.
     */
    Setting<Integer> NCPUS = Setting.integer("vmapkit.ncpus", 4,
            "online CPUs for lazy_max_pages() = fls(ncpus) * 32 MiB / PAGE_SIZE").atLeast(1);

    /**
     * A new allocator over {@code space}, with every range free.
     *
     * @param settings the resolved settings; the provider reads its own (and {@link #NCPUS}), each
     *     at its default when not set
     * @throws io.vmapkit.api.settings.SettingException if one of its settings has a bad value
     * @throws IllegalArgumentException if the space is unusable for this algorithm
     */
    VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context);
}
