package io.vmapkit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmapkit.notifier.NotifierSettings;
import io.vmapkit.api.Errno;
import io.vmapkit.api.notifier.ChainKind;
import io.vmapkit.api.notifier.NotifierBlock;
import io.vmapkit.api.notifier.Notify;
import io.vmapkit.api.notifier.RegistrationException;
import io.vmapkit.notifier.NotifierConfig.DuplicatePolicy;
import io.vmapkit.api.vmap.AllocFlag;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.api.vmap.VmapPurgeEvent;
import io.vmapkit.api.vmap.VmapRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/fidelity.md §9 as a host sees it through a {@link VmapSystem}: the vmap purge notifier chain
 * {@code vmap_notify_list} is a static blocking chain, registration returns the blocking chain's
 * results, and the allocator calls it on the allocating thread. Listed in {@code docs/fidelity.md}.
 */
class PurgeNotifierFidelityTest {

    private static final long PAGE = 4096;

    /**
     * §9.1: the purge notifier chain is the blocking chain {@code vmap_notify_list}; §9.2: the
     * allocator calls it on the thread whose allocation ran out of space, with action 0 and a
     * {@code freed} that starts at 0.
     */
    @Test
    void vmapPurgeNotifierChainIsTheBlockingChainVmapNotifyListCalledOnTheAllocatingThread() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        try (VmapSystem system = Fixtures.kit().build()) {
            system.start();
            assertThat(system.purgeChain().name()).isEqualTo("vmap_notify_list");
            assertThat(system.purgeChain().kind()).isEqualTo(ChainKind.BLOCKING);
            VmapArea[] cached = new VmapArea[1];
            system.purgeChain().register(NotifierBlock.of("cache", 0, (action, event) -> {
                calls.add("action=" + action + " freed=" + event.freed() + " thread=" + Thread.currentThread().getName());
                if (cached[0] != null) {
                    system.allocator().free(cached[0]);
                    cached[0] = null;
                    event.add(1);
                }
                return Notify.DONE;
            }));
            cached[0] = system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());
            List<VmapArea> filler = new ArrayList<>();
            while (system.allocator().stats().freeBytes() > 0) {
                filler.add(system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build()));
            }

            VmapArea got = system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());

            assertThat(got).isNotNull();
            assertThat(calls).containsExactly("action=0 freed=0 thread=" + Thread.currentThread().getName());
            assertThat(filler).isNotEmpty();
        }
    }

    /**
     * §9.1: {@code register_vmap_purge_notifier} / {@code unregister_vmap_purge_notifier} return the
     * blocking chain's results: a duplicate is {@code -EEXIST} (≈5.17+, the default) and an absent
     * block {@code -ENOENT}; under the 2019–≈5.16 policy a duplicate is warned about and ignored.
     */
    @Test
    void registerVmapPurgeNotifierReturnsTheBlockingChainsEexistAndEnoent() {
        NotifierBlock<VmapPurgeEvent> block = NotifierBlock.of("i915", 0, (action, event) -> Notify.DONE);
        NotifierBlock<VmapPurgeEvent> stranger = NotifierBlock.of("stranger", 0, (action, event) -> Notify.DONE);
        try (VmapSystem system = Fixtures.kit().build()) {
            system.start();
            system.purgeChain().register(block);
            assertThatThrownBy(() -> system.purgeChain().register(block))
                    .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
            assertThatThrownBy(() -> system.purgeChain().unregister(stranger))
                    .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            assertThat(system.purgeChain().blocks()).containsExactly(block);
            system.purgeChain().unregister(block);
            assertThat(system.purgeChain().isEmpty()).isTrue();
        }
        try (VmapSystem system = Fixtures.kit().configure(c -> c.set(NotifierSettings.DUPLICATE_BLOCKS, DuplicatePolicy.WARN_AND_IGNORE)).build()) {
            system.start();
            system.purgeChain().register(block);
            system.purgeChain().register(block);
            assertThat(system.purgeChain().blocks()).containsExactly(block);
        }
    }

    /**
     * §8.7 on the vmap purge chain: a callback that registers or unregisters on the chain it is
     * called from would self-deadlock in the kernel (the rwsem is held for read); here it gets an
     * {@link IllegalStateException}, the chain is unchanged, and the allocation goes on.
     */
    @Test
    void purgeNotifierThatMutatesItsOwnChainDuringAnAllocationGetsIllegalStateException() {
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        NotifierBlock<VmapPurgeEvent> other = NotifierBlock.of("other", 0, (action, event) -> Notify.DONE);
        try (VmapSystem system = Fixtures.kit().build()) {
            system.start();
            NotifierBlock<VmapPurgeEvent>[] self = newBlockArray();
            self[0] = NotifierBlock.of("meddler", 0, (action, event) -> {
                try {
                    system.purgeChain().register(other);
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
                try {
                    system.purgeChain().unregister(self[0]);
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
                return Notify.DONE;
            });
            system.purgeChain().register(self[0]);
            while (system.allocator().stats().freeBytes() > 0) {
                system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_GUARD).build());
            }

            assertThatThrownBy(() -> system.allocator().allocate(VmapRequest.builder(PAGE).flags(AllocFlag.NO_WARN).build()))
                    .isInstanceOfSatisfying(io.vmapkit.api.vmap.VmapAllocationException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));

            assertThat(refused).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("vmap_notify_list"));
            assertThat(system.purgeChain().blocks()).containsExactly(self[0]);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is made from the raw type
    private static NotifierBlock<VmapPurgeEvent>[] newBlockArray() {
        return new NotifierBlock[1];
    }
}
