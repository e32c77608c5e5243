package io.vmapkit.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.vmapkit.api.FaultInjector;
import io.vmapkit.api.VmapClock;
import io.vmapkit.api.event.VmapListener;
import io.vmapkit.api.notifier.NotifierChain;
import io.vmapkit.api.page.OomEvent;
import io.vmapkit.api.shrinker.ShrinkerRegistry;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.allocator.page.PagePoolConfig;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AllocatorConfig and PagePoolConfig (moved from the api with their classes). */
class ConfigTest {

    /** docs/fidelity.md §7.1: fls(ncpus) * 8192 pages with 4 KiB pages. */
    @ParameterizedTest(name = "{0} cpus: {1} pages")
    @CsvSource({"1,8192", "2,16384", "3,16384", "4,24576", "7,24576", "8,32768", "15,32768",
        "16,40960", "31,40960", "32,49152", "63,49152", "64,57344", "127,57344"})
    void lazyMaxPagesIsFlsOfCpusTimes32MiB(int ncpus, long pages) {
        assertThat(AllocatorConfig.builder(AddressSpace.x86_64()).ncpus(ncpus).build().lazyMaxPages()).isEqualTo(pages);
    }

    @Test
    void lazyMaxPagesScalesWithThePageSize() {
        AddressSpace big = AddressSpace.of("p16k", 0x100000, 1L << 30, 16384);
        assertThat(AllocatorConfig.builder(big).ncpus(1).build().lazyMaxPages()).isEqualTo(2048);
        assertThat(AllocatorConfig.builder(big).ncpus(1).lazyMaxPages(7).build().lazyMaxPages()).isEqualTo(7);
    }

    @Test
    void allocatorDefaults() {
        AllocatorConfig c = AllocatorConfig.builder(AddressSpace.x86_32()).build();
        assertThat(c.ncpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.maxNotifierRounds()).isEqualTo(8);
        assertThat(c.purgeChain()).isEmpty();
        assertThat(c.listener()).isSameAs(VmapListener.NOOP);
        assertThat(c.lazyPurgeMode()).isEqualTo(AllocatorConfig.LazyPurgeMode.SYNC);
        assertThat(c.drainExecutor()).isEmpty();
        assertThat(c.nonBlockingSkipsNotifier()).isTrue();
        assertThat(c.faults()).isSameAs(FaultInjector.NONE);
        assertThat(c.debugChecks()).isFalse();
        assertThat(c.toString()).contains("maxNotifierRounds=8", "purgeChain=none");
    }

