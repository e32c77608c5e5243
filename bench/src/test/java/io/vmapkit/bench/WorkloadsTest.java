package io.vmapkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.allocator.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapRequest;
import io.vmapkit.workloads.testvmalloc.TestVmalloc;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' configuration and input rings. The test_vmalloc derivations themselves are
 * tested where they are defined, in the workloads module's {@code TestVmallocTest}.
 */
class WorkloadsTest {

    @Test
    void benchAllocatorsHaveTwoCpusSoLazyMaxPagesIs16384AndPurgesAreSynchronous() {
        AllocatorConfig config = Workloads.config(AddressSpace.x86_64()).build();
        assertThat(config.ncpus()).isEqualTo(2);
        assertThat(config.lazyMaxPages()).isEqualTo(16_384);
        assertThat(config.lazyPurgeMode()).isEqualTo(AllocatorConfig.LazyPurgeMode.SYNC);
        assertThat(Workloads.DEFAULT_SEED).isEqualTo("20190102");
    }

    @Test
    void theRandomSizeRingHoldsEverySizeFromOneToAHundredPages() {
        int[] ring = Workloads.randomSizeRing(Long.parseLong(Workloads.DEFAULT_SEED));
        assertThat(ring).hasSize(Workloads.RING);
        assertThat(IntStream.of(ring).distinct().sorted().toArray())
                .as("every size from 1 to 100 pages occurs in the ring, and nothing else")
                .isEqualTo(IntStream.rangeClosed(1, 100).toArray());
    }

    @Test
    void theRandomSizeAlignRingDrawsEachRequestFromOneValueAsTestVmallocDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (VmapRequest r : Workloads.randomSizeAlignRing(7)) {
            assertThat(r).isEqualTo(TestVmalloc.randomSizeAlign(random.nextInt()));
            assertThat(r.size() / TestVmalloc.PAGE).isBetween(1L, 10L);
            assertThat(r.align()).isBetween(1L, 4L << 20);
        }
    }

    @Test
    void ringsAreReproducibleFromTheirSeed() {
        assertThat(Workloads.randomSizeRing(42)).isEqualTo(Workloads.randomSizeRing(42));
        assertThat(Workloads.randomSizeRing(42)).isNotEqualTo(Workloads.randomSizeRing(43));
        assertThat(Workloads.randomSizeAlignRing(42)).isEqualTo(Workloads.randomSizeAlignRing(42));
        assertThat(Arrays.asList(Workloads.randomSizeAlignRing(42))).isNotEqualTo(Arrays.asList(Workloads.randomSizeAlignRing(43)));
    }
}
