package io.vmapkit.trace;

import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.Settings;
import io.vmapkit.api.spi.AllocatorContext;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapAllocator;
import java.util.List;
import java.util.Map;

/**
 * The real provider, recorded: same name, priority and version; {@link #create} writes the trace
 * header and returns the real allocator wrapped, built with the purge chain wrapped.
 */
final class RecordingAllocatorProvider implements AllocatorProvider {

    private final AllocatorProvider real;
    private final TraceRecorder recorder;

    RecordingAllocatorProvider(AllocatorProvider real, TraceRecorder recorder) {
        this.real = real;
        this.recorder = recorder;
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public int priority() {
        return real.priority();
    }

    @Override
    public String version() {
        return real.version();
    }

    @Override
    public String description() {
        return real.description() + " (recorded to a trace)";
    }

    @Override
    public int apiVersion() {
        return real.apiVersion();
    }

    /**
     * @throws IllegalArgumentException if the configuration purges in the background (a trace needs
     *     synchronous purges)
     * @throws IllegalStateException if this recorder already recorded an allocator
     */
    @Override
    public VmapAllocator create(AddressSpace space, Settings settings, AllocatorContext context) {
        TraceHeader header = TraceHeader.of(space, real, settings, recorder.policy());
        AllocatorContext.Builder b = AllocatorContext.builder().clock(context.clock()).listener(context.listener())
                .faults(context.faults());
        context.drainExecutor().ifPresent(b::drainExecutor);
        context.purgeChain().ifPresent(chain -> b.purgeChain(new RecordingPurgeChain(chain, recorder)));
        VmapAllocator allocator = real.create(space, settings, b.build());
        recorder.header(header.withLazyMaxPages(allocator.stats().lazyMaxPages()), TraceHeader.defaults(real));
        return new RecordingAllocator(allocator, recorder);
    }

    /** The real provider's settings: the recorded allocator reads the same. */
    @Override
    public List<Setting<?>> settings() {
        return real.settings();
    }

    /** The real provider's presets. */
    @Override
    public Map<String, String> preset(String kernelRelease) {
        return real.preset(kernelRelease);
    }

    @Override
    public String toString() {
        return "recorded " + real;
    }
}
