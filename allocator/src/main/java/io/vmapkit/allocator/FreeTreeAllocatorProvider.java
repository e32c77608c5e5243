package io.vmapkit.allocator;

import com.google.auto.service.AutoService;
import io.vmapkit.api.spi.AllocatorProvider;

/**
 * {@code free-tree}: the 5.2+ allocator (docs/fidelity.md §3), free blocks in an augmented
 * address-ordered tree, lowest fit in O(log n). The default (priority 10). The search length
 * follows {@link io.vmapkit.allocator.AllocatorConfig#freeTreeSearch()} (default {@code lowest-fit};
 * the {@code 5.2} and {@code 6.x} era variants may place large alignments higher). Stateless and
 * thread-safe; every {@link #create} returns an independent allocator.
 */
@AutoService(AllocatorProvider.class)
public final class FreeTreeAllocatorProvider extends PlacementProvider {

    /** The provider name. */
    public static final String NAME = "free-tree";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public FreeTreeAllocatorProvider() {
        super(NAME, 10, "5.2+ augmented free tree: lowest-address fit in O(log n), FL/LE/RE/NE splits, maximal free blocks",
                c -> new FreeTreePlacement(c.space(), c.faults(), c.freeTreeSearch()));
    }
}
