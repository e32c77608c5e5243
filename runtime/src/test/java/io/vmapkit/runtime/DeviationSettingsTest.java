package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vmapkit.api.Errno;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapAllocationException;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The deviation switches of {@code docs/fidelity.md} (D3, D14, D21) set as properties reach the
 * allocator and the page pool a {@link VmapSystem} builds.
 */
class DeviationSettingsTest {

    private static final long PAGE = 4096;

    private static VmapKit.Builder kit(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return Fixtures.kit().overrides(p);
    }

    @Test
    void rejectImpossibleFalseMakesASystemsAllocatorFailARequestLargerThanItsWindowWithEbusy() {
        try (VmapSystem system = kit("vmapkit.allocator.reject-impossible", "false").build()) {
            system.start();
            VmapRequest r = VmapRequest.builder(2 * PAGE).window(Fixtures.START, Fixtures.START + 2 * PAGE)
                    .flags(AllocFlag.NO_WARN).build();

            VmapAllocationException e = catchThrowableOfType(VmapAllocationException.class, () -> system.allocator().allocate(r));

            assertThat(e.errno()).isEqualTo(Errno.EBUSY);
            assertThat(system.allocator().stats().allocationFailures()).isEqualTo(1);
        }
    }

    @Test
    void freeTreeSearch52MakesASystemsAllocatorSkipAnExactSizeBlockAtPageAlignment() {
        for (String search : new String[] {"lowest-fit", "5.2"}) {
            try (VmapSystem system = kit("vmapkit.allocator.free-tree-search", search).build()) {
                system.start();
                VmapArea hole = system.allocator().allocate(VmapRequest.builder(2 * PAGE).flags(AllocFlag.NO_GUARD).build());
                system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());
                system.allocator().free(hole);
                system.allocator().purgeLazy();

                VmapArea a = system.allocator().allocate(VmapRequest.builder(2 * PAGE).align(PAGE).flags(AllocFlag.NO_GUARD).build());

                assertThat(a.start()).as(search).isEqualTo(search.equals("5.2") ? Fixtures.START + 3 * PAGE : Fixtures.START);
            }
        }
    }

    @Test
    void maxOomRoundsReachesTheSystemsPagePool() {
        try (VmapSystem system = kit("vmapkit.page-pool.max-oom-rounds", "2").build()) {
            system.start();
            AtomicInteger rounds = new AtomicInteger();
            system.oomChain().register(NotifierBlock.<OomEvent>of("liar", 0, (action, event) -> {
                rounds.incrementAndGet();
                event.add(1);
                return Notify.OK;
            }));
            system.pagePool().allocate(system.pagePool().totalPages());

            PageAllocationException e = catchThrowableOfType(PageAllocationException.class, () -> system.pagePool().allocate(1));

            assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
            assertThat(rounds.get()).isEqualTo(2);
            assertThat(e.getMessage()).contains("the cap of 2 OOM rounds");
        }
    }
}
