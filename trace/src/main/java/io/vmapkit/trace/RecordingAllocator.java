package io.vmapkit.trace;

import io.vmapkit.api.Errno;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapAllocator;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.api.vmap.VmapSnapshot;
import io.vmapkit.api.vmap.VmapStats;

/**
 * The real allocator with every allocate, free and explicit purge recorded. Areas are the real
 * allocator's own handles, so ownership checks and identity are unchanged. A free or allocation
 * the real allocator rejects as bad input changed nothing and is recorded only for allocations
 * ({@code -> EINVAL}); a rejected free is not recorded. Thread-safe as the real allocator is.
 */
final class RecordingAllocator implements VmapAllocator {

    private final VmapAllocator real;
    private final TraceRecorder recorder;

    RecordingAllocator(VmapAllocator real, TraceRecorder recorder) {
        this.real = real;
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public AddressSpace space() {
        return real.space();
    }

    @Override
    public VmapArea allocate(VmapRequest request) {
        if (!recorder.isOpen()) {
            return real.allocate(request);
        }
        TraceRecorder.Frame f = recorder.begin();
        VmapArea area = null;
        Errno failure = Errno.EPERM;
        try {
            area = real.allocate(request);
            return area;
        } catch (VmapAllocationException e) {
            failure = e.errno();
            throw e;
        } catch (IllegalArgumentException e) {
            failure = Errno.EINVAL;
            throw e;
        } finally {
            recorder.end(f, request, area, area == null ? failure : null);
        }
    }

    @Override
    public void free(VmapArea area) {
        Long id = recorder.isOpen() ? recorder.idOf(area) : null;
        real.free(area);
        if (id != null) {
            recorder.freed(area, id);
        }
    }

    @Override
    public boolean purgeLazy() {
        boolean any = real.purgeLazy();
        if (recorder.isOpen()) {
            recorder.purged(any);
        }
        return any;
    }

    @Override
    public VmapStats stats() {
        return real.stats();
    }

    @Override
    public VmapSnapshot snapshot() {
        return real.snapshot();
    }

    @Override
    public String toString() {
        return "recorded " + real;
    }
}
