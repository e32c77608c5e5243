package io.vmapkit.trace;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.spi.AllocatorProvider;
import io.vmapkit.api.vmap.VmapAllocator;

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
    public VmapAllocator create(AllocatorConfig config) {
        recorder.header(config, real.name());
        AllocatorConfig.Builder b = config.toBuilder();
        config.purgeChain().ifPresent(chain -> b.purgeChain(new RecordingPurgeChain(chain, recorder)));
        return new RecordingAllocator(real.create(b.build()), recorder);
    }

    @Override
    public String toString() {
        return "recorded " + real;
    }
}
