package io.vmapkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.spi.AllocatorConfig;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadsTest {

    @Test
    void fullFitHolesIsFlsOfCpusTimes8192() {
        assertThat(Workloads.fullFitHoles(1)).isEqualTo(8192);
        assertThat(Workloads.fullFitHoles(2)).isEqualTo(16_384);
        assertThat(Workloads.fullFitHoles(3)).isEqualTo(16_384);
        assertThat(Workloads.fullFitHoles(4)).isEqualTo(24_576);
        assertThat(Workloads.fullFitHoles(64)).isEqualTo(57_344);
    }

    @Test
    void benchAllocatorsHaveTwoCpusSoLazyMaxPagesIs16384AndPurgesAreSynchronous() {
        AllocatorConfig config = Workloads.config(AddressSpace.x86_64()).build();
        assertThat(config.ncpus()).isEqualTo(2);
        assertThat(config.lazyMaxPages()).isEqualTo(16_384);
        assertThat(config.lazyPurgeMode()).isEqualTo(AllocatorConfig.LazyPurgeMode.SYNC);
    }

    @Test
    void randomSizeIsNModHundredPlusOnePagesWithNUnsigned() {
        assertThat(Workloads.randomSizePages(0)).isEqualTo(1);
        assertThat(Workloads.randomSizePages(99)).isEqualTo(100);
        assertThat(Workloads.randomSizePages(100)).isEqualTo(1);
        assertThat(Workloads.randomSizePages(-1)).as("0xffffffff % 100 = 95").isEqualTo(96);
        int[] ring = Workloads.randomSizeRing(Long.parseLong(Workloads.DEFAULT_SEED));
        assertThat(ring).hasSize(Workloads.RING);
        assertThat(IntStream.of(ring).distinct().sorted().toArray())
                .as("every size from 1 to 100 pages occurs in the ring, and nothing else")
                .isEqualTo(IntStream.rangeClosed(1, 100).toArray());
    }

    @Test
    void randomSizeAlignTakesSizeAndAlignmentFromTheSameValue() {
        assertThat(Workloads.randomSizeAlignPages(0)).isEqualTo(1);
        assertThat(Workloads.randomSizeAlignBytes(0)).isEqualTo(1);
        assertThat(Workloads.randomSizeAlignPages(22)).isEqualTo(3);
        assertThat(Workloads.randomSizeAlignBytes(22)).as("the largest alignment, 4 MiB").isEqualTo(4L << 20);
        assertThat(Workloads.randomSizeAlignPages(-1)).as("0xffffffff % 10 = 5").isEqualTo(6);
        assertThat(Workloads.randomSizeAlignBytes(-1)).as("0xffffffff % 23 = 11").isEqualTo(2048);
        for (VmapRequest r : Workloads.randomSizeAlignRing(7)) {
            assertThat(r.size() / Workloads.PAGE).isBetween(1L, 10L);
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

    @Test
    void requestsByPagesAreIndexedByTheirPageCountWithAGuard() {
        VmapRequest[] byPages = Workloads.requestsByPages(100);
        assertThat(byPages[0]).isNull();
        assertThat(byPages[1]).isEqualTo(VmapRequest.of(4096));
        assertThat(byPages[100].size()).isEqualTo(100L * 4096);
        assertThat(AddressSpace.x86_64().guardSize(byPages[100])).isEqualTo(4096);
    }
}
