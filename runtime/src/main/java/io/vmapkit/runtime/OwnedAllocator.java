package io.vmapkit.runtime;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;
import java.util.Objects;
import java.util.Optional;

/**
 * The allocator as one plugin sees it: requests are tagged with the plugin as owner, and only areas
 * allocated through this context may be freed through it. Everything else is the system allocator's
 * behaviour, threading included.
 */
final class OwnedAllocator implements VmapAllocator {

    private final TrackingContext context;
    private final VmapAllocator delegate;

    OwnedAllocator(TrackingContext context, VmapAllocator delegate) {
        this.context = context;
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public AddressSpace space() {
        return delegate.space();
    }

    /**
     * Allocates with the plugin as owner. A request without an owner is tagged with the plugin (a
     * copy); one that names the plugin already goes to the allocator as it is, so a plugin that
     * reuses its own requests allocates none here.
     *
     * @throws IllegalArgumentException if the request already names another owner
     * @throws IllegalStateException if the plugin is being uninstalled
     */
    @Override
    public VmapArea allocate(VmapRequest request) {
        Objects.requireNonNull(request, "request");
        String me = context.pluginName();
        Optional<String> owner = request.owner();
        if (owner.isPresent() && !owner.get().equals(me)) {
            throw new IllegalArgumentException("request " + request + " names owner '" + owner.get()
                    + "', but it is made through plugin '" + me + "''s context");
        }
        context.checkCanAllocate();
        return context.recordArea(delegate.allocate(owner.isPresent() ? request : request.withOwner(me)));
    }

    /**
     * Frees an area this plugin allocated.
     *
     * @throws IllegalArgumentException if the area was not allocated through this context (the
     *     message names its owner and this plugin); nothing changes
     */
    @Override
    public void free(VmapArea area) {
        Objects.requireNonNull(area, "area");
        if (!context.takeArea(area)) {
            String owner = area.owner().map(o -> "plugin '" + o + "'").orElse("no plugin (the host)");
            throw new IllegalArgumentException("area [" + Addresses.hex(area.start()) + ", " + Addresses.hex(area.end())
                    + ") is owned by " + owner + " and cannot be freed through plugin '" + context.pluginName()
                    + "''s context");
        }
        try {
            delegate.free(area);
        } catch (RuntimeException e) {
            if (area.state() == AreaState.LIVE) {
                context.putBackArea(area);
            }
            throw e;
        }
    }

    @Override
    public boolean purgeLazy() {
        return delegate.purgeLazy();
    }

    @Override
    public VmapStats stats() {
        return delegate.stats();
    }

    @Override
    public VmapSnapshot snapshot() {
        return delegate.snapshot();
    }

    @Override
    public String toString() {
        return delegate + " as seen by plugin '" + context.pluginName() + "'";
    }
}