    @Test
    void allocatorBuilderRefusesBadValuesAndKeepsThePreviousOnes() {
        AllocatorConfig.Builder b = AllocatorConfig.builder(AddressSpace.x86_32()).ncpus(4).maxNotifierRounds(3);
        assertThatThrownBy(() -> b.ncpus(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("ncpus 0 must be at least 1");
        assertThatThrownBy(() -> b.lazyMaxPages(0)).hasMessage("lazy_max_pages 0 must be at least 1");
        assertThatThrownBy(() -> b.maxNotifierRounds(0))
                .hasMessage("max notifier rounds 0 must be at least 1, or -1 for unlimited");
        assertThatThrownBy(() -> b.maxNotifierRounds(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocatorConfig.builder(null)).isInstanceOf(NullPointerException.class);
        AllocatorConfig c = b.build();
        assertThat(c.ncpus()).isEqualTo(4);
        assertThat(c.maxNotifierRounds()).isEqualTo(3);
        assertThat(b.maxNotifierRounds(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS).build().toString()).contains("unlimited");
    }

    @Test
    @SuppressWarnings("unchecked")
    void allocatorToBuilderRoundTrips() {
        NotifierChain<VmapPurgeEvent> chain = mock(NotifierChain.class);
        Executor executor = Runnable::run;
        VmapListener listener = new VmapListener() {};
        VmapClock clock = () -> 42;
        FaultInjector faults = site -> true;
        AllocatorConfig c = AllocatorConfig.builder(AddressSpace.x86_64()).ncpus(3).lazyMaxPages(99).maxNotifierRounds(2)
                .purgeChain(chain).listener(listener).clock(clock).lazyPurgeMode(AllocatorConfig.LazyPurgeMode.BACKGROUND)
                .drainExecutor(executor).nonBlockingSkipsNotifier(false).faults(faults).debugChecks(true).build();
        AllocatorConfig d = c.toBuilder().build();
        assertThat(d.space()).isEqualTo(AddressSpace.x86_64());
        assertThat(d.ncpus()).isEqualTo(3);
        assertThat(d.lazyMaxPages()).isEqualTo(99);
        assertThat(d.maxNotifierRounds()).isEqualTo(2);
        assertThat(d.purgeChain()).containsSame(chain);
        assertThat(d.listener()).isSameAs(listener);
        assertThat(d.clock()).isSameAs(clock);
        assertThat(d.lazyPurgeMode()).isEqualTo(AllocatorConfig.LazyPurgeMode.BACKGROUND);
        assertThat(d.drainExecutor()).containsSame(executor);
        assertThat(d.nonBlockingSkipsNotifier()).isFalse();
        assertThat(d.faults()).isSameAs(faults);
        assertThat(d.debugChecks()).isTrue();
    }


    @Test
    @SuppressWarnings("unchecked")
    void pagePoolConfigDefaultsAndValidation() {
        assertThatThrownBy(() -> PagePoolConfig.builder(0)).hasMessage("page pool size 0 must be at least 1 page");
        PagePoolConfig c = PagePoolConfig.builder(1024).build();
        assertThat(c.totalPages()).isEqualTo(1024);
        assertThat(c.shrinkers()).isEmpty();
        assertThat(c.oomChain()).isEmpty();
        ShrinkerRegistry registry = mock(ShrinkerRegistry.class);
        NotifierChain<OomEvent> oom = mock(NotifierChain.class);
        PagePoolConfig full = PagePoolConfig.builder(8).shrinkers(registry).oomChain(oom).build();
        assertThat(full.shrinkers()).containsSame(registry);
        assertThat(full.oomChain()).containsSame(oom);
    }

    /** D3, D12, D14: the switches default to vmapkit's behaviour and survive toBuilder. */
    @Test
    void deviationSwitchesDefaultToVmapkitsBehaviourAndRoundTrip() {
        AllocatorConfig c = AllocatorConfig.builder(AddressSpace.x86_32()).build();
        assertThat(c.rejectImpossibleRequests()).isTrue();
        assertThat(c.nonBlockingPurgeTrylock()).isTrue();
        assertThat(c.freeTreeSearch()).isEqualTo(AllocatorConfig.FreeTreeSearch.LOWEST_FIT);
        assertThat(c.toString()).contains("rejectImpossibleRequests=true", "nonBlockingPurgeTrylock=true",
                "freeTreeSearch=lowest-fit");

        AllocatorConfig kernel = AllocatorConfig.builder(AddressSpace.x86_32()).rejectImpossibleRequests(false)
                .nonBlockingPurgeTrylock(false).freeTreeSearch(AllocatorConfig.FreeTreeSearch.KERNEL_6_X).build();
        AllocatorConfig copy = kernel.toBuilder().build();
        assertThat(copy.rejectImpossibleRequests()).isFalse();
        assertThat(copy.nonBlockingPurgeTrylock()).isFalse();
        assertThat(copy.freeTreeSearch()).isEqualTo(AllocatorConfig.FreeTreeSearch.KERNEL_6_X);
        assertThat(copy.toString()).contains("freeTreeSearch=6.x");
        assertThatThrownBy(() -> AllocatorConfig.builder(AddressSpace.x86_32()).freeTreeSearch(null))
                .isInstanceOf(NullPointerException.class).hasMessage("freeTreeSearch");
    }

    @Test
    void freeTreeSearchIsSpelledLowestFit52Or6x() {
        assertThat(AllocatorConfig.FreeTreeSearch.fromValue("lowest-fit")).isEqualTo(AllocatorConfig.FreeTreeSearch.LOWEST_FIT);
        assertThat(AllocatorConfig.FreeTreeSearch.fromValue("5.2")).isEqualTo(AllocatorConfig.FreeTreeSearch.KERNEL_5_2);
        assertThat(AllocatorConfig.FreeTreeSearch.fromValue(" 6.X ")).isEqualTo(AllocatorConfig.FreeTreeSearch.KERNEL_6_X);
        for (AllocatorConfig.FreeTreeSearch s : AllocatorConfig.FreeTreeSearch.values()) {
            assertThat(AllocatorConfig.FreeTreeSearch.fromValue(s.value())).isEqualTo(s);
        }
        assertThatThrownBy(() -> AllocatorConfig.FreeTreeSearch.fromValue("5.19"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown free-tree search '5.19'; use one of lowest-fit, 5.2, 6.x");
    }

    /** D21: the OOM-round cap is represented and validated as the notifier-round cap (D1). */
    @Test
    void oomRoundCapIsValidatedLikeTheNotifierRoundCapAndABadValueChangesNothing() {
        assertThat(PagePoolConfig.builder(4).build().maxOomRounds()).isEqualTo(PagePoolConfig.DEFAULT_MAX_OOM_ROUNDS).isEqualTo(8);
        assertThat(PagePoolConfig.UNLIMITED_OOM_ROUNDS).isEqualTo(AllocatorConfig.UNLIMITED_NOTIFIER_ROUNDS);
        PagePoolConfig.Builder b = PagePoolConfig.builder(4).maxOomRounds(5);
        assertThatThrownBy(() -> b.maxOomRounds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max OOM rounds 0 must be at least 1, or -1 for unlimited");
        assertThatThrownBy(() -> b.maxOomRounds(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max OOM rounds -2 must be at least 1, or -1 for unlimited");
        assertThatThrownBy(() -> b.maxOomRounds(Integer.MIN_VALUE)).hasMessageContaining(Integer.toString(Integer.MIN_VALUE));
        assertThat(b.build().maxOomRounds()).isEqualTo(5);
        PagePoolConfig unlimited = b.maxOomRounds(PagePoolConfig.UNLIMITED_OOM_ROUNDS).build();
        assertThat(unlimited.maxOomRounds()).isEqualTo(-1);
        assertThat(unlimited.toString()).contains("maxOomRounds=unlimited");
        assertThat(b.maxOomRounds(1).build().toString()).contains("maxOomRounds=1");
    }

}
